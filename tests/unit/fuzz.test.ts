import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apply, decide, emptyState, stamp, type Actor, type DomainCommand } from '../../shared/domain/index.ts';
import { COLUMNS, ROLES, type BoardState } from '../../shared/protocol.ts';
import { checkInvariants, damage } from '../fixtures/invariants.ts';
import { COMMAND_NAMES, parseCommand, parseJoin } from '../../shared/schemas.ts';
import { validPayloads } from '../fixtures/payloads.ts';

/** Closing the event or removing people ends most of what can follow, so those come rarely. */
const RARE = new Set(['event:close', 'person:remove', 'person:mute']);
const commandName = fc.oneof(...COMMAND_NAMES.map((name) => ({ weight: RARE.has(name) ? 1 : 6, arbitrary: fc.constant(name) })));

const step = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('join' as const), nick: fc.oneof(fc.constantFrom('ana', 'ANA', 'bo', 'cy', 'dee'), fc.string()), role: fc.constantFrom(...ROLES) }) },
  {
    weight: 10,
    arbitrary: fc.record({
      kind: fc.constant('command' as const),
      name: commandName,
      actor: fc.nat(),
      target: fc.nat(),
      other: fc.nat(),
      damage: fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: damage }),
    }),
  },
);

type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

const pick = <T>(items: T[], n: number): T | undefined => items[n % Math.max(items.length, 1)];

/** The fixture payload, pointed at things that exist now so that runs get past "not found". */
function aimed(state: BoardState, name: (typeof COMMAND_NAMES)[number], target: number, other: number): object {
  const payload: Record<string, unknown> = { ...validPayloads[name] };
  const people = Object.keys(state.people);
  if ('issueId' in payload) payload.issueId = pick(state.issueOrder, target) ?? 'i1';
  if ('helpId' in payload) payload.helpId = pick(Object.keys(state.help), target) ?? 'h1';
  if ('personId' in payload) payload.personId = pick(people, other) ?? 'p1';
  if ('chatSeq' in payload) payload.chatSeq = pick(state.chat, target)?.seq ?? 1;
  if (name === 'issue:move') payload.column = pick([...COLUMNS], other);
  if (name === 'issue:create' || name === 'issue:import') return other % 2 ? payload : { ...payload, number: undefined };
  return payload;
}

/** As the server does it: parse at the boundary, then decide and apply. Returns the events' types. */
function run(state: BoardState, s: Step): string[] {
  let actor: Actor = null;
  let command: DomainCommand;
  if (s.kind === 'join') {
    const parsed = parseJoin({ nick: s.nick });
    if (!parsed.ok) return [];
    command = { name: 'session:join', payload: { nick: parsed.value.nick, role: s.role } };
  } else {
    const payload = aimed(state, s.name, s.target, s.other);
    const parsed = parseCommand(s.name, s.damage ? s.damage(payload) : JSON.parse(JSON.stringify(payload)));
    if (!parsed.ok) return [];
    // One step in eight comes from a lurker.
    actor = s.actor % 8 === 0 ? null : (pick(Object.keys(state.people), s.actor) ?? null);
    command = { name: parsed.value.name, payload: parsed.value.payload } as DomainCommand;
  }
  const decision = decide(state, actor, command, { now: 1_790_000_000_000, nextSeq: state.seq + 1 });
  if (!decision.ok) return [];
  for (const event of stamp(decision.events, state.seq + 1, 1_790_000_000_000, actor)) apply(state, event);
  return decision.events.map((e) => e.type);
}

describe('fuzzing every command', () => {
  it('no sequence of payloads, valid or hostile, from anyone, crashes or breaks the board', () => {
    const happened = new Set<string>();
    fc.assert(
      fc.property(fc.array(step, { minLength: 20, maxLength: 120 }), (steps) => {
        const state = emptyState();
        for (const s of steps) for (const type of run(state, s)) happened.add(type);
        checkInvariants(state);
      }),
      // Enough runs that every deep state below is reached whatever the seed: with 400, one run in ten missed a removal.
      { numRuns: 2_000 },
    );
    // The runs must reach deep states, not stop at refusals.
    expect([...happened].sort()).toEqual(
      expect.arrayContaining(['person.joined', 'issue.created', 'issue.claimed', 'issue.released', 'issue.moved', 'help.taken', 'chat.removed', 'person.removed', 'event.closed']),
    );
    // Thousands of boards: seconds on a quiet machine, and a shared one may take several times that.
  }, 90_000);
});
