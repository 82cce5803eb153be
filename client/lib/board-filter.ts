/**
 * The board's filter bar, without its UI: what a filter is, how it reads from
 * and writes to the page address (so a link pasted into chat opens the same
 * view, for a lurker too), which cards it keeps, and the "12 of 340" counts.
 *
 * The address is typed by hand as often as it is copied, so reading it never
 * fails: unknown keys and values that mean nothing are dropped, and it is
 * bounded. Writing it is canonical: filters that mean the same give the same
 * link, and reading that link back gives the filter again.
 */
import { COLUMNS, ISSUE_TYPES, LIMITS, type BoardState, type Column, type Issue, type IssueType } from '../../shared/protocol.ts';
import { isHolder } from '../../shared/domain/state.ts';

export interface BoardFilter {
  /** Free text: every word must be in the title, the #number or a label. */
  text: string;
  types: IssueType[];
  labels: string[];
  columns: Column[];
  /** Nobody holds it. */
  unclaimed: boolean;
  /** The viewer holds it, as claimant or co-worker. */
  mine: boolean;
  /** Its lease ran out. */
  stale: boolean;
  /** It has the label the organizer names as right for a first-timer. */
  friendly: boolean;
}

/** Shared: copy it to change it (`{ ...EMPTY_FILTER, stale: true }`). */
export const EMPTY_FILTER: Readonly<BoardFilter> = Object.freeze({
  text: '',
  types: [],
  labels: [],
  columns: [],
  unclaimed: false,
  mine: false,
  stale: false,
  friendly: false,
});

/** The longest free text kept, as long as a title may be. */
export const FILTER_TEXT_MAX = LIMITS.title;

/** What a hand-typed flag may say to be on (`?mine` alone too); anything else leaves it off. */
const ON = new Set(['', '1', 'true', 'yes', 'on']);

/** Reads the query part of the page address (`location.search`, with or without its "?"). */
export function parseFilter(search: string | URLSearchParams): BoardFilter {
  const params = typeof search === 'string' ? new URLSearchParams(search) : search;
  const flag = (key: string) => {
    const value = params.get(key);
    return value !== null && ON.has(value.trim().toLowerCase());
  };
  return canonical({
    text: params.get('q') ?? '',
    // A comma list is what people type; a repeated key is what filterQuery writes.
    types: params.getAll('type').flatMap((value) => value.split(',')),
    labels: params.getAll('label'),
    columns: params.getAll('column').flatMap((value) => value.split(',')),
    // `free` is what the issue's own example links say.
    unclaimed: flag('free'),
    mine: flag('mine'),
    stale: flag('stale'),
    friendly: flag('friendly'),
  });
}

/**
 * The query string for a filter, without "?": keys in alphabetical order,
 * types and columns in board order, labels sorted; '' for a filter that keeps
 * every card.
 */
export function filterQuery(filter: BoardFilter): string {
  const clean = canonical(filter);
  const params = new URLSearchParams();
  for (const column of clean.columns) params.append('column', column);
  if (clean.unclaimed) params.append('free', '1');
  if (clean.friendly) params.append('friendly', '1');
  for (const label of clean.labels) params.append('label', label);
  if (clean.mine) params.append('mine', '1');
  if (clean.text) params.append('q', clean.text);
  if (clean.stale) params.append('stale', '1');
  for (const type of clean.types) params.append('type', type);
  return params.toString();
}

/** Keeps every card. */
export const isEmpty = (filter: BoardFilter): boolean => filterQuery(filter) === '';

/**
 * Whether a card passes the filter. Each kind narrows (AND), values within a
 * kind widen (OR: type=bug&type=docs is either). `mine` matches nothing for a
 * viewer who has not joined (`me` null), and `friendly` nothing while the
 * event names no friendly label: a link asking for them shows an empty board
 * rather than silently showing everything.
 *
 * Everything the filter asks is worked out here, once; the function returned
 * is run for every card on every keystroke.
 */
export function matcher(_state: BoardState, filter: BoardFilter, me: string | null, friendlyLabel?: string): (issue: Issue) => boolean {
  const clean = canonical(filter);
  const tests: Array<(issue: Issue) => boolean> = [];
  if (clean.columns.length) {
    const columns = new Set<Column>(clean.columns);
    tests.push((issue) => columns.has(issue.column));
  }
  if (clean.types.length) {
    const types = new Set<IssueType>(clean.types);
    tests.push((issue) => types.has(issue.type));
  }
  if (clean.unclaimed) tests.push((issue) => !issue.claimant);
  if (clean.stale) tests.push((issue) => issue.staleAt !== undefined);
  if (clean.mine) tests.push(me === null ? none : (issue) => isHolder(issue, me));
  if (clean.labels.length) tests.push(hasLabel(clean.labels));
  if (clean.friendly) {
    const friendly = friendlyLabel?.trim();
    tests.push(friendly ? hasLabel([friendly]) : none);
  }
  const words = searchWords(clean.text);
  if (words.length) tests.push(hasWords(words));
  if (tests.length === 0) return all;
  if (tests.length === 1) return tests[0]!;
  return (issue) => tests.every((test) => test(issue));
}

/**
 * The cards of each column that the filter keeps, in the column's order. The
 * board groups its cards once per change of the board; this is what runs on
 * a keystroke, and its lengths beside the columns' own are the "12 of 340".
 */
export function keptByColumn(columns: Readonly<Record<Column, readonly Issue[]>>, match: (issue: Issue) => boolean): Record<Column, Issue[]> {
  return Object.fromEntries(COLUMNS.map((column) => [column, columns[column].filter(match)])) as Record<Column, Issue[]>;
}

