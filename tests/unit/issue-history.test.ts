import { describe, expect, it } from 'vitest';
import {
  apply,
  emptyState,
  ISSUE_HISTORY_BOUNDS,
  issueHistory,
  IssueTimelines,
  mentionedNumbers,
  mentions,
  type IssueHistoryBounds,
} from '../../shared/domain/index.ts';
import { LIMITS, type BoardState, type DomainEvent, type EventBody, type IssueHistory } from '../../shared/protocol.ts';
import { segments } from '../../client/lib/segments.ts';

const T0 = Date.UTC(2026, 10, 21, 14, 2);

interface World {
  state: BoardState;
  log: DomainEvent[];
  /** Kept up event by event from an empty board, as the server keeps it once it is built. */
  kept: IssueTimelines;
}

/** A board and its log, folded from `bodies` as the server would stamp them (all by p1 unless the body says). */
function world(...bodies: Body[]): World {
  const state = emptyState();
  return fold({ state, log: [], kept: new IssueTimelines(state, []) }, bodies);
}

type Body = EventBody & { actor?: string };

/** Folds more events into `w`, each also handed to `also`. */
function fold(w: World, bodies: Body[], also?: IssueTimelines): World {
  const { state, log, kept } = w;
  for (const { actor = 'p1', ...body } of bodies) {
    const event = { ...body, seq: state.seq + 1, at: T0 + state.seq * 1_000, actor } as DomainEvent;
    apply(state, event);
    log.push(event);
    kept.add(event);
    also?.add(event);
  }
  return w;
}

/**
 * The history of `issueId` read off the log, after checking that an index
 * built from the whole log and one kept up along the way answer the same.
 */
function historyOf({ state, log, kept }: World, issueId: string, bounds?: IssueHistoryBounds): IssueHistory | undefined {
  const read = issueHistory(state, log, issueId, bounds);
  expect(new IssueTimelines(state, log).history(issueId, bounds), 'built from the log').toEqual(read);
  expect(kept.history(issueId, bounds), 'kept up event by event').toEqual(read);
  return read;
}

const people: EventBody[] = [
  { type: 'person.joined', person: { id: 'p1', nick: 'ana', role: 'mentor', joinedAt: T0 } },
  { type: 'person.joined', person: { id: 'p2', nick: 'bo', role: 'participant', joinedAt: T0 } },
];
/** #12 is i3, #123 is i4, and i5 has no number. */
const issues: EventBody[] = [
  { type: 'issue.created', issue: { id: 'i3', number: 12, title: 'Crash on save', type: 'bug', labels: [] } },
  { type: 'issue.created', issue: { id: 'i4', number: 123, title: 'Dark theme', type: 'feature', labels: [] } },
  { type: 'issue.created', issue: { id: 'i5', title: 'Typo in docs', type: 'docs', labels: [] } },
];
const chat = (text: string, actor = 'p2'): Body => ({ type: 'chat.sent', text, actor });
/** ana and bo, and the three issues, then `bodies`. */
const onBoard = (...bodies: Body[]) => world(...people, ...issues, ...bodies);

describe('the events of an issue', () => {
  it('are every event naming it, help flags about it too, oldest first; other issues and flags are not', () => {
    const w = onBoard(
      { type: 'issue.claimed', issueId: 'i3', actor: 'p2' },
      { type: 'issue.claimed', issueId: 'i4' },
      { type: 'issue.moved', issueId: 'i3', from: 'in-progress', to: 'review', actor: 'p2' },
      { type: 'help.raised', helpId: 'h11', note: 'Where are the tests?', issueId: 'i3', actor: 'p2' },
      { type: 'help.raised', helpId: 'h12', note: 'How do I build?' },
      { type: 'help.taken', helpId: 'h11' },
      { type: 'issue.patched', issueId: 'i3', url: 'https://example.org/pull/1', actor: 'p2' },
      { type: 'issue.tested', issueId: 'i3', result: 'works' },
      { type: 'issue.patched', issueId: 'i4', url: 'https://example.org/pull/2' },
      chat('working on #12'),
      { type: 'issue.released', issueId: 'i3', actor: 'p2' },
      { type: 'issue.assigned', issueId: 'i3', personId: 'p2' },
    );
    const history = historyOf(w, 'i3')!;
    expect(history.events.map((e) => e.type)).toEqual([
      'issue.created',
      'issue.claimed',
      'issue.moved',
      'help.raised',
      'issue.patched',
      'issue.tested',
      'issue.released',
      'issue.assigned',
    ]);
    expect(history.events.map((e) => e.seq)).toEqual([3, 6, 8, 9, 12, 13, 16, 17]);
    expect(historyOf(w, 'i4')!.events.map((e) => e.seq)).toEqual([4, 7, 14]);
  });

  it('are at most the newest 500, oldest first', () => {
    const moves: EventBody[] = Array.from({ length: 300 }, () => [
      { type: 'issue.moved', issueId: 'i3', from: 'open', to: 'review' } as const,
      { type: 'issue.moved', issueId: 'i3', from: 'review', to: 'open' } as const,
    ]).flat();
    const w = onBoard(...moves);
    const { events } = historyOf(w, 'i3')!;
    expect(ISSUE_HISTORY_BOUNDS.events).toBe(500);
    expect(events).toHaveLength(500);
    expect(events[0]!.seq).toBe(w.log.length - 499);
    expect(events.at(-1)!.seq).toBe(w.log.length);
    expect(events.every((e, i) => i === 0 || e.seq > events[i - 1]!.seq)).toBe(true);
  });

  it('of an issue not on the board are no answer at all, whatever the id looks like', () => {
    const w = onBoard();
    for (const id of ['i99', 'p1', 'constructor', '__proto__', 'toString']) expect(historyOf(w, id)).toBeUndefined();
  });
});

