/**
 * The board's filter as the page holds it, kept in the page address: read on
 * load, so a link copied from the address bar opens the same view, and again
 * when Back or Forward brings another address; written with replaceState, so
 * neither a keystroke nor a checkbox adds a history entry and Back still
 * leaves the page or closes the card panel (the #hash, which stays as it is).
 * Typing is written once it pauses: a replaceState costs Chromium some 10 ms,
 * and a browser ignores a page that calls it hundreds of times in a few seconds.
 *
 * Made while a component initialises: its popstate listener is that component's.
 */
import { EMPTY_FILTER, filterQuery, parseFilter, withFilter, type BoardFilter } from './board-filter.ts';

/** Everything the filter says but its free text, which the search box holds as typed. */
export type FilterChoices = Omit<BoardFilter, 'text'>;

/** How long typing must pause before the address follows it. */
const TYPING_MS = 300;

/** The free text as the filter reads it: "  parser  " and "parser" ask for the same. */
const readText = (text: string) => parseFilter(new URLSearchParams({ q: text })).text;

const { text: _noText, ...NO_CHOICES } = EMPTY_FILTER;

export class FilterAddress {
  /** What the search box holds, as typed: a space typed last stays in the box, not in the link. */
  text = $state('');
  choices: FilterChoices = $state({ ...NO_CHOICES });
  readonly filter: BoardFilter = $derived({ ...this.choices, text: this.text });
  /** The filter as the link says it; '' keeps every card. */
  readonly query = $derived(filterQuery(this.filter));
  /** Counts the changes to what the filter asks, by the person or by Back, not the load: saying how many match waits for one. */
  changes = $state(0);
  /** The query last read or written: a space typed changes the box, not what it asks. */
  #asked = '';
  #typing: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    this.#read();
    // An effect for its teardown: the listener goes with the component, and typing not yet written is.
    $effect(() => {
      const onpopstate = () => {
        const before = this.#asked;
        this.#read();
        if (this.#asked !== before) this.changes += 1;
      };
      window.addEventListener('popstate', onpopstate);
      return () => {
        window.removeEventListener('popstate', onpopstate);
        if (this.#typing !== undefined) this.#write();
      };
    });
  }

  search(text: string) {
    this.text = text;
    if (this.#changed()) {
      clearTimeout(this.#typing);
      this.#typing = setTimeout(() => this.#write(), TYPING_MS);
    }
  }

  choose(parts: Partial<FilterChoices>) {
    this.choices = { ...this.choices, ...parts };
    if (this.#changed()) this.#write();
  }

  clear() {
    this.text = '';
    this.choices = { ...NO_CHOICES };
    if (this.#changed()) this.#write();
  }

  #read() {
    const { text, ...choices } = parseFilter(location.search);
    this.choices = choices;
    if (readText(this.text) !== text) this.text = text;
    this.#asked = this.query;
  }

  /** Whether the filter asks something new; counted as a change when it does. */
  #changed(): boolean {
    if (this.query === this.#asked) return false;
    this.#asked = this.query;
    this.changes += 1;
    return true;
  }

  /** The address as the filter is now, typing included. */
  #write() {
    clearTimeout(this.#typing);
    this.#typing = undefined;
    const search = withFilter(location.search, this.filter);
    if (search === location.search) return;
    const { pathname, hash } = location;
    history.replaceState(history.state, '', `${pathname}${search}${hash}`);
  }
}