/** Every label on the board once, whatever its case or accents (the first spelling kept), in the order the filter sorts labels. */
export function boardLabels(state: BoardState): string[] {
  const byKey = new Map<string, string>();
  const { issues, issueOrder } = state;
  for (let at = 0, length = issueOrder.length; at < length; at += 1) {
    const issue = issues[issueOrder[at]!]!;
    const keys = searchable(issue).labels;
    keys.forEach((key, index) => {
      if (!byKey.has(key)) byKey.set(key, issue.labels[index]!);
    });
  }
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, label]) => label);
}

/** Whether two spellings name one label for the filter ("Easy" and "easy"). */
export const sameLabel = (a: string, b: string): boolean => fold(a.trim()) === fold(b.trim());

/** The keys of the page address the filter reads and writes. */
const KEYS = ['q', 'type', 'label', 'column', 'free', 'mine', 'stale', 'friendly'];

/**
 * The page address's query (`location.search`) once it says `filter`: the
 * filter's keys rewritten, any other key left as it was, '' for nothing left.
 */
export function withFilter(search: string, filter: BoardFilter): string {
  const params = new URLSearchParams(search);
  for (const key of KEYS) params.delete(key);
  const others = params.toString();
  const query = [others, filterQuery(filter)].filter(Boolean).join('&');
  return query ? `?${query}` : '';
}

const all = () => true;
const none = () => false;

/** What canonical() accepts: an address gives any strings for types and columns. */
type LooseFilter = Omit<BoardFilter, 'types' | 'columns'> & { types: readonly string[]; columns: readonly string[] };

/**
 * The one shape of a filter, whoever built it: text with its spaces collapsed
 * and cut to length, only known types and columns (in board order, once each),
 * labels trimmed, within a label's length, once each (ignoring case and
 * accents, the first spelling kept), at most LIMITS.labels, sorted.
 */
function canonical(filter: LooseFilter): BoardFilter {
  return {
    text: cut(filter.text.replace(/\s+/g, ' ').trim(), FILTER_TEXT_MAX),
    types: known(ISSUE_TYPES, filter.types),
    labels: distinctLabels(filter.labels),
    columns: known(COLUMNS, filter.columns),
    unclaimed: filter.unclaimed === true,
    mine: filter.mine === true,
    stale: filter.stale === true,
    friendly: filter.friendly === true,
  };
}

function known<T extends string>(values: readonly T[], asked: readonly string[]): T[] {
  const wanted = new Set(asked.map((value) => value.trim().toLowerCase()));
  return values.filter((value) => wanted.has(value));
}

function distinctLabels(asked: readonly string[]): string[] {
  const byKey = new Map<string, string>();
  for (const raw of asked) {
    if (byKey.size === LIMITS.labels) break;
    const label = raw.trim();
    const key = fold(label);
    if (label && label.length <= LIMITS.label && !byKey.has(key)) byKey.set(key, label);
  }
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, label]) => label);
}

/** At most `max` UTF-16 units without splitting a character in two. */
function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = /[\uD800-\uDBFF]/.test(text[max - 1]!) ? max - 1 : max;
  return text.slice(0, end).trimEnd();
}

/**
 * Case and accents do not count: "Éditeur" finds "editeur" and back. NFKD
 * also folds compatibility forms (full-width digits, ligatures). Printable
 * ASCII, most titles and labels, needs only lower-casing.
 */
function fold(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return text.toLowerCase();
  // Decomposed before lower-casing, so that "İ" loses its dot like any other mark.
  return text.normalize('NFKD').toLowerCase().replace(/\p{M}/gu, '');
}

/** A lone "#" is a number about to be typed, not a word to look for. */
function searchWords(text: string): string[] {
  return fold(text)
    .split(/\s+/)
    .filter((word) => word && word !== '#');
}

function hasLabel(labels: readonly string[]): (issue: Issue) => boolean {
  const wanted = new Set(labels.map(fold));
  return (issue) => searchable(issue).labels.some((label) => wanted.has(label));
}

/**
 * Every word somewhere: "#12" only in the number (as the start of it, so the
 * list narrows while a number is typed), "12" in the number or the text, any
 * other word in the title or a label, anywhere in it.
 */
function hasWords(words: readonly string[]): (issue: Issue) => boolean {
  const tests = words.map((word): ((text: string, number: string) => boolean) => {
    const digits = /^#(\d+)$/.exec(word)?.[1];
    if (digits !== undefined) return (_text, number) => number.startsWith(digits);
    if (/^\d+$/.test(word)) return (text, number) => number.startsWith(word) || text.includes(word);
    return (text) => text.includes(word);
  });
  // Not read at all when no word could be a number: on the page every read of a card costs.
  const numeric = words.some((word) => /^#?\d+$/.test(word));
  return (issue) => {
    const { text } = searchable(issue);
    const number = numeric && issue.number !== undefined ? String(issue.number) : '';
    return tests.every((test) => test(text, number));
  };
}

interface Searchable {
  /** What it was made from. */
  from: { title: string; labels: readonly string[] };
  /** Title and labels folded, one a line: a word never holds a line break, so it cannot match across two of them. */
  text: string;
  labels: string[];
}

/**
 * Folding every title on every keystroke was most of a keystroke's time, so
 * each card's folded text is kept while the card is. apply updates a card in
 * place, so the same object is seen again after a move or a claim; its title
 * and labels are set when it is created, and checking that they are still the
 * ones folded costs two reads.
 */
const folded = new WeakMap<Issue, Searchable>();

function searchable(issue: Issue): Searchable {
  const { title, labels } = issue;
  const known = folded.get(issue);
  if (known && known.from.title === title && known.from.labels === labels) return known;
  const keys = labels.map(fold);
  const fresh = { from: { title, labels }, text: [fold(title), ...keys].join('\n'), labels: keys };
  folded.set(issue, fresh);
  return fresh;
}
