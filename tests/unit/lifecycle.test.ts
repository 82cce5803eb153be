/**
 * A card's lifecycle, column by column and role by role: who may claim,
 * release and move it, and what the board shows afterwards. Finished work
 * (Ready to commit, Done) stays finished unless a mentor reopens it, and a
 * finished card remembers who fixed it.
 */
import { describe, expect, it } from 'vitest';
import { apply, decide, emptyState, stamp, type Actor, type DomainCommand } from '../../shared/domain/index.ts';
import { COLUMNS, type BoardState, type Column } from '../../shared/protocol.ts';
import { isReopen, moveTargets } from '../../client/lib/moves.ts';
import { rulesLoaded } from '../../client/lib/rules.ts';
import { checkInvariants } from '../fixtures/invariants.ts';

// The page asks the domain's rules what it may offer once they have loaded; so does this test.
await rulesLoaded;

const T0 = Date.UTC(2026, 10, 21, 14, 2);
const CARD = 'i5';

/** ana and bo are participants, mia a mentor, olga an organizer; the lurker has not joined. */
const PEOPLE = { ana: 'p1', bo: 'p2', mia: 'p3', olga: 'p4', lurker: null } as const;
type Who = keyof typeof PEOPLE;

function send(state: BoardState, actor: Actor, command: DomainCommand) {
  const decision = decide(state, actor, command, { now: T0, nextSeq: state.seq + 1 });
  if (decision.ok) {
    for (const event of stamp(decision.events, state.seq + 1, T0, actor)) {
      apply(state, event);
      // Every event of a decision leaves a board a page could show.
      checkInvariants(state);
    }
  }
  return decision;
}

function must(state: BoardState, who: Who, command: DomainCommand) {
  const decision = send(state, PEOPLE[who], command);
  if (!decision.ok) throw new Error(`setup ${command.name}: ${decision.error.message}`);
}

/**
 * Card #12 in `column`, held by ana or by nobody. A finished card nobody holds
 * got there the usual way: ana worked on it, a mentor moved it on and let go of it.
 */
function board(column: Column, held: boolean): BoardState {
  const state = emptyState();
  for (const [nick, role] of [['ana'], ['bo'], ['mia', 'mentor'], ['olga', 'organizer']] as const) {
    must(state, 'lurker', { name: 'session:join', payload: role ? { nick, role } : { nick } });
  }
  must(state, 'mia', { name: 'issue:create', payload: { title: 'Crash on start', number: 12 } });
  const finished = column === 'ready' || column === 'done';
  if (held || finished) must(state, 'ana', { name: 'issue:claim', payload: { issueId: CARD } });
  if (state.issues[CARD]!.column !== column) must(state, 'mia', { name: 'issue:move', payload: { issueId: CARD, column } });
  if (!held && finished) must(state, 'mia', { name: 'issue:release', payload: { issueId: CARD } });
  return state;
}

/** Every place a card can be: Open only ever unclaimed, every other column held by ana or by nobody. */
const SITUATIONS: Array<[string, Column, boolean]> = COLUMNS.flatMap((column): Array<[string, Column, boolean]> =>
  column === 'open' ? [[`${column}, free`, column, false]] : [[`${column}, held by ana`, column, true], [`${column}, free`, column, false]],
);

/** What a card shows of its lifecycle. */
const shown = (state: BoardState) => {
  const { column, claimant, fixedBy } = state.issues[CARD]!;
  return { column, claimant, fixedBy };
};

/** A refusal: its code and part of its message. */
type Refused = [code: 'forbidden' | 'conflict', message: RegExp];
type Shown = ReturnType<typeof shown>;
/** What a table cell expects: the card as it ends up, or a refusal. */
type Expected = Shown | Refused;

/** What the command leaves on the card, or the refusal (which must leave the board as it was). */
function outcome(state: BoardState, who: Who, command: DomainCommand): Shown | { code: string; message: string } {
  const before = structuredClone(state);
  const decision = send(state, PEOPLE[who], command);
  if (decision.ok) return shown(state);
  expect(state, 'a refusal changes nothing').toEqual(before);
  return decision.error;
}

function expectOutcome(actual: ReturnType<typeof outcome>, expected: Expected) {
  if (Array.isArray(expected)) expect(actual).toEqual({ code: expected[0], message: expect.stringMatching(expected[1]) });
  else expect(actual).toEqual(expected);
}

const LURKER: Refused = ['forbidden', /Join first/];
const ana = PEOPLE.ana;

/** Every role, for a situation where they all get the same answer. */
const everyone = (expected: Expected): Record<Who, Expected> => ({ ana: expected, bo: expected, mia: expected, olga: expected, lurker: LURKER });

