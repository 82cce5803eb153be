/**
 * decide(state, actor, command, ctx) → the events a command produces, or a
 * refusal. Pure: time and fresh ids come in through ctx, so the server stays
 * the only place where they are chosen and tests can fix them.
 *
 * Every board command passes the same gates in the same order — joined, not
 * removed, allowed for the role, event open — before its own rules run.
 * Joining and elevating have their own: they are how a role is had at all.
 */
import { LIMITS, type BoardState, type CommandName, type CommandPayloads, type JoinPayload, type Person, type Registration, type Role } from '../protocol.ts';
import { helpDeciders } from './decide-help.ts';
import { issueDeciders } from './decide-issues.ts';
import { eventDeciders } from './decide-event.ts';
import { aRole, nickOf } from './format.ts';
import { can } from './permissions.ts';
import { accept, newId, outranks, own, refuse, type DecideContext, type Decider, type Decision } from './rules.ts';
import { findIrcPerson, findPersonByNick } from './state.ts';

export type { DecideContext, Decision } from './rules.ts';

/** Who sends a command: a person id, or null for a connection that has not joined (a lurker). */
export type Actor = string | null;

/**
 * Joining and elevating carry the role that the server granted after checking
 * a key; the key itself never reaches the domain.
 */
export type DomainCommand =
  | { name: 'session:join'; payload: Omit<JoinPayload, 'key' | 'registration'> & { role?: Role; registrationId?: string } }
  | { name: 'session:elevate'; payload: { role: Role } }
  /** Sent by the IRC bridge alone, for a nick heard in the channel for the first time. */
  | { name: 'irc:join'; payload: { nick: string } }
  | { [N in CommandName]: { name: N; payload: CommandPayloads[N] } }[CommandName];

/** Registering is a lurker's: it is decided before the gates every other command passes. */
type GatedCommand = Exclude<CommandName, 'person:register'>;

const deciders: { [N in GatedCommand]: Decider<CommandPayloads[N]> } = {
  ...issueDeciders,
  ...helpDeciders,
  ...eventDeciders,
};

/** What a closed event still lets an organizer do. */
const WHILE_CLOSED = new Set<CommandName>(['event:reopen', 'mentorCode:show']);

function decideJoin(
  state: BoardState,
  actor: Actor,
  payload: { nick: string; venue?: string; firstTime?: boolean; role?: Role; registrationId?: string },
  ctx: DecideContext,
): Decision {
  if (actor !== null) return refuse('conflict', `You have already joined as ${nickOf(state, actor)}.`);
  const role = payload.role ?? 'participant';
  if (state.event.closed && role !== 'organizer') return refuse('forbidden', 'The event is closed; you can still watch.');
  const taken = findPersonByNick(state, payload.nick);
  if (taken) return refuse('nick_taken', `The nick ${taken.nick} is taken; pick another one.`);
  const claimed = payload.registrationId === undefined ? undefined : own(state.registrations, payload.registrationId);
  if (claimed?.personId) return refuse('conflict', `That registration was already used by ${nickOf(state, claimed.personId)}.`);
  // A registration under this nick is theirs unless its link said otherwise.
  const registration = claimed ?? unclaimedRegistration(state, payload.nick);
  const venue = payload.venue ?? registration?.venue;
  const person: Person = {
    id: newId('p', ctx),
    nick: payload.nick,
    role,
    joinedAt: ctx.now,
    ...(venue !== undefined ? { venue } : {}),
    ...(payload.firstTime || registration?.firstTime ? { firstTime: true } : {}),
    ...(registration ? { registrationId: registration.id } : {}),
  };
  return accept({ type: 'person.joined', person });
}

/** Someone in the IRC channel becomes a person when they first speak: a participant, whatever their nick says. */
function decideIrcJoin(state: BoardState, actor: Actor, { nick }: { nick: string }, ctx: DecideContext): Decision {
  if (actor !== null) return refuse('forbidden', 'Only the IRC bridge brings in people from IRC.');
  if (state.event.closed) return refuse('forbidden', 'The event is closed; you can still watch.');
  if (findIrcPerson(state, nick)) return refuse('conflict', `${nick} is already here from IRC.`);
  return accept({ type: 'person.joined', person: { id: newId('p', ctx), nick, role: 'participant', via: 'irc', joinedAt: ctx.now } });
}

function unclaimedRegistration(state: BoardState, name: string): Registration | undefined {
  const wanted = name.toLocaleLowerCase('en');
  return Object.values(state.registrations).find((r) => !r.personId && r.name.toLocaleLowerCase('en') === wanted);
}

function decideRegister(state: BoardState, actor: Actor, payload: CommandPayloads['person:register'], ctx: DecideContext): Decision {
  if (actor !== null) return refuse('forbidden', `You have already joined as ${nickOf(state, actor)}; registering is for before you join.`);
  if (state.event.closed) return refuse('forbidden', 'The event is closed.');
  if (unclaimedRegistration(state, payload.name)) return refuse('conflict', `${payload.name} is already registered.`);
  if (Object.keys(state.registrations).length >= LIMITS.registrations) return refuse('conflict', 'This event takes no more registrations.');
  const { name, venue, email } = payload;
  return accept({
    type: 'person.registered',
    registration: {
      id: newId('r', ctx),
      name,
      firstTime: payload.firstTime ?? false,
      ...(venue !== undefined ? { venue } : {}),
      ...(email !== undefined ? { email } : {}),
    },
  });
}

function decideElevate(state: BoardState, person: Person, role: Role): Decision {
  if (!outranks(role, person.role)) return refuse('conflict', `You are already ${aRole(person.role)}.`);
  if (state.event.closed && role !== 'organizer') return refuse('forbidden', 'The event is closed; you can still watch.');
  return accept({ type: 'person.roleChanged', personId: person.id, role });
}

export function decide(state: BoardState, actor: Actor, command: DomainCommand, ctx: DecideContext): Decision {
  if (command.name === 'session:join') return decideJoin(state, actor, command.payload, ctx);
  if (command.name === 'person:register') return decideRegister(state, actor, command.payload, ctx);
  if (command.name === 'irc:join') return decideIrcJoin(state, actor, command.payload, ctx);
  if (actor === null) return refuse('forbidden', 'Join first: lurkers can watch but not change anything.');
  const person = state.people[actor];
  if (!person) return refuse('forbidden', 'Unknown person; join again.');
  if (person.removed) return refuse('forbidden', 'An organizer removed you from this event.');
  if (command.name === 'session:elevate') return decideElevate(state, person, command.payload.role);
  if (!can(person.role, command.name)) return refuse('forbidden', `As ${aRole(person.role)} you cannot do that (${command.name}).`);
  if (state.event.closed && !WHILE_CLOSED.has(command.name)) {
    return refuse('forbidden', 'The event is closed: the board and the chat are read-only now.');
  }
  const decider = deciders[command.name as GatedCommand] as Decider<typeof command.payload>;
  return decider(state, person, command.payload, ctx);
}
