/**
 * What some pages may not read. A help thread is private to the asker and
 * the mentors until the asker shares it; a registration's email is the
 * organizers' alone. The log keeps every word; what leaves the server for
 * anyone else has them taken out — live, in a sync, in a replay, in an
 * export. These functions say what a viewer may read; the server applies them.
 */
import type { BoardState, DomainEvent, HelpFlag, Registration } from '../protocol.ts';
import { inThread, own } from './rules.ts';
import { chatMessage } from './state.ts';

/** A person id, or null for a lurker. */
export type Viewer = string | null;

export function mayReadThread(state: BoardState, flag: HelpFlag, viewer: Viewer): boolean {
  if (flag.shared) return true;
  const person = viewer === null ? undefined : own(state.people, viewer);
  return person !== undefined && !person.removed && inThread(flag, person);
}

const hidden = (flag: HelpFlag) => !flag.shared && flag.thread.length > 0;

const readsEmails = (state: BoardState, viewer: Viewer) => viewer !== null && own(state.people, viewer)?.role === 'organizer';

const withoutEmail = <T extends Pick<Registration, 'email'>>({ email: _email, ...rest }: T): Omit<T, 'email'> => rest;

/** Whether there is something `viewer` may read that a lurker may not: then they need a sync of their own. */
export function readsPrivate(state: BoardState, viewer: Viewer): boolean {
  if (viewer === null) return false;
  if (readsEmails(state, viewer) && Object.values(state.registrations).some((r) => r.email !== undefined)) return true;
  return Object.values(state.help).some((flag) => hidden(flag) && mayReadThread(state, flag, viewer));
}

/** Whether any event here holds something some page may not read. */
export function holdsPrivate(state: BoardState, events: readonly DomainEvent[]): boolean {
  return events.some(
    (event) =>
      (event.type === 'help.replied' && !own(state.help, event.helpId)?.shared) ||
      (event.type === 'person.registered' && event.registration.email !== undefined),
  );
}

/**
 * The event as `viewer` may see it: a reply in a private thread they are not
 * in comes without its words, a registration without its email unless they
 * organize, and a message a moderator removed comes as the empty line the board shows.
 */
export function eventFor(state: BoardState, event: DomainEvent, viewer: Viewer): DomainEvent {
  if (event.type === 'chat.sent') return chatMessage(state, event.seq)?.removedBy ? { ...event, text: '' } : event;
  if (event.type === 'person.registered') {
    return event.registration.email === undefined || readsEmails(state, viewer) ? event : { ...event, registration: withoutEmail(event.registration) };
  }
  if (event.type !== 'help.replied') return event;
  const flag = own(state.help, event.helpId);
  return flag && !mayReadThread(state, flag, viewer) ? { ...event, text: '' } : event;
}

/** The board as `viewer` may see it; the same object when nothing is hidden from them. */
export function stateFor(state: BoardState, viewer: Viewer): BoardState {
  const redact = Object.values(state.help).filter((flag) => hidden(flag) && !mayReadThread(state, flag, viewer));
  const emails = readsEmails(state, viewer) ? [] : Object.values(state.registrations).filter((r) => r.email !== undefined);
  if (redact.length === 0 && emails.length === 0) return state;
  const help = { ...state.help };
  for (const flag of redact) help[flag.id] = { ...flag, thread: flag.thread.map((reply) => ({ ...reply, text: '' })) };
  const registrations = { ...state.registrations };
  for (const registration of emails) registrations[registration.id] = withoutEmail(registration);
  return { ...state, help, registrations };
}
