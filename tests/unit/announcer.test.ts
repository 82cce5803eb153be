import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { describe as narrate, type ActivityLine } from '../../client/lib/activity.ts';
import { ANNOUNCE_PACE_MS, AnnouncementQueue, SUMMARY_MAX_CHARS, summarise } from '../../client/lib/announcer.ts';
import { apply, emptyState } from '../../shared/domain/index.ts';
import type { BoardState, DomainEvent, EventBody } from '../../shared/protocol.ts';

/** A board with carol and dave and issues #1 to #12, and a way to narrate what they do on it. */
function board() {
  const state: BoardState = emptyState();
  const fold = (actor: string, body: EventBody) => {
    const event = { ...body, seq: state.seq + 1, at: 0, actor } as DomainEvent;
    apply(state, event);
    return narrate(state, event);
  };
  for (const [id, nick] of [['c', 'carol'], ['d', 'dave']] as const) {
    fold(id, { type: 'person.joined', person: { id, nick, role: 'participant', joinedAt: 0 } });
  }
  for (let n = 1; n <= 12; n += 1) fold('c', { type: 'issue.created', issue: { id: `i${n}`, number: n, title: `Issue ${n}`, type: 'bug', labels: [] } });
  fold('c', { type: 'issue.created', issue: { id: 'docs', title: 'Typo in docs', type: 'docs', labels: [] } });
  /** The lines `actor` doing `bodies` makes, as the chat and the announcer get them. */
  const does = (actor: 'c' | 'd', ...bodies: EventBody[]): ActivityLine[] => bodies.map((body) => fold(actor, body)!);
  return { state, does };
}

const claim = (n: number | string): EventBody => ({ type: 'issue.claimed', issueId: typeof n === 'number' ? `i${n}` : n });
const release = (n: number): EventBody => ({ type: 'issue.released', issueId: `i${n}` });

describe('activity lines', () => {
  it('carry the parts of their text when they do one thing to one issue', () => {
    const { does } = board();
    const lines = does(
      'c',
      claim(1),
      release(1),
      { type: 'issue.moved', issueId: 'i2', from: 'open', to: 'review' },
      { type: 'issue.assigned', issueId: 'i3', personId: 'd' },
      { type: 'issue.patched', issueId: 'i4', url: 'https://example.org/p' },
      { type: 'issue.tested', issueId: 'i4', result: 'works' },
      claim('docs'),
    );
    for (const line of lines) {
      const { who, verb, what, after } = line.parts!;
      expect(`${who} ${verb} ${what}${after}`).toBe(line.text);
    }
    expect(lines.map((line) => line.text)).toEqual([
      'carol claimed #1',
      'carol released #1',
      'carol moved #2 to Needs review',
      'carol assigned #3 to dave',
      'carol posted a patch for #4',
      'carol tested #4: works for them',
      'carol claimed “Typo in docs”',
    ]);
  });

  it('have none when a note of their own makes them unlike any other, or the issue is unknown', () => {
    const { state, does } = board();
    const [patched, tested, help] = does(
      'c',
      { type: 'issue.patched', issueId: 'i1', url: 'https://example.org/p', note: 'first try' },
      { type: 'issue.tested', issueId: 'i1', result: 'works', note: 'on Linux' },
      { type: 'help.raised', helpId: 'h1', issueId: 'i1', note: 'stuck' },
    );
    // An issue this page does not hold (the board is folded already; only the line is asked for).
    const unknown = narrate(state, { type: 'issue.released', issueId: 'gone', seq: 99, at: 0, actor: 'c' });
    expect(patched).toMatchObject({ text: 'carol posted a patch for #1: first try' });
    expect(tested).toMatchObject({ text: 'carol tested #1: works for them: on Linux' });
    expect(unknown).toMatchObject({ text: 'carol released an issue' });
    for (const line of [patched, tested, help, unknown]) expect(line!.parts).toBeUndefined();
  });
});

