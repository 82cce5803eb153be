import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boardLabels, EMPTY_FILTER, filterQuery, isEmpty, keptByColumn, matcher, parseFilter, sameLabel, withFilter, type BoardFilter } from '../../client/lib/board-filter.ts';
import { emptyState } from '../../shared/domain/state.ts';
import { COLUMNS, LIMITS, type BoardState, type Column, type Issue } from '../../shared/protocol.ts';

const filter = (parts: Partial<BoardFilter>): BoardFilter => ({ ...EMPTY_FILTER, ...parts });

const card = (id: string, parts: Partial<Issue>): Issue => ({
  id,
  title: `Card ${id}`,
  type: 'bug',
  labels: [],
  column: 'open',
  createdBy: 'org',
  createdAt: 0,
  patches: [],
  reports: [],
  checks: [],
  ...parts,
});

const CARDS: Issue[] = [
  card('a', { number: 123, title: 'Parser crash on empty input', labels: ['crash', 'easy'] }),
  card('b', { number: 1234, title: 'Éditeur freezes when saving', labels: ['ui'], column: 'in-progress', claimant: 'ana', pair: ['ben'], staleAt: 50 }),
  card('c', { number: 45, title: 'Typo in the contributing guide', type: 'docs', labels: ['Easy', 'docs'] }),
  card('d', { title: 'Python 3.12 support for the parser', type: 'feature', column: 'review', claimant: 'ben' }),
  card('e', { number: 9, title: 'Document the editeur plugin API', type: 'docs', labels: ['api'], column: 'done', fixedBy: 'cat' }),
  card('f', { number: 77, title: 'Crash reporter sends nothing', type: 'other', labels: ['crash'], column: 'in-progress', claimant: 'cat', staleAt: 80 }),
];

function board(cards: Issue[]): BoardState {
  const state = emptyState();
  for (const issue of cards) {
    state.issues[issue.id] = issue;
    state.issueOrder.push(issue.id);
  }
  return state;
}

const BOARD = board(CARDS);
const shown = (parts: Partial<BoardFilter>, me: string | null = 'ben', friendly?: string) =>
  CARDS.filter(matcher(BOARD, filter(parts), me, friendly)).map((issue) => issue.id);

describe('parseFilter', () => {
  it.each<[string, Partial<BoardFilter>]>([
    ['q=parser+crash', { text: 'parser crash' }],
    ['?q=parser%20crash', { text: 'parser crash' }],
    ['q=%20%20parser%09%09crash%20', { text: 'parser crash' }],
    ['type=docs', { types: ['docs'] }],
    ['type=docs&type=bug', { types: ['bug', 'docs'] }],
    ['type=docs,bug', { types: ['bug', 'docs'] }],
    ['type=%20Docs%20', { types: ['docs'] }],
    ['label=easy', { labels: ['easy'] }],
    ['label=ui&label=easy', { labels: ['easy', 'ui'] }],
    ['label=good+first+issue', { labels: ['good first issue'] }],
    ['column=review', { columns: ['review'] }],
    ['column=review,open&column=done', { columns: ['open', 'review', 'done'] }],
    ['free=1', { unclaimed: true }],
    ['mine=1', { mine: true }],
    ['stale=true', { stale: true }],
    ['friendly=1', { friendly: true }],
    ['mine', { mine: true }],
    ['type=docs&label=easy&free=1', { types: ['docs'], labels: ['easy'], unclaimed: true }],
  ])('reads %s', (query, expected) => {
    expect(parseFilter(query)).toEqual(filter(expected));
  });

  it('reads URLSearchParams as it reads a string', () => {
    expect(parseFilter(new URLSearchParams([['label', 'easy'], ['stale', '1']]))).toEqual(filter({ labels: ['easy'], stale: true }));
  });

  it.each([
    'type=epic',
    'type=,,',
    'column=backlog',
    'free=0',
    'free=no',
    'mine=banana',
    'unclaimed=1',
    'label=&label=%20',
    `label=${'x'.repeat(LIMITS.label + 1)}`,
    'q=%20%20',
    '&&=&',
    'type[]=bug',
  ])('ignores %s', (query) => {
    expect(parseFilter(query)).toEqual(EMPTY_FILTER);
  });

  it('keeps the good values beside the bad', () => {
    expect(parseFilter('type=bug,epic&column=nowhere&column=ready&free=maybe&stale=1&colour=red')).toEqual(
      filter({ types: ['bug'], columns: ['ready'], stale: true }),
    );
  });

  it('keeps a label once, whatever its case or accents, as first spelled', () => {
    expect(parseFilter('label=Easy&label=easy&label=%C3%A9asy&label=ui').labels).toEqual(['Easy', 'ui']);
  });

  it(`keeps at most ${LIMITS.labels} labels and ${LIMITS.title} characters of text`, () => {
    const labels = Array.from({ length: LIMITS.labels + 5 }, (_, i) => `label=l${String(i).padStart(2, '0')}`).join('&');
    expect(parseFilter(labels).labels).toEqual(Array.from({ length: LIMITS.labels }, (_, i) => `l${String(i).padStart(2, '0')}`));
    expect(parseFilter(`q=${'a'.repeat(300)}`).text).toBe('a'.repeat(LIMITS.title));
    // A character made of two UTF-16 units at the limit is dropped whole, not cut in half.
    expect(parseFilter(`q=${'a'.repeat(LIMITS.title - 1)}${encodeURIComponent('🐛')}`).text).toBe('a'.repeat(LIMITS.title - 1));
  });

  it('never throws, whatever the address says', () => {
    fc.assert(
      fc.property(fc.string(), (query) => {
        const parsed = parseFilter(query);
        expect(parsed.labels.length).toBeLessThanOrEqual(LIMITS.labels);
        expect(parsed.text.length).toBeLessThanOrEqual(LIMITS.title);
      }),
    );
  });
});

