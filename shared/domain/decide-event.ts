/** Chat and the organizer's powers over the event and the people in it. */
import type { BoardState, CommandPayloads, EventInfoUpdate, Person } from '../protocol.ts';
import { aRole } from './format.ts';
import { accept, findPerson, refuse, type Decider } from './rules.ts';
import { chatMessage } from './state.ts';

type EventCommands = Pick<
  CommandPayloads,
  | 'chat:send'
  | 'chat:remove'
  | 'person:role'
  | 'person:mute'
  | 'person:remove'
  | 'person:listed'
  | 'event:update'
  | 'event:close'
  | 'event:reopen'
  | 'mentorCode:show'
  | 'mentorCode:rotate'
>;

/** Organizers act on other people, never on themselves or on each other. */
function target(state: BoardState, actor: Person, personId: string) {
  const lookup = findPerson(state, personId);
  if ('refusal' in lookup) return lookup;
  if (lookup.found.id === actor.id) return { refusal: refuse('forbidden', 'You cannot do that to yourself.') };
  if (lookup.found.role === 'organizer') {
    return { refusal: refuse('forbidden', `${lookup.found.nick} is an organizer; organizers cannot act on each other.`) };
  }
  return lookup;
}

export const eventDeciders: { [N in keyof EventCommands]: Decider<EventCommands[N]> } = {
  'chat:send': (_state, actor, { text, action }) => {
    if (actor.muted) return refuse('forbidden', 'An organizer has muted you; you cannot chat for now.');
    return accept({ type: 'chat.sent', text, ...(action ? { action: true } : {}) });
  },

  'chat:remove': (state, _actor, { chatSeq }) => {
    const message = chatMessage(state, chatSeq);
    if (!message) return refuse('not_found', 'That message does not exist.');
    if (message.removedBy) return refuse('conflict', 'That message was already removed.');
    return accept({ type: 'chat.removed', chatSeq });
  },

  'person:role': (state, actor, { personId, role }) => {
    const lookup = target(state, actor, personId);
    if ('refusal' in lookup) return lookup.refusal;
    if (lookup.found.role === role) return refuse('conflict', `${lookup.found.nick} is already ${aRole(role)}.`);
    if (lookup.found.via === 'irc') return refuse('forbidden', `${lookup.found.nick} is on IRC, where a nick proves little: people on IRC stay participants.`);
    return accept({ type: 'person.roleChanged', personId, role });
  },

  'person:mute': (state, actor, { personId, muted }) => {
    const lookup = target(state, actor, personId);
    if ('refusal' in lookup) return lookup.refusal;
    if (Boolean(lookup.found.muted) === muted) {
      return refuse('conflict', `${lookup.found.nick} is already ${muted ? 'muted' : 'not muted'}.`);
    }
    return accept({ type: 'person.muted', personId, muted });
  },

  'person:remove': (state, actor, { personId }) => {
    const lookup = target(state, actor, personId);
    if ('refusal' in lookup) return lookup.refusal;
    return accept({ type: 'person.removed', personId });
  },

  'event:update': (state, _actor, { claims, help, irc, ...rest }) => {
    const startsAt = rest.startsAt ?? state.event.startsAt;
    const endsAt = rest.endsAt ?? state.event.endsAt;
    if (startsAt !== undefined && endsAt !== undefined && endsAt < startsAt) {
      return refuse('invalid_payload', 'The event cannot end before it starts.');
    }
    // The log records the rules as they now are, so a reader of one event needs no earlier one.
    const info: EventInfoUpdate = {
      ...rest,
      ...(claims ? { claims: { ...state.event.claims, ...claims } } : {}),
      ...(help ? { help: { ...state.event.help, ...help } } : {}),
      ...(irc ? { irc: { ...state.event.irc, ...irc } } : {}),
    };
    if (info.claims && info.claims.newcomerMax > info.claims.max) {
      return refuse('invalid_payload', `First-timers cannot be allowed more issues (${info.claims.newcomerMax}) than anyone else (${info.claims.max}).`);
    }
    return accept({ type: 'event.updated', info });
  },

  'person:listed': (_state, actor, { listed }) => {
    if (!actor.unlisted === listed) return refuse('conflict', listed ? 'You are already listed.' : 'You are already not listed.');
    return accept({ type: 'person.listed', listed });
  },

  'event:close': (state) => (state.event.closed ? refuse('conflict', 'The event is already closed.') : accept({ type: 'event.closed' })),

  'event:reopen': (state) => (state.event.closed ? accept({ type: 'event.reopened' }) : refuse('conflict', 'The event is open.')),

  // Showing the code changes nothing; the server reads it from its secrets once this allows it.
  'mentorCode:show': () => accept(),

  'mentorCode:rotate': () => accept({ type: 'mentorCode.rotated' }),
};