describe('help queue lines', () => {
  it('say who did what to whose flag, and what the clock did without naming anyone for it', () => {
    const { state, does } = board();
    const fold = (actor: string, body: EventBody) => {
      const event = { ...body, seq: state.seq + 1, at: 0, actor } as DomainEvent;
      apply(state, event);
      return narrate(state, event)?.text;
    };
    does('c', { type: 'help.raised', helpId: 'h1', note: 'stuck' });
    expect([
      fold('d', { type: 'help.taken', helpId: 'h1' }),
      fold('d', { type: 'help.returned', helpId: 'h1' }),
      fold('d', { type: 'help.held', helpId: 'h1', minutes: 15, reason: 'back after the talk' }),
      fold('system', { type: 'help.resumed', helpId: 'h1' }),
      fold('d', { type: 'help.taken', helpId: 'h1' }),
      fold('system', { type: 'help.returned', helpId: 'h1', reason: 'stranded', mentor: 'd' }),
      fold('c', { type: 'help.replied', helpId: 'h1', text: 'my password is hunter2' }),
      fold('c', { type: 'help.shared', helpId: 'h1', thread: [] }),
      fold('system', { type: 'help.cancelled', helpId: 'h1', reason: 'stranded' }),
    ]).toEqual([
      'dave is helping carol',
      "dave handed carol's flag back to the queue",
      "dave put carol's flag on hold for 15 min: back after the talk",
      "carol's flag is back from hold",
      'dave is helping carol',
      "carol's flag is back in the queue: dave left",
      // A thread's words stay in the thread: no line, nothing announced.
      undefined,
      'carol made their help thread public',
      "carol's flag was cancelled: they left",
    ]);
  });
});

