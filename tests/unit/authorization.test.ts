import { describe, expect, it } from 'vitest';
import { apply, decide, emptyState, stamp, type Actor, type DomainCommand } from '../../shared/domain/index.ts';
import type { BoardState, CommandName, Role } from '../../shared/protocol.ts';
import { COMMAND_NAMES } from '../../shared/schemas.ts';

const T0 = Date.UTC(2026, 10, 21, 10);

function run(state: BoardState, actor: Actor, command: DomainCommand) {
  const decision = decide(state, actor, command, { now: T0, nextSeq: state.seq + 1 });
  if (decision.ok) {
    for (const event of stamp(decision.events, state.seq + 1, T0, actor)) apply(state, event);
  }
  return decision;
}

function must(state: BoardState, actor: Actor, command: DomainCommand) {
  const decision = run(state, actor, command);
  if (!decision.ok) throw new Error(`setup ${command.name}: ${decision.error.message}`);
}

/**
 * One of each role, each holding a card of their own, plus newt, a newcomer
 * with an open help flag and a chat message, and one free card.
 */
function world() {
  const state = emptyState();
  const ids = {} as Record<'organizer' | 'mentor' | 'participant' | 'newt', string>;
  const cards = {} as Record<string, string>;
  for (const [key, nick, role] of [
    ['organizer', 'olga', 'organizer'],
    ['mentor', 'mia', 'mentor'],
    ['participant', 'pat', 'participant'],
    ['newt', 'newt', 'participant'],
  ] as const) {
    must(state, null, { name: 'session:join', payload: { nick, role } });
    ids[key] = `p${state.seq}`;
  }
  for (const key of ['organizer', 'mentor', 'participant', 'free'] as const) {
    must(state, ids.newt, { name: 'issue:create', payload: { title: `card of ${key}` } });
    cards[key] = `i${state.seq}`;
    if (key !== 'free') must(state, ids[key], { name: 'issue:claim', payload: { issueId: cards[key] } });
  }
  must(state, ids.newt, { name: 'help:raise', payload: { note: 'How do I build?' } });
  const newtFlag = `h${state.seq}`;
  must(state, ids.newt, { name: 'chat:send', payload: { text: 'hello' } });
  const newtMessage = state.seq;
  must(state, ids.organizer, { name: 'event:update', payload: { branches: ['main'] } });
  return { state, ids, cards, newtFlag, newtMessage };
}

type World = ReturnType<typeof world>;

/** The card `actor` holds in the world. */
const ownCard = (w: World, actor: string) => w.cards[Object.entries(w.ids).find(([, id]) => id === actor)![0]]!;
type Viewer = Role | 'lurker';

interface Cell {
  allowed: Viewer[];
  /** The command as `actor` would send it about their own things. */
  command: (w: World, actor: Actor, own: string) => DomainCommand;
  /** Steps that make the command meaningful, run before it. */
  setup?: (w: World, actor: Actor) => void;
}

const EVERYONE: Viewer[] = ['participant', 'mentor', 'organizer'];
const MENTORS: Viewer[] = ['mentor', 'organizer'];
const ORGANIZERS: Viewer[] = ['organizer'];

