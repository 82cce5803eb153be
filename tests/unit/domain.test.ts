import { describe, expect, it } from 'vitest';
import { apply, decide, emptyState, stamp, type Actor, type DomainCommand } from '../../shared/domain/index.ts';
import type { BoardState, ErrorCode, Role } from '../../shared/protocol.ts';

const T0 = Date.UTC(2026, 10, 21, 14, 2);

/** Runs commands through decide + apply as the server does, failing loudly on a refusal. */
function play(steps: Array<[Actor, DomainCommand]>, state: BoardState = emptyState()): BoardState {
  for (const [actor, command] of steps) {
    const decision = decide(state, actor, command, { now: T0, nextSeq: state.seq + 1 });
    if (!decision.ok) throw new Error(`${command.name} refused: ${decision.error.message}`);
    for (const event of stamp(decision.events, state.seq + 1, T0, actor)) apply(state, event);
  }
  return state;
}

const join = (nick: string, role?: Role): [Actor, DomainCommand] => [
  null,
  { name: 'session:join', payload: role ? { nick, role } : { nick } },
];

/** ana = p1 (a mentor), bo = p2, cy = p3; #123 = i4 (claimed by ana), #7 = i5 (open), help flag h6 raised by bo. */
function world(): BoardState {
  return play([
    join('ana', 'mentor'),
    join('bo'),
    join('cy'),
    ['p1', { name: 'issue:create', payload: { title: 'Crash on start', number: 123 } }],
    ['p1', { name: 'issue:create', payload: { title: 'Typo in docs', number: 7, type: 'docs' } }],
    ['p2', { name: 'help:raise', payload: { note: 'Where are the tests?' } }],
    ['p1', { name: 'issue:claim', payload: { issueId: 'i4' } }],
  ]);
}

function refusal(state: BoardState, actor: Actor, command: DomainCommand): { code: ErrorCode; message: string } {
  const decision = decide(state, actor, command, { now: T0 + 60_000, nextSeq: state.seq + 1 });
  if (decision.ok) throw new Error(`${command.name} was accepted`);
  return decision.error;
}