describe('summarise', () => {
  it('says one line as it is, and nothing for none', () => {
    const { does } = board();
    expect(summarise(does('c', claim(1)))).toBe('carol claimed #1');
    expect(summarise([])).toBe('');
  });

  it('says the same person doing the same thing to several issues once', () => {
    const { does } = board();
    expect(summarise(does('c', claim(4), claim(9)))).toBe('carol claimed #4 and #9');
    expect(summarise(does('c', claim(1), claim(2), claim(3)))).toBe('carol claimed #1, #2 and #3');
    expect(summarise(does('c', claim(5), claim('docs')))).toBe('carol claimed #5 and “Typo in docs”');
  });

  it('keeps what follows the issue, and joins only lines that end alike', () => {
    const { does } = board();
    const moved = (n: number, to: 'done' | 'review'): EventBody => ({ type: 'issue.moved', issueId: `i${n}`, from: 'open', to });
    expect(summarise(does('c', moved(1, 'done'), moved(2, 'done')))).toBe('carol moved #1 and #2 to Done');
    expect(summarise(does('c', moved(3, 'done'), moved(4, 'review')))).toBe('carol moved #3 to Done; carol moved #4 to Needs review');
  });

  it('joins different changes with "; " in the order they first came', () => {
    const { does } = board();
    const lines = [...does('c', claim(1)), ...does('d', release(2)), ...does('c', claim(3)), ...does('c', release(4))];
    expect(summarise(lines)).toBe('carol claimed #1 and #3; dave released #2; carol released #4');
  });

  it('names an issue once however often it comes, and counts a line said again', () => {
    const { does } = board();
    expect(summarise(does('c', claim(1), release(1), claim(1)))).toBe('carol claimed #1; carol released #1');
    const removed = does('c', { type: 'chat.removed', chatSeq: 1 }, { type: 'chat.removed', chatSeq: 2 });
    expect(summarise(removed)).toBe('A moderator removed a message (2 times)');
  });

  it('names the first few of a long list of issues and counts the rest', () => {
    const { does } = board();
    expect(summarise(does('c', ...[1, 2, 3, 4].map(claim)))).toBe('carol claimed #1, #2, #3 and #4');
    expect(summarise(does('c', ...[5, 6, 7, 8, 9, 10, 11].map(claim)))).toBe('carol claimed #5, #6, #7 and 4 more');
  });

  it('stays short: past its length it counts the changes it does not name', () => {
    const { does } = board();
    const help = (note: string): EventBody => ({ type: 'help.raised', helpId: note, note });
    const lines = does('d', ...Array.from({ length: 30 }, (_, i) => help(`question number ${i} about the build`)));
    const said = summarise(lines);
    expect(said.length).toBeLessThanOrEqual(SUMMARY_MAX_CHARS);
    expect(said).toMatch(/^dave asked for help: question number 0 about the build; dave asked .*; and \d+ more changes$/);
    const named = said.split('; ').length - 1;
    expect(said.endsWith(`and ${30 - named} more changes`)).toBe(true);
  });

  it('always says the first change, cut short if it is too long by itself', () => {
    const { does } = board();
    const lines = [...does('d', { type: 'help.raised', helpId: 'h', note: 'x'.repeat(500) }), ...does('c', claim(1), release(2))];
    const said = summarise(lines);
    expect(said).toMatch(/^dave asked for help: x+…; and 2 more changes$/);
    expect(summarise(lines.slice(0, 2))).toMatch(/^dave asked for help: x+…; carol claimed #1$/);
    expect(said.length).toBeLessThanOrEqual(SUMMARY_MAX_CHARS);
  });
});

describe('AnnouncementQueue', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function queue() {
    const said: string[] = [];
    const announcements = new AnnouncementQueue((text) => said.push(text));
    return { said, announcements };
  }

  it('says the first change at once', () => {
    const { does } = board();
    const { said, announcements } = queue();
    announcements.add(does('c', claim(1)));
    expect(said).toEqual(['carol claimed #1']);
    announcements.dispose();
  });

  it('holds what comes within a second and then says it summarised, so no change overwrites another unheard', () => {
    const { does } = board();
    const { said, announcements } = queue();
    announcements.add(does('c', claim(1)));
    vi.advanceTimersByTime(17);
    announcements.add(does('d', claim(2)));
    announcements.add(does('d', claim(3)));
    vi.advanceTimersByTime(ANNOUNCE_PACE_MS - 18);
    expect(said).toEqual(['carol claimed #1']);
    vi.advanceTimersByTime(1);
    expect(said).toEqual(['carol claimed #1', 'dave claimed #2 and #3']);
    // A steady stream is said once a pace, each time what came since.
    announcements.add(does('c', release(1)));
    vi.advanceTimersByTime(ANNOUNCE_PACE_MS - 1);
    expect(said).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(said.at(-1)).toBe('carol released #1');
    announcements.dispose();
  });

  it('after a quiet second, says the next change at once again', () => {
    const { does } = board();
    const { said, announcements } = queue();
    announcements.add(does('c', claim(1)));
    vi.advanceTimersByTime(ANNOUNCE_PACE_MS);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(5_000);
    announcements.add(does('c', claim(2)));
    expect(said).toEqual(['carol claimed #1', 'carol claimed #2']);
    announcements.dispose();
  });

  it('makes the same words said again differ from the last, or the live region would stay silent', () => {
    const { does } = board();
    const { said, announcements } = queue();
    announcements.add(does('c', { type: 'chat.removed', chatSeq: 1 }));
    vi.advanceTimersByTime(ANNOUNCE_PACE_MS);
    announcements.add(does('c', { type: 'chat.removed', chatSeq: 2 }));
    expect(said).toHaveLength(2);
    expect(said[1]).not.toBe(said[0]);
    expect(said[1]!.trim()).toBe(said[0]);
    announcements.dispose();
  });

  it('leaves no timer behind once disposed, and drops what waited', () => {
    const { does } = board();
    const { said, announcements } = queue();
    announcements.add(does('c', claim(1)));
    announcements.add(does('c', claim(2)));
    expect(vi.getTimerCount()).toBe(1);
    announcements.dispose();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(ANNOUNCE_PACE_MS * 3);
    expect(said).toEqual(['carol claimed #1']);
  });
});
