/**
 * What a screen reader hears of the board's live activity, through the page's one polite live
 * region. A live region says what its text became: two board changes 17 ms apart would overwrite
 * each other before the first was heard, and a claim storm at the start of a bug day, read line by
 * line, would drown the chat. So the first change is said at once, and whatever comes while it is
 * being heard waits and is said a pace later, summarised: at most one announcement a second.
 */
import type { ActivityLine, ActivityParts } from './activity.ts';

/** Past this many characters a summary stops naming changes and counts the rest. */
export const SUMMARY_MAX_CHARS = 300;
/** A list of issues names this many at most: "#1, #2, #3 and 5 more". */
const ISSUES_NAMED = 4;
/** Room kept for "; and 9999 more changes". */
const TAIL_CHARS = 24;

interface Group {
  /** How many lines it stands for. */
  lines: number;
  /** Its first line's text: how a line without parts is said. */
  text: string;
  parts?: ActivityParts;
  /** The issues, each once, in the order they came. */
  whats: Set<string>;
}

/** "a", "a and b", "a, b and c"; a long list names its first few and counts the rest. */
function listOf(items: readonly string[]): string {
  const named = items.length > ISSUES_NAMED ? [...items.slice(0, ISSUES_NAMED - 1), `${items.length - ISSUES_NAMED + 1} more`] : items;
  return named.length < 2 ? (named[0] ?? '') : `${named.slice(0, -1).join(', ')} and ${named.at(-1)}`;
}

function phrase(group: Group): string {
  if (group.parts) {
    const { who, verb, after } = group.parts;
    return `${who} ${verb} ${listOf([...group.whats])}${after}`;
  }
  return group.lines > 1 ? `${group.text} (${group.lines} times)` : group.text;
}

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`);

/**
 * One sentence for a batch of lines, in the order they came: the same person doing the same thing
 * to several issues is said once ("carol claimed #4191 and #4198"), the same line again is counted,
 * different ones are joined with "; ", and past `maxChars` the rest is counted ("and 5 more changes").
 */
export function summarise(lines: readonly ActivityLine[], maxChars = SUMMARY_MAX_CHARS): string {
  const groups = new Map<string, Group>();
  for (const line of lines) {
    const key = line.parts ? JSON.stringify([line.parts.who, line.parts.verb, line.parts.after]) : `text:${line.text}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { lines: 0, text: line.text, ...(line.parts ? { parts: line.parts } : {}), whats: new Set() }));
    group.lines += 1;
    if (line.parts) group.whats.add(line.parts.what);
  }

  let said = '';
  let unsaid = lines.length;
  for (const group of groups.values()) {
    const next = said ? `${said}; ${phrase(group)}` : phrase(group);
    const room = unsaid > group.lines ? maxChars - TAIL_CHARS : maxChars;
    if (said && next.length > room) break;
    // The first change is always said, cut short if it must be (a help flag's note can be long).
    said = clip(next, room);
    unsaid -= group.lines;
  }
  return unsaid > 0 ? `${said}; and ${unsaid} more change${unsaid === 1 ? '' : 's'}` : said;
}

export const ANNOUNCE_PACE_MS = 1_000;

/**
 * Takes activity lines as they happen and hands `say` what the live region should read: the
 * first batch at once, then what came meanwhile, summarised, at most once every `paceMs`.
 */
export class AnnouncementQueue {
  readonly #say: (text: string) => void;
  readonly #paceMs: number;
  #pending: ActivityLine[] = [];
  /** Set while a pace runs since the last announcement; lines then wait for it. */
  #timer: ReturnType<typeof setTimeout> | undefined;
  #said = '';

  constructor(say: (text: string) => void, options: { paceMs?: number } = {}) {
    this.#say = say;
    this.#paceMs = options.paceMs ?? ANNOUNCE_PACE_MS;
  }

  /** Lines that have just happened, oldest first. */
  add(lines: readonly ActivityLine[]) {
    if (lines.length === 0) return;
    this.#pending.push(...lines);
    if (this.#timer === undefined) this.#flush();
  }

  /** Stops the pace; what waits is dropped. */
  dispose() {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#pending = [];
  }

  readonly #flush = () => {
    this.#timer = undefined;
    // A pace that ends with nothing waiting leaves the queue idle: the next line is said at once.
    if (this.#pending.length === 0) return;
    const text = summarise(this.#pending);
    this.#pending = [];
    // The same words again would leave the region's text as it was, and an unchanged region says nothing.
    this.#said = text === this.#said ? `${text}\u00a0` : text;
    this.#say(this.#said);
    this.#timer = setTimeout(this.#flush, this.#paceMs);
  };
}