describe('decide: refusals', () => {
  const cases: Array<[string, Actor, DomainCommand, ErrorCode, RegExp]> = [
    ['a lurker may not chat', null, { name: 'chat:send', payload: { text: 'hi' } }, 'forbidden', /Join first/],
    ['a lurker may not claim', null, { name: 'issue:claim', payload: { issueId: 'i5' } }, 'forbidden', /Join first/],
    ['a lurker may not raise help', null, { name: 'help:raise', payload: { note: 'x' } }, 'forbidden', /Join first/],
    ['an unknown person may not act', 'p99', { name: 'chat:send', payload: { text: 'hi' } }, 'forbidden', /Unknown person/],
    ['nicks are unique, ignoring case', null, { name: 'session:join', payload: { nick: 'ANA' } }, 'nick_taken', /ana is taken/],
    ['a person cannot join twice', 'p1', { name: 'session:join', payload: { nick: 'ana2' } }, 'conflict', /already joined as ana/],
    ['an issue has one claimant', 'p2', { name: 'issue:claim', payload: { issueId: 'i4' } }, 'conflict', /#123 is already claimed by ana \(since 14:02 UTC\)/],
    ['the claimant cannot claim again', 'p1', { name: 'issue:claim', payload: { issueId: 'i4' } }, 'conflict', /already hold #123/],
    ['claiming a missing issue', 'p1', { name: 'issue:claim', payload: { issueId: 'i99' } }, 'not_found', /not on the board/],
    ['only the claimant or a mentor releases', 'p2', { name: 'issue:release', payload: { issueId: 'i4' } }, 'forbidden', /held by ana.*only they or a mentor/],
    ['an unclaimed issue cannot be released', 'p1', { name: 'issue:release', payload: { issueId: 'i5' } }, 'conflict', /#7 is not claimed/],
    ['only the claimant moves a card', 'p2', { name: 'issue:move', payload: { issueId: 'i4', column: 'review' } }, 'forbidden', /held by ana/],
    ['an unclaimed card is claimed before it moves', 'p2', { name: 'issue:move', payload: { issueId: 'i5', column: 'review' } }, 'forbidden', /claim it first/],
    ['a move must change the column', 'p1', { name: 'issue:move', payload: { issueId: 'i4', column: 'in-progress' } }, 'conflict', /already in that column/],
    ['issue numbers are unique', 'p3', { name: 'issue:create', payload: { title: 'Again', number: 123 } }, 'conflict', /#123 is already on the board/],
    ['one open help flag per person', 'p2', { name: 'help:raise', payload: { note: 'again' } }, 'conflict', /already have an open help flag/],
    ['help about a missing issue', 'p3', { name: 'help:raise', payload: { note: 'x', issueId: 'i99' } }, 'not_found', /not on the board/],
    ['taking a missing flag', 'p1', { name: 'help:take', payload: { helpId: 'h99' } }, 'not_found', /does not exist/],
    ['only the asker cancels', 'p1', { name: 'help:cancel', payload: { helpId: 'h6' } }, 'forbidden', /Only the person who asked/],
    ['a participant cannot resolve', 'p3', { name: 'help:resolve', payload: { helpId: 'h6' } }, 'forbidden', /As a participant you cannot do that/],
    ['a participant cannot take a flag', 'p3', { name: 'help:take', payload: { helpId: 'h6' } }, 'forbidden', /As a participant you cannot do that/],
  ];

  it.each(cases)('%s', (_name, actor, command, code, message) => {
    const state = world();
    const before = structuredClone(state);
    const error = refusal(state, actor, command);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(state).toEqual(before);
  });

  it('a mentor cannot take their own flag', () => {
    const state = play([['p1', { name: 'help:raise', payload: { note: 'mentors get stuck too' } }]], world());
    expect(refusal(state, 'p1', { name: 'help:take', payload: { helpId: 'h8' } })).toEqual({
      code: 'forbidden',
      message: 'You cannot take your own help flag.',
    });
  });

  it('a help flag is taken by one helper at most', () => {
    const state = play([join('dee', 'mentor'), ['p1', { name: 'help:take', payload: { helpId: 'h6' } }]], world());
    const error = refusal(state, 'p8', { name: 'help:take', payload: { helpId: 'h6' } });
    expect(error).toEqual({ code: 'conflict', message: 'ana is already helping bo.' });
  });

  it('a closed flag cannot be taken, resolved or cancelled', () => {
    const state = play([['p2', { name: 'help:cancel', payload: { helpId: 'h6' } }]], world());
    for (const name of ['help:take', 'help:resolve'] as const) {
      expect(refusal(state, 'p1', { name, payload: { helpId: 'h6' } }).message).toMatch(/already cancelled/);
    }
    expect(refusal(state, 'p2', { name: 'help:cancel', payload: { helpId: 'h6' } }).code).toBe('conflict');
  });
});

describe('decide: ids named like Object’s own properties find nothing', () => {
  const keys = ['constructor', '__proto__', 'toString', 'hasOwnProperty'];
  it.each(keys)('%s is not an issue, a flag or a person', (key) => {
    const state = world();
    const before = JSON.stringify(state);
    const commands: DomainCommand[] = [
      { name: 'issue:claim', payload: { issueId: key } },
      { name: 'issue:release', payload: { issueId: key } },
      { name: 'issue:move', payload: { issueId: key, column: 'review' } },
      { name: 'issue:patch', payload: { issueId: key, url: 'https://example.org/p' } },
      { name: 'issue:report', payload: { issueId: key, result: 'works' } },
      { name: 'issue:assign', payload: { issueId: 'i5', personId: key } },
      { name: 'help:raise', payload: { note: 'x', issueId: key } },
      { name: 'help:take', payload: { helpId: key } },
    ];
    for (const command of commands) expect(refusal(state, 'p1', command).code, command.name).toBe('not_found');
    expect(JSON.stringify(state)).toBe(before);
  });
});

describe('decide + apply: what happens', () => {
  it('joining makes a participant with a fresh id', () => {
    const state = play([join('ana')]);
    expect(state.people.p1).toEqual({ id: 'p1', nick: 'ana', role: 'participant', joinedAt: T0 });
    expect(play([join('org', 'organizer')]).people.p1!.role).toBe('organizer');
  });

  it('claiming moves the card to In progress; releasing puts it back to Open', () => {
    const state = world();
    expect(state.issues.i4).toMatchObject({ claimant: 'p1', column: 'in-progress', claimedAt: T0 });
    play([['p1', { name: 'issue:release', payload: { issueId: 'i4' } }]], state);
    expect(state.issues.i4!.column).toBe('open');
    expect(state.issues.i4!.claimant).toBeUndefined();
  });

  it('the claimant moves a card on; moving it back to Open releases it', () => {
    const state = play([['p1', { name: 'issue:move', payload: { issueId: 'i4', column: 'review' } }]], world());
    expect(state.issues.i4).toMatchObject({ column: 'review', claimant: 'p1' });
    play([['p1', { name: 'issue:move', payload: { issueId: 'i4', column: 'open' } }]], state);
    expect(state.issues.i4).toMatchObject({ column: 'open' });
    expect(state.issues.i4!.claimant).toBeUndefined();
  });

  it('after a release someone else can claim', () => {
    const state = play(
      [
        ['p1', { name: 'issue:release', payload: { issueId: 'i4' } }],
        ['p2', { name: 'issue:claim', payload: { issueId: 'i4' } }],
      ],
      world(),
    );
    expect(state.issues.i4!.claimant).toBe('p2');
  });

  it('issues keep their creation order, type and de-duplicated labels', () => {
    const state = play([['p3', { name: 'issue:create', payload: { title: 'New API', type: 'feature', labels: ['io', 'io', 'easy'] } }]], world());
    expect(state.issueOrder).toEqual(['i4', 'i5', 'i8']);
    expect(state.issues.i8).toMatchObject({ type: 'feature', labels: ['io', 'easy'], column: 'open', createdBy: 'p3', patches: [], reports: [] });
    expect(state.issues.i4!.type).toBe('bug');
  });

  it('help: raise, take, resolve; then the asker may raise another', () => {
    const state = play(
      [
        ['p1', { name: 'help:take', payload: { helpId: 'h6' } }],
        ['p1', { name: 'help:resolve', payload: { helpId: 'h6' } }],
        ['p2', { name: 'help:raise', payload: { note: 'Next question', issueId: 'i5' } }],
      ],
      world(),
    );
    expect(state.help.h6).toMatchObject({ status: 'resolved', mentor: 'p1', by: 'p2' });
    expect(state.help.h10).toMatchObject({ status: 'open', issueId: 'i5', note: 'Next question' });
  });

  it('the asker can cancel their own flag', () => {
    expect(play([['p2', { name: 'help:cancel', payload: { helpId: 'h6' } }]], world()).help.h6!.status).toBe('cancelled');
  });

  it('chat keeps the author, time and order', () => {
    const state = play([
      join('ana'),
      ['p1', { name: 'chat:send', payload: { text: "I'm working on #123" } }],
      ['p1', { name: 'chat:send', payload: { text: 'done' } }],
    ]);
    expect(state.chat.map((m) => [m.seq, m.author, m.text])).toEqual([
      [2, 'p1', "I'm working on #123"],
      [3, 'p1', 'done'],
    ]);
  });

  it('a page holding only the newer chat folds the removal of an older message without it', () => {
    const state = play([join('ana')]);
    state.seq = 41; // as after a snapshot whose chat window starts later
    expect(() => apply(state, { type: 'chat.removed', chatSeq: 7, seq: 42, at: T0, actor: 'p1' })).not.toThrow();
    expect(state.seq).toBe(42);
  });

  it('apply refuses an event out of sequence', () => {
    const state = emptyState();
    expect(() => apply(state, { type: 'chat.sent', text: 'x', seq: 2, at: T0, actor: 'p1' })).toThrow(/does not follow/);
  });

  it('decide never changes the state it is given', () => {
    const state = world();
    const before = structuredClone(state);
    decide(state, 'p2', { name: 'issue:claim', payload: { issueId: 'i5' } }, { now: T0, nextSeq: state.seq + 1 });
    expect(state).toEqual(before);
  });
});