const table: Record<CommandName, Cell> = {
  'chat:send': { allowed: EVERYONE, command: () => ({ name: 'chat:send', payload: { text: 'hi' } }) },
  'issue:create': { allowed: EVERYONE, command: () => ({ name: 'issue:create', payload: { title: 'Found one' } }) },
  'issue:claim': { allowed: EVERYONE, command: (w) => ({ name: 'issue:claim', payload: { issueId: w.cards.free! } }) },
  'issue:release': { allowed: EVERYONE, command: (_w, _a, own) => ({ name: 'issue:release', payload: { issueId: own } }) },
  'issue:move': { allowed: EVERYONE, command: (_w, _a, own) => ({ name: 'issue:move', payload: { issueId: own, column: 'review' } }) },
  'issue:patch': {
    allowed: EVERYONE,
    command: (w) => ({ name: 'issue:patch', payload: { issueId: w.cards.free!, url: 'https://example.org/pr/1' } }),
  },
  'issue:report': {
    allowed: EVERYONE,
    command: (w) => ({ name: 'issue:report', payload: { issueId: w.cards.free!, result: 'works' } }),
  },
  'issue:extend': { allowed: EVERYONE, command: (_w, _a, own) => ({ name: 'issue:extend', payload: { issueId: own } }) },
  'issue:pair': { allowed: EVERYONE, command: (w, _a, own) => ({ name: 'issue:pair', payload: { issueId: own, personId: w.ids.newt } }) },
  'issue:unpair': {
    allowed: EVERYONE,
    setup: (w, actor) => actor && must(w.state, actor, { name: 'issue:pair', payload: { issueId: ownCard(w, actor), personId: w.ids.newt } }),
    command: (w, _a, own) => ({ name: 'issue:unpair', payload: { issueId: own, personId: w.ids.newt } }),
  },
  'issue:check': {
    allowed: EVERYONE,
    command: (w) => ({ name: 'issue:check', payload: { issueId: w.cards.free!, branch: 'main', result: 'reproduces' } }),
  },
  'issue:ask-commit': {
    allowed: EVERYONE,
    setup: (w, actor) => {
      if (!actor) return;
      const issueId = ownCard(w, actor);
      must(w.state, actor, { name: 'issue:move', payload: { issueId, column: 'review' } });
      must(w.state, actor, { name: 'issue:patch', payload: { issueId, url: 'https://example.org/pr/2' } });
    },
    command: (_w, _a, own) => ({ name: 'issue:ask-commit', payload: { issueId: own } }),
  },
  'help:raise': { allowed: EVERYONE, command: () => ({ name: 'help:raise', payload: { note: 'stuck' } }) },
  'help:cancel': {
    allowed: EVERYONE,
    setup: (w, actor) => actor && must(w.state, actor, { name: 'help:raise', payload: { note: 'mine' } }),
    command: (w, actor) => ({ name: 'help:cancel', payload: { helpId: actor ? `h${w.state.seq}` : w.newtFlag } }),
  },
  'help:take': { allowed: MENTORS, command: (w) => ({ name: 'help:take', payload: { helpId: w.newtFlag } }) },
  'help:return': {
    allowed: MENTORS,
    setup: (w) => must(w.state, w.ids.mentor, { name: 'help:take', payload: { helpId: w.newtFlag } }),
    command: (w) => ({ name: 'help:return', payload: { helpId: w.newtFlag } }),
  },
  'help:hold': { allowed: MENTORS, command: (w) => ({ name: 'help:hold', payload: { helpId: w.newtFlag, minutes: 10, reason: 'lunch' } }) },
  // Everyone may send it; a participant in someone else's thread is then refused by the decider (see help-queue tests).
  'help:reply': {
    allowed: EVERYONE,
    setup: (w, actor) => actor && must(w.state, actor, { name: 'help:raise', payload: { note: 'mine' } }),
    command: (w, actor) => ({ name: 'help:reply', payload: { helpId: actor ? `h${w.state.seq}` : w.newtFlag, text: 'any news?' } }),
  },
  'help:share': {
    allowed: EVERYONE,
    setup: (w, actor) => actor && must(w.state, actor, { name: 'help:raise', payload: { note: 'mine' } }),
    command: (w, actor) => ({ name: 'help:share', payload: { helpId: actor ? `h${w.state.seq}` : w.newtFlag } }),
  },
  'help:resolve': { allowed: MENTORS, command: (w) => ({ name: 'help:resolve', payload: { helpId: w.newtFlag } }) },
  'issue:assign': {
    allowed: MENTORS,
    command: (w) => ({ name: 'issue:assign', payload: { issueId: w.cards.free!, personId: w.ids.newt } }),
  },
  'issue:import': { allowed: ORGANIZERS, command: () => ({ name: 'issue:import', payload: { issues: [{ title: 'Imported', number: 9 }] } }) },
  'issue:sync': { allowed: ORGANIZERS, command: () => ({ name: 'issue:sync', payload: { issues: [{ title: 'Synced', number: 10 }] } }) },
  'chat:remove': { allowed: ORGANIZERS, command: (w) => ({ name: 'chat:remove', payload: { chatSeq: w.newtMessage } }) },
  'person:role': { allowed: ORGANIZERS, command: (w) => ({ name: 'person:role', payload: { personId: w.ids.newt, role: 'mentor' } }) },
  'person:mute': { allowed: ORGANIZERS, command: (w) => ({ name: 'person:mute', payload: { personId: w.ids.newt, muted: true } }) },
  'person:remove': { allowed: ORGANIZERS, command: (w) => ({ name: 'person:remove', payload: { personId: w.ids.newt } }) },
  'person:listed': { allowed: EVERYONE, command: () => ({ name: 'person:listed', payload: { listed: false } }) },
  'person:register': { allowed: ['lurker'], command: () => ({ name: 'person:register', payload: { name: 'latecomer' } }) },
  'event:update': { allowed: ORGANIZERS, command: () => ({ name: 'event:update', payload: { title: 'Bug weekend' } }) },
  'event:close': { allowed: ORGANIZERS, command: () => ({ name: 'event:close', payload: {} }) },
  'event:reopen': {
    allowed: ORGANIZERS,
    setup: (w) => must(w.state, w.ids.organizer, { name: 'event:close', payload: {} }),
    command: () => ({ name: 'event:reopen', payload: {} }),
  },
  'mentorCode:show': { allowed: ORGANIZERS, command: () => ({ name: 'mentorCode:show', payload: {} }) },
  'mentorCode:rotate': { allowed: ORGANIZERS, command: () => ({ name: 'mentorCode:rotate', payload: {} }) },
};