describe('filterQuery', () => {
  const full = filter({
    text: 'parser crash',
    types: ['docs', 'bug'],
    labels: ['ui', 'easy'],
    columns: ['review', 'open'],
    unclaimed: true,
    mine: true,
    stale: true,
    friendly: true,
  });

  it('writes keys in alphabetical order, types and columns in board order, labels sorted', () => {
    expect(filterQuery(full)).toBe('column=open&column=review&free=1&friendly=1&label=easy&label=ui&mine=1&q=parser+crash&stale=1&type=bug&type=docs');
  });

  it('gives one link for filters that mean the same', () => {
    const shuffled = filter({ ...full, text: '  parser   crash ', types: ['bug', 'docs', 'bug'], labels: ['easy', 'ui', 'EASY'], columns: ['open', 'review'] });
    expect(filterQuery(shuffled)).toBe(filterQuery(full));
    expect(filterQuery(filter({ types: ['docs'], labels: ['easy'], unclaimed: true }))).toBe('free=1&label=easy&type=docs');
  });

  it.each<[string, Partial<BoardFilter>]>([
    ['nothing', {}],
    ['blank text', { text: ' \t ' }],
  ])('writes nothing for %s', (_, parts) => {
    expect(filterQuery(filter(parts))).toBe('');
  });

  it.each([
    filter({ text: 'crash' }),
    filter({ text: 'ümlaut & #12 50%' }),
    filter({ labels: ['a&b', 'c=d', 'good first issue'] }),
    filter({ columns: ['done'], mine: true }),
    { ...EMPTY_FILTER },
  ])('is read back as the same filter: %j', (value) => {
    expect(parseFilter(filterQuery(value))).toEqual(value);
  });

  it('round-trips whatever an address made, and its link stays the same', () => {
    const value = fc.oneof(fc.constantFrom('', '1', '0', 'bug', 'docs,feature', 'open', 'review,done', 'easy', 'Easy', 'yes'), fc.string());
    const key = fc.constantFrom('q', 'type', 'label', 'column', 'free', 'mine', 'stale', 'friendly', 'other');
    fc.assert(
      fc.property(fc.array(fc.tuple(key, value), { maxLength: 20 }), (pairs) => {
        const parsed = parseFilter(new URLSearchParams(pairs));
        const link = filterQuery(parsed);
        expect(parseFilter(link)).toEqual(parsed);
        expect(filterQuery(parseFilter(link))).toBe(link);
      }),
    );
  });
});

