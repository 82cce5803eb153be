/**
 * decide(state, actor, command, ctx) → the events a command produces, or a
 * refusal. Pure: time and fresh ids come in through ctx, so the server stays
 * the only place where they are chosen and tests can fix them.
 *
 * Every board command passes the same gates in the same order — joined, not
 * removed, allowed for the role, event open — before its own rules run.
 * Joining and elevating have their own: they are how a role is had at all.
 */
import type { BoardState, CommandName, CommandPayloads, JoinPayload, Person, Role } from '../protocol.ts';
import { helpDeciders } from './decide-help.ts';
import { issueDeciders } from './decide-issues.ts';
import { eventDeciders } from './decide-event.ts';
import { aRole, nickOf } from './format.ts';
import { can } from './permissions.ts';
import { accept, newId, outranks, refuse, type DecideContext, type Decider, type Decision } from './rules.ts';
import { findPersonByNick } from './state.ts';

export type { DecideContext, Decision } from './rules.ts';

/** Who sends a command: a person id, or null for a connection that has not joined (a lurker). */
export type Actor = string | null;

/**
 * Joining and elevating carry the role that the server granted after checking
 * a key; the key itself never reaches the domain.
 */
export type DomainCommand =
  | { name: 'session:join'; payload: Omit<JoinPayload, 'key'> & { role?: Role } }
  | { name: 'session:elevate'; payload: { role: Role } }
  | { [N in CommandName]: { name: N; payload: CommandPayloads[N] } }[CommandName];

const deciders: { [N in CommandName]: Decider<CommandPayloads[N]> } = {
  ...issueDeciders,
  ...helpDeciders,
  ...eventDeciders,
};

/** What a closed event still lets an organizer do. */
const WHILE_CLOSED = new Set<CommandName>(['event:reopen', 'mentorCode:show']);

function decideJoin(
  state: BoardState,
  actor: Actor,
  payload: { nick: string; venue?: string; firstTime?: boolean; role?: Role },
  ctx: DecideContext,
): Decision {
  if (actor !== null) return refuse('conflict', `You have already joined as ${nickOf(state, actor)}.`);
  const role = payload.role ?? 'participant';
  if (state.event.closed && role !== 'organizer') return refuse('forbidden', 'The event is closed; you can still watch.');
  const taken = findPersonByNick(state, payload.nick);
  if (taken) return refuse('nick_taken', `The nick ${taken.nick} is taken; pick another one.`);
  const person: Person = {
    id: newId('p', ctx),
    nick: payload.nick,
    role,
    joinedAt: ctx.now,
    ...(payload.venue !== undefined ? { venue: payload.venue } : {}),
    ...(payload.firstTime ? { firstTime: true } : {}),
  };
  return accept({ type: 'person.joined', person });
}

function decideElevate(state: BoardState, person: Person, role: Role): Decision {
  if (!outranks(role, person.role)) return refuse('conflict', `You are already ${aRole(person.role)}.`);
  if (state.event.closed && role !== 'organizer') return refuse('forbidden', 'The event is closed; you can still watch.');
  return accept({ type: 'person.roleChanged', personId: person.id, role });
}

export function decide(state: BoardState, actor: Actor, command: DomainCommand, ctx: DecideContext): Decision {
  if (command.name === 'session:join') return decideJoin(state, actor, command.payload, ctx);
  if (actor === null) return refuse('forbidden', 'Join first: lurkers can watch but not change anything.');
  const person = state.people[actor];
  if (!person) return refuse('forbidden', 'Unknown person; join again.');
  if (person.removed) return refuse('forbidden', 'An organizer removed you from this event.');
  if (command.name === 'session:elevate') return decideElevate(state, person, command.payload.role);
  if (!can(person.role, command.name)) return refuse('forbidden', `As ${aRole(person.role)} you cannot do that (${command.name}).`);
  if (state.event.closed && !WHILE_CLOSED.has(command.name)) {
    return refuse('forbidden', 'The event is closed: the board and the chat are read-only now.');
  }
  const decider = deciders[command.name] as Decider<typeof command.payload>;
  return decider(state, person, command.payload, ctx);
}