describe('the messages about an issue', () => {
  const texts = (w: World, id: string) => historyOf(w, id)!.messages.map((m) => m.text);

  it('are those naming it as #number on its own, oldest first', () => {
    const w = onBoard(
      chat('working on #12'),
      chat('#123 is mine'),
      chat('(#12), again'),
      chat('see #1234 and #120'),
      chat('a#12 is not a reference, nor &#12; nor #12b'),
      chat('https://bugs.example.org/show#12 is a link'),
      chat('#12.'),
      chat('#0012 too, as the chat links it'),
      chat('#12 #12 counts once'),
    );
    expect(texts(w, 'i3')).toEqual(['working on #12', '(#12), again', '#12.', '#0012 too, as the chat links it', '#12 #12 counts once']);
    expect(texts(w, 'i4')).toEqual(['#123 is mine']);
  });

  it('leave out what a moderator removed', () => {
    const w = onBoard(
      chat('working on #12'),
      chat('#12 is a waste of time, idiots'),
      { type: 'chat.removed', chatSeq: 7 },
      chat('#12 has a patch'),
    );
    const { messages } = historyOf(w, 'i3')!;
    expect(messages.map((m) => m.seq)).toEqual([6, 9]);
    expect(messages.map((m) => m.text)).toEqual(['working on #12', '#12 has a patch']);
  });

  it('are none for an issue without a number', () => {
    const w = onBoard(chat('#0 #i5 #undefined #NaN'));
    expect(historyOf(w, 'i5')).toEqual({ events: [w.log[4]], messages: [] });
  });

  it('are at most the newest LIMITS.chatPage, oldest first', () => {
    const w = onBoard(...Array.from({ length: 250 }, (_, i) => chat(`#12 try ${i}`)), chat('#123'));
    const { messages } = historyOf(w, 'i3')!;
    expect(ISSUE_HISTORY_BOUNDS.messages).toBe(LIMITS.chatPage);
    expect(messages).toHaveLength(LIMITS.chatPage);
    expect(messages[0]!.text).toBe(`#12 try ${250 - LIMITS.chatPage}`);
    expect(messages.at(-1)!.text).toBe('#12 try 249');
  });

  it('bounds may be given, each kind kept to its own', () => {
    const w = onBoard(
      { type: 'issue.claimed', issueId: 'i3' },
      chat('#12 one'),
      chat('#12 two'),
      chat('#12 three'),
      { type: 'issue.released', issueId: 'i3' },
    );
    const history = historyOf(w, 'i3', { events: 2, messages: 1 })!;
    expect(history.events.map((e) => e.type)).toEqual(['issue.claimed', 'issue.released']);
    expect(history.messages.map((m) => m.text)).toEqual(['#12 three']);
  });
});

describe('mentions', () => {
  it('finds exactly the references the chat links', () => {
    const lines = [
      'working on #12',
      '#123',
      '#12, #13',
      'x#12',
      '&#12;',
      '#12_',
      'https://example.org/#12',
      'https://example.org/ #12',
      '(#12)',
      '#012',
      '#12345678901',
      '',
    ];
    for (const text of lines) {
      for (const number of [12, 13, 123]) {
        const linked = segments(text).some((s) => s.kind === 'issue' && s.number === number);
        expect(mentions(text, number), `${JSON.stringify(text)} and #${number}`).toBe(linked);
      }
    }
  });
});

describe('mentionedNumbers', () => {
  it('lists each number a line links once, in order, none inside a URL', () => {
    expect(mentionedNumbers('#12 and #12, then #123 (see https://bugs.example.org/#5) and #0007')).toEqual([12, 123, 7]);
    expect(mentionedNumbers('no refs here, not even #a or &#38;')).toEqual([]);
  });
});

describe('an index built part way through the log', () => {
  it('answers as a read of the whole log once it is kept up with what came after', () => {
    const before = onBoard({ type: 'issue.claimed', issueId: 'i3' }, chat('on #12'));
    const index = new IssueTimelines(before.state, before.log);
    fold(
      before,
      [chat('still on #12'), { type: 'chat.removed', chatSeq: 7 }, { type: 'issue.moved', issueId: 'i3', from: 'in-progress', to: 'review' }],
      index,
    );
    const read = issueHistory(before.state, before.log, 'i3')!;
    expect(index.history('i3')).toEqual(read);
    expect(read.messages.map((m) => m.text)).toEqual(['still on #12']);
    expect(read.events.map((e) => e.type)).toEqual(['issue.created', 'issue.claimed', 'issue.moved']);
  });
});