describe('isEmpty', () => {
  it.each<[Partial<BoardFilter>, boolean]>([
    [{}, true],
    [{ text: '   ' }, true],
    [{ text: 'x' }, false],
    [{ types: ['docs'] }, false],
    [{ labels: ['easy'] }, false],
    [{ columns: ['open'] }, false],
    [{ unclaimed: true }, false],
    [{ mine: true }, false],
    [{ stale: true }, false],
    [{ friendly: true }, false],
  ])('%j → %s', (parts, empty) => {
    expect(isEmpty(filter(parts))).toBe(empty);
  });
});

describe('matcher', () => {
  it.each<[string, Partial<BoardFilter>, string[]]>([
    ['no filter keeps every card', {}, ['a', 'b', 'c', 'd', 'e', 'f']],
    ['a type', { types: ['docs'] }, ['c', 'e']],
    ['types widen each other', { types: ['docs', 'other'] }, ['c', 'e', 'f']],
    ['a label, whatever its case', { labels: ['EASY'] }, ['a', 'c']],
    ['labels widen each other', { labels: ['ui', 'api'] }, ['b', 'e']],
    ['a column', { columns: ['in-progress'] }, ['b', 'f']],
    ['columns widen each other', { columns: ['review', 'done'] }, ['d', 'e']],
    ['unclaimed: nobody holds it', { unclaimed: true }, ['a', 'c', 'e']],
    ['mine: claimant or co-worker', { mine: true }, ['b', 'd']],
    ['stale', { stale: true }, ['b', 'f']],
    ['kinds narrow each other', { types: ['docs'], labels: ['easy'], unclaimed: true }, ['c']],
    ['type and column', { types: ['bug', 'other'], columns: ['in-progress'] }, ['b', 'f']],
    ['mine and stale', { mine: true, stale: true }, ['b']],
    ['unclaimed and mine: nobody holds it and I do', { unclaimed: true, mine: true }, []],
    ['text and a kind', { text: 'crash', stale: true }, ['f']],
  ])('%s', (_, parts, expected) => {
    expect(shown(parts)).toEqual(expected);
  });

  it.each<[string, string[]]>([
    ['crash', ['a', 'f']],
    ['CRASH', ['a', 'f']],
    ['parser crash', ['a']],
    ['crash parser', ['a']],
    ['pars', ['a', 'd']],
    ['editeur', ['b', 'e']],
    ['ÉDITEUR', ['b', 'e']],
    ['éditéur', ['b', 'e']],
    ['easy', ['a', 'c']],
    ['crash easy', ['a']],
    ['docs guide', ['c']],
    ['#123', ['a', 'b']],
    ['#1234', ['b']],
    ['123', ['a', 'b']],
    ['12', ['a', 'b', 'd']],
    ['#12', ['a', 'b']],
    ['#9', ['e']],
    ['#', ['a', 'b', 'c', 'd', 'e', 'f']],
    ['# crash', ['a', 'f']],
    ['#77 crash', ['f']],
    ['#45 crash', []],
    ['zebra', []],
  ])('free text %j', (text, expected) => {
    expect(shown({ text })).toEqual(expected);
  });

  it.each<[string, string, boolean]>([
    ['cafe creme', 'Café crème menu', true],
    ['CAFÉ', 'cafe', true],
    ['istanbul', 'İstanbul time zone', true],
    ['İSTANBUL', 'istanbul', true],
    ['parser', 'ＰＡＲＳＥＲ in full width', true],
    ['file', 'ﬁle dialog', true],
    ['cafe', 'Coffee', false],
  ])('folds case, accents and compatibility forms: %j in %j', (text, title, found) => {
    const only = card('x', { title });
    expect(matcher(board([only]), filter({ text }), null)(only)).toBe(found);
  });

  it('follows a card whose title or labels change in place', () => {
    const changing = card('x', { title: 'Old name', labels: ['ui'] });
    const state = board([changing]);
    const byText = matcher(state, filter({ text: 'new' }), null);
    const byLabel = matcher(state, filter({ labels: ['docs'] }), null);
    expect([byText(changing), byLabel(changing)]).toEqual([false, false]);
    changing.title = 'New name';
    changing.labels = ['docs'];
    expect([byText(changing), byLabel(changing)]).toEqual([true, true]);
  });

  it('mine: a lurker holds nothing', () => {
    expect(shown({ mine: true }, null)).toEqual([]);
    expect(shown({ mine: true }, 'ana')).toEqual(['b']);
    expect(shown({ mine: true }, 'cat')).toEqual(['f']);
  });

  it.each<[string | undefined, string[]]>([
    ['easy', ['a', 'c']],
    [' Easy ', ['a', 'c']],
    ['ui', ['b']],
    ['', []],
    [undefined, []],
  ])('friendly with the label %j', (label, expected) => {
    expect(shown({ friendly: true }, 'ben', label)).toEqual(expected);
    // The friendly label only counts when asked for.
    expect(shown({}, 'ben', label)).toHaveLength(CARDS.length);
  });

  it('friendly with other labels: both must hold', () => {
    expect(shown({ friendly: true, labels: ['crash'] }, 'ben', 'easy')).toEqual(['a']);
  });

  it('ignores what a filter object holds that no address could say', () => {
    const odd = filter({ types: ['epic' as never], columns: ['backlog' as never] });
    expect(shown(odd)).toHaveLength(CARDS.length);
  });
});