/** One test per situation × role: what `command` on #12 gets from each. */
function roleTable(command: DomainCommand, expectations: Record<string, Record<Who, Expected>>) {
  it('covers every situation', () => expect(Object.keys(expectations).sort()).toEqual(SITUATIONS.map(([name]) => name).sort()));

  const table = SITUATIONS.flatMap(([situation, column, held]) =>
    Object.entries(expectations[situation]!).map(([who, expected]) => ({ situation, column, held, who: who as Who, expected })),
  );
  it.each(table)('$situation: $who', ({ column, held, who, expected }) => {
    expectOutcome(outcome(board(column, held), who, command), expected);
  });
}

describe('claim', () => {
  const heldByAna: Refused = ['conflict', /^#12 is already claimed by ana/];
  const held = { ana: ['conflict', /^You already hold #12\.$/], bo: heldByAna, mia: heldByAna, olga: heldByAna, lurker: LURKER } satisfies Record<Who, Expected>;
  const claimedBy = (who: Who) => ({ column: 'in-progress', claimant: PEOPLE[who]!, fixedBy: undefined }) as const;
  const anyoneClaims = { ana: claimedBy('ana'), bo: claimedBy('bo'), mia: claimedBy('mia'), olga: claimedBy('olga'), lurker: LURKER };
  roleTable({ name: 'issue:claim', payload: { issueId: CARD } }, {
    'open, free': anyoneClaims,
    'in-progress, held by ana': held,
    // Claiming a card that is being worked on puts it in progress, under the new holder.
    'in-progress, free': anyoneClaims,
    'review, held by ana': held,
    'review, free': anyoneClaims,
    'ready, held by ana': held,
    // Finished work is not claimed back into progress, not even by a mentor: that is a reopen.
    'ready, free': everyone(['conflict', /^#12 is ready to commit\.$/]),
    'done, held by ana': held,
    'done, free': everyone(['conflict', /^#12 is already done\.$/]),
  });
});

describe('release', () => {
  const notTheirs: Refused = ['forbidden', /held by ana.*only they or a mentor can release it/];
  const onlyMentor: Refused = ['forbidden', /^#12 is done; only a mentor can release it\.$/];
  const backToOpen = { column: 'open', claimant: undefined, fixedBy: undefined } as const;
  const letGo = { ana: backToOpen, bo: notTheirs, mia: backToOpen, olga: backToOpen, lurker: LURKER };
  const stays = (column: Column) => ({ column, claimant: undefined, fixedBy: ana });
  const free = everyone(['conflict', /^#12 is not claimed by anyone\.$/]);
  roleTable({ name: 'issue:release', payload: { issueId: CARD } }, {
    'open, free': free,
    'in-progress, held by ana': letGo,
    'in-progress, free': free,
    'review, held by ana': letGo,
    'review, free': free,
    // Finished work stays where a mentor put it, and the card says who fixed it.
    'ready, held by ana': { ana: stays('ready'), bo: notTheirs, mia: stays('ready'), olga: stays('ready'), lurker: LURKER },
    'ready, free': free,
    'done, held by ana': { ana: onlyMentor, bo: onlyMentor, mia: stays('done'), olga: stays('done'), lurker: LURKER },
    'done, free': free,
  });
});

describe('move', () => {
  /**
   * Each cell is what a move to that column gets, in board order (open,
   * in-progress, review, ready, done): ✓ accepted, · already there, and the
   * refusals by their reason.
   */
  const REFUSALS: Record<string, Refused> = {
    '·': ['conflict', /#12 is already in that column/],
    mark: ['forbidden', /^Only a mentor can mark #12 (ready to commit|done)\.$/],
    reopen: ['forbidden', /^Only a mentor can reopen #12\.$/],
    held: ['forbidden', /^You cannot move #12: it is held by ana/],
    claim: ['forbidden', /^You cannot move #12: claim it first\.$/],
    join: LURKER,
  };
  const GRID: Record<string, Partial<Record<Who, string>>> = {
    'open, free': { ana: 'claim claim claim mark mark', bo: 'claim claim claim mark mark', mia: '· ✓ ✓ ✓ ✓' },
    'in-progress, held by ana': { ana: '✓ · ✓ mark mark', bo: 'held held held mark mark', mia: '✓ · ✓ ✓ ✓' },
    'in-progress, free': { ana: 'claim claim claim mark mark', bo: 'claim claim claim mark mark', mia: '✓ · ✓ ✓ ✓' },
    'review, held by ana': { ana: '✓ ✓ · mark mark', bo: 'held held held mark mark', mia: '✓ ✓ · ✓ ✓' },
    'review, free': { ana: 'claim claim claim mark mark', bo: 'claim claim claim mark mark', mia: '✓ ✓ · ✓ ✓' },
    // Out of Ready to commit or Done only a mentor moves a card, the one who holds it included.
    'ready, held by ana': { ana: 'reopen reopen reopen mark mark', bo: 'reopen reopen reopen mark mark', mia: '✓ ✓ ✓ · ✓' },
    'ready, free': { ana: 'reopen reopen reopen mark mark', bo: 'reopen reopen reopen mark mark', mia: '✓ ✓ ✓ · ✓' },
    'done, held by ana': { ana: 'reopen reopen reopen reopen mark', bo: 'reopen reopen reopen reopen mark', mia: '✓ ✓ ✓ ✓ ·' },
    'done, free': { ana: 'reopen reopen reopen reopen mark', bo: 'reopen reopen reopen reopen mark', mia: '✓ ✓ ✓ ✓ ·' },
  };

  /**
   * Where an accepted move leaves the card: in the target column; let go in
   * Open (a claimed card is never shown in Open); still "fixed by" only while
   * it stays finished.
   */
  const landed = (before: Shown, to: Column) => ({
    column: to,
    claimant: to === 'open' ? undefined : before.claimant,
    fixedBy: to === 'ready' || to === 'done' ? before.fixedBy : undefined,
  });

  const table = SITUATIONS.flatMap(([situation, column, held]) =>
    (Object.keys(PEOPLE) as Who[]).flatMap((who) => {
      // An organizer handles cards as a mentor does; a lurker moves nothing.
      const cells = who === 'lurker' ? 'join join join join join' : GRID[situation]![who === 'olga' ? 'mia' : who]!;
      return cells.split(' ').map((cell, index) => ({ situation, column, held, who, to: COLUMNS[index]!, cell }));
    }),
  );

  it('covers every situation, role and target', () => expect(table).toHaveLength(SITUATIONS.length * 5 * COLUMNS.length));

  it.each(table)('$situation: $who to $to → $cell', ({ column, held, who, to, cell }) => {
    const state = board(column, held);
    const before = shown(state);
    const actual = outcome(state, who, { name: 'issue:move', payload: { issueId: CARD, column: to } });
    expectOutcome(actual, cell === '✓' ? landed(before, to) : REFUSALS[cell]!);
  });

  it('a mentor reopening a held card to Open releases it first, then moves it', () => {
    for (const column of ['ready', 'done'] as const) {
      const state = board(column, true);
      const decision = decide(state, PEOPLE.mia, { name: 'issue:move', payload: { issueId: CARD, column: 'open' } }, { now: T0, nextSeq: state.seq + 1 });
      expect(decision).toEqual({
        ok: true,
        events: [
          { type: 'issue.released', issueId: CARD },
          { type: 'issue.moved', issueId: CARD, from: column, to: 'open' },
        ],
      });
    }
  });

  it('a reopened card can be claimed and worked on again, and is fixed by whoever finishes it', () => {
    const state = board('done', false);
    must(state, 'mia', { name: 'issue:move', payload: { issueId: CARD, column: 'open' } });
    must(state, 'bo', { name: 'issue:claim', payload: { issueId: CARD } });
    must(state, 'mia', { name: 'issue:move', payload: { issueId: CARD, column: 'ready' } });
    must(state, 'bo', { name: 'issue:release', payload: { issueId: CARD } });
    expect(shown(state)).toEqual({ column: 'ready', claimant: undefined, fixedBy: PEOPLE.bo });
  });
});

describe('removing a person', () => {
  it.each(SITUATIONS.filter(([, , held]) => held))('%s: finished work stays and keeps who fixed it', (_name, column) => {
    const state = board(column, true);
    must(state, 'olga', { name: 'person:remove', payload: { personId: ana } });
    const finished = column === 'ready' || column === 'done';
    expect(shown(state)).toEqual(finished ? { column, claimant: undefined, fixedBy: ana } : { column: 'open', claimant: undefined, fixedBy: undefined });
  });
});

describe('the move list', () => {
  it.each(SITUATIONS)('%s: offers ana exactly what decide accepts', (_name, column, held) => {
    const state = board(column, held);
    const offered = moveTargets(state, state.issues[CARD]!, state.people[ana]);
    const accepted = COLUMNS.filter((to) => to !== column && send(structuredClone(state), ana, { name: 'issue:move', payload: { issueId: CARD, column: to } }).ok);
    expect(offered).toEqual(accepted);
  });

  it('never offers a participant a way out of Ready to commit or Done', () => {
    for (const column of ['ready', 'done'] as const) {
      for (const held of [true, false]) {
        const state = board(column, held);
        expect(moveTargets(state, state.issues[CARD]!, state.people[ana])).toEqual([]);
      }
    }
  });

  it.each([
    ['ready', 'open', true],
    ['ready', 'in-progress', true],
    ['ready', 'review', true],
    ['ready', 'done', false],
    ['done', 'ready', true],
    ['done', 'open', true],
    ['review', 'open', false],
    ['in-progress', 'review', false],
    ['open', 'done', false],
  ] as const)('moving a card from %s to %s is a reopen: %s', (from, to, reopen) => {
    expect(isReopen({ column: from }, to)).toBe(reopen);
  });
});