const VIEWERS: Viewer[] = ['lurker', 'participant', 'mentor', 'organizer'];
const cells = COMMAND_NAMES.flatMap((name) => VIEWERS.map((viewer) => [name, viewer] as const));

describe('who may do what: every command × every role', () => {
  it('the table names every command', () => {
    expect(Object.keys(table).sort()).toEqual([...COMMAND_NAMES].sort());
  });

  it.each(cells)('%s as %s', (name, viewer) => {
    const w = world();
    const actor = viewer === 'lurker' ? null : w.ids[viewer];
    const own = viewer === 'lurker' ? w.cards.participant! : w.cards[viewer]!;
    const cell = table[name];
    cell.setup?.(w, actor);
    const before = structuredClone(w.state);
    const decision = run(w.state, actor, cell.command(w, actor, own));
    if (cell.allowed.includes(viewer)) {
      expect(decision, JSON.stringify(decision)).toMatchObject({ ok: true });
    } else {
      expect(decision).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(w.state).toEqual(before);
    }
  });
});

describe('ownership and moderation rules', () => {
  it('a participant cannot release, move or mark ready a card someone else holds; a mentor can', () => {
    const w = world();
    const theirs = { issueId: w.cards.mentor! };
    expect(run(w.state, w.ids.participant, { name: 'issue:release', payload: theirs })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(run(w.state, w.ids.participant, { name: 'issue:move', payload: { ...theirs, column: 'review' } })).toMatchObject({ ok: false });
    const own = { issueId: w.cards.participant! };
    expect(run(w.state, w.ids.participant, { name: 'issue:move', payload: { ...own, column: 'ready' } })).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: expect.stringMatching(/Only a mentor can mark .* ready to commit/) },
    });
    expect(run(w.state, w.ids.mentor, { name: 'issue:move', payload: { ...own, column: 'ready' } })).toMatchObject({ ok: true });
    expect(run(w.state, w.ids.mentor, { name: 'issue:release', payload: own })).toMatchObject({ ok: true });
    // Released once it is ready to commit, the card stays there and remembers who fixed it.
    expect(w.state.issues[own.issueId]).toMatchObject({ column: 'ready', fixedBy: w.ids.participant });
    expect(w.state.issues[own.issueId]!.claimant).toBeUndefined();
  });

  it('a mentor reassigns a claim to someone else', () => {
    const w = world();
    expect(run(w.state, w.ids.mentor, { name: 'issue:assign', payload: { issueId: w.cards.participant!, personId: w.ids.newt } })).toMatchObject({ ok: true });
    expect(w.state.issues[w.cards.participant!]).toMatchObject({ claimant: w.ids.newt, column: 'in-progress' });
  });

  it('a removed message stays in the log as a removed line', () => {
    const w = world();
    run(w.state, w.ids.organizer, { name: 'chat:remove', payload: { chatSeq: w.newtMessage } });
    expect(w.state.chat.find((m) => m.seq === w.newtMessage)).toEqual({
      seq: w.newtMessage,
      at: T0,
      author: w.ids.newt,
      text: '',
      removedBy: w.ids.organizer,
    });
  });

  it('a muted person cannot chat but can still work; unmuted, they chat again', () => {
    const w = world();
    run(w.state, w.ids.organizer, { name: 'person:mute', payload: { personId: w.ids.newt, muted: true } });
    expect(run(w.state, w.ids.newt, { name: 'chat:send', payload: { text: 'hi' } })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(run(w.state, w.ids.newt, { name: 'issue:claim', payload: { issueId: w.cards.free! } })).toMatchObject({ ok: true });
    run(w.state, w.ids.organizer, { name: 'person:mute', payload: { personId: w.ids.newt, muted: false } });
    expect(run(w.state, w.ids.newt, { name: 'chat:send', payload: { text: 'hi' } })).toMatchObject({ ok: true });
  });

  it('a muted person cannot talk through help flags or notes either', () => {
    const w = world();
    run(w.state, w.ids.organizer, { name: 'person:mute', payload: { personId: w.ids.participant, muted: true } });
    const issueId = w.cards.free!;
    for (const command of [
      { name: 'help:raise', payload: { note: 'psst' } },
      { name: 'issue:patch', payload: { issueId, url: 'https://example.org/pr/2', note: 'psst' } },
      { name: 'issue:report', payload: { issueId, result: 'works', note: 'psst' } },
    ] as DomainCommand[]) {
      expect(run(w.state, w.ids.participant, command), command.name).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(run(w.state, w.ids.participant, { name: 'issue:patch', payload: { issueId, url: 'https://example.org/pr/2' } })).toMatchObject({ ok: true });
  });

  it('a finished card left unclaimed in Done cannot be claimed back into progress', () => {
    const w = world();
    must(w.state, w.ids.mentor, { name: 'issue:move', payload: { issueId: w.cards.free!, column: 'done' } });
    expect(run(w.state, w.ids.participant, { name: 'issue:claim', payload: { issueId: w.cards.free! } })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringMatching(/is already done/) },
    });
  });

  it('a removed person can do nothing; their cards go back to Open and their flag is cancelled', () => {
    const w = world();
    must(w.state, w.ids.newt, { name: 'issue:claim', payload: { issueId: w.cards.free! } });
    run(w.state, w.ids.organizer, { name: 'person:remove', payload: { personId: w.ids.newt } });
    expect(w.state.issues[w.cards.free!]).toMatchObject({ column: 'open' });
    expect(w.state.issues[w.cards.free!]!.claimant).toBeUndefined();
    expect(w.state.help[w.newtFlag]!.status).toBe('cancelled');
    expect(run(w.state, w.ids.newt, { name: 'chat:send', payload: { text: 'hi' } })).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: 'An organizer removed you from this event.' },
    });
  });

  it('organizers cannot act on themselves or on each other', () => {
    const w = world();
    must(w.state, null, { name: 'session:join', payload: { nick: 'oz', role: 'organizer' } });
    const oz = `p${w.state.seq}`;
    for (const personId of [w.ids.organizer, oz]) {
      expect(run(w.state, w.ids.organizer, { name: 'person:remove', payload: { personId } })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(run(w.state, w.ids.organizer, { name: 'person:role', payload: { personId, role: 'participant' } })).toMatchObject({ ok: false });
    }
  });

  it('a closed event is read-only for everyone, organizers too, until reopened', () => {
    const w = world();
    must(w.state, w.ids.organizer, { name: 'event:close', payload: {} });
    for (const actor of [w.ids.participant, w.ids.mentor, w.ids.organizer]) {
      expect(run(w.state, actor, { name: 'chat:send', payload: { text: 'hi' } })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(run(w.state, null, { name: 'session:join', payload: { nick: 'late' } })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(run(w.state, w.ids.participant, { name: 'session:elevate', payload: { role: 'mentor' } })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    must(w.state, w.ids.organizer, { name: 'event:reopen', payload: {} });
    expect(run(w.state, w.ids.participant, { name: 'chat:send', payload: { text: 'hi' } })).toMatchObject({ ok: true });
  });

  it('the organizer edits the event info; it cannot end before it starts', () => {
    const w = world();
    const starts = Date.UTC(2026, 10, 20, 9);
    must(w.state, w.ids.organizer, {
      name: 'event:update',
      payload: { title: 'CPython bug weekend', startsAt: starts, venues: ['Caravan, Montreal'], resources: [{ label: 'devguide', url: 'https://devguide.python.org' }] },
    });
    expect(w.state.event).toMatchObject({ title: 'CPython bug weekend', startsAt: starts, venues: ['Caravan, Montreal'], closed: false });
    expect(run(w.state, w.ids.organizer, { name: 'event:update', payload: { endsAt: starts - 1 } })).toMatchObject({
      ok: false,
      error: { message: 'The event cannot end before it starts.' },
    });
  });

  it('an import skips numbers already on the board, so running it twice adds nothing twice', () => {
    const w = world();
    const issues = [{ title: 'One', number: 1 }, { title: 'Two', number: 2 }, { title: 'One again', number: 1 }];
    must(w.state, w.ids.organizer, { name: 'issue:import', payload: { issues } });
    must(w.state, w.ids.organizer, { name: 'issue:import', payload: { issues } });
    expect(Object.values(w.state.issues).filter((i) => i.number !== undefined).map((i) => i.title)).toEqual(['One', 'Two']);
  });

  it('elevating takes a higher role only', () => {
    const w = world();
    expect(run(w.state, w.ids.participant, { name: 'session:elevate', payload: { role: 'mentor' } })).toMatchObject({ ok: true });
    expect(w.state.people[w.ids.participant]!.role).toBe('mentor');
    expect(run(w.state, w.ids.organizer, { name: 'session:elevate', payload: { role: 'mentor' } })).toMatchObject({
      ok: false,
      error: { message: 'You are already an organizer.' },
    });
  });
});