const columnsOf = (state: BoardState) =>
  Object.fromEntries(COLUMNS.map((column) => [column, state.issueOrder.map((id) => state.issues[id]!).filter((issue) => issue.column === column)])) as Record<Column, Issue[]>;

describe('keptByColumn', () => {
  it('keeps in each column what the filter keeps, in the column’s order, with empty columns empty', () => {
    const kept = keptByColumn(columnsOf(BOARD), matcher(BOARD, filter({ text: 'crash' }), null));
    expect(Object.fromEntries(COLUMNS.map((column) => [column, kept[column].map((issue) => issue.id)]))).toEqual({
      open: ['a'],
      'in-progress': ['f'],
      review: [],
      ready: [],
      done: [],
    });
  });

  it('keeps every card for an empty filter, and leaves the columns it was given alone', () => {
    const columns = columnsOf(BOARD);
    const kept = keptByColumn(columns, matcher(BOARD, EMPTY_FILTER, null));
    for (const column of COLUMNS) {
      expect(kept[column]).toEqual(columns[column]);
      expect(kept[column]).not.toBe(columns[column]);
    }
  });
});

describe('boardLabels', () => {
  it('lists each label once, whatever its case, as first spelled on the board, sorted', () => {
    expect(boardLabels(BOARD)).toEqual(['api', 'crash', 'docs', 'easy', 'ui']);
    const accents = board([card('x', { labels: ['Éasy', 'zeta'] }), card('y', { labels: ['easy', 'Alpha'] })]);
    expect(boardLabels(accents)).toEqual(['Alpha', 'Éasy', 'zeta']);
  });

  it('lists nothing for a board without labels', () => {
    expect(boardLabels(board([card('x', {})]))).toEqual([]);
  });
});

describe('sameLabel', () => {
  it.each<[string, string, boolean]>([
    ['easy', 'Easy', true],
    [' easy ', 'EASY', true],
    ['éasy', 'easy', true],
    ['easy', 'easier', false],
  ])('%j and %j: %s', (a, b, same) => {
    expect(sameLabel(a, b)).toBe(same);
  });
});

describe('withFilter', () => {
  it.each<[string, Partial<BoardFilter>, string]>([
    ['', { labels: ['easy'] }, '?label=easy'],
    ['?label=easy', {}, ''],
    ['?q=old&type=bug', { text: 'new' }, '?q=new'],
    ['?view=stats', { unclaimed: true }, '?view=stats&free=1'],
    ['?view=stats&free=1', {}, '?view=stats'],
    ['?free=1&unclaimed=1', { stale: true }, '?unclaimed=1&stale=1'],
  ])('%j with %j is %j', (search, parts, expected) => {
    expect(withFilter(search, filter(parts))).toBe(expected);
  });

  it('gives back the filter it was given, whatever else the address says', () => {
    const wanted = filter({ text: 'parser', types: ['docs'], labels: ['easy'], mine: true });
    expect(parseFilter(withFilter('?q=x&label=ui&mine=0&other=1', wanted))).toEqual(wanted);
  });
});
