/**
 * A help thread is private to the asker and the mentors until the asker
 * shares it. The log keeps every word; what leaves the server for anyone
 * else has the words taken out — live, in a sync, in a replay, in an export.
 * These functions say what a viewer may read; the server applies them.
 */
import type { BoardState, DomainEvent, HelpFlag } from '../protocol.ts';
import { inThread } from './decide-help.ts';
import { own } from './rules.ts';

/** A person id, or null for a lurker. */
export type Viewer = string | null;

export function mayReadThread(state: BoardState, flag: HelpFlag, viewer: Viewer): boolean {
  if (flag.shared) return true;
  const person = viewer === null ? undefined : own(state.people, viewer);
  return person !== undefined && !person.removed && inThread(flag, person);
}

const hidden = (flag: HelpFlag) => !flag.shared && flag.thread.length > 0;

/** Whether there are words `viewer` may read that a lurker may not: then they need a sync of their own. */
export function readsPrivate(state: BoardState, viewer: Viewer): boolean {
  if (viewer === null) return false;
  return Object.values(state.help).some((flag) => hidden(flag) && mayReadThread(state, flag, viewer));
}

/** Whether any event here holds words some page may not read. */
export function holdsPrivate(state: BoardState, events: readonly DomainEvent[]): boolean {
  return events.some((event) => event.type === 'help.replied' && !own(state.help, event.helpId)?.shared);
}

/** The event as `viewer` may see it: a reply in a private thread they are not in comes without its words. */
export function eventFor(state: BoardState, event: DomainEvent, viewer: Viewer): DomainEvent {
  if (event.type !== 'help.replied') return event;
  const flag = own(state.help, event.helpId);
  return flag && !mayReadThread(state, flag, viewer) ? { ...event, text: '' } : event;
}

/** The board as `viewer` may see it; the same object when nothing is hidden from them. */
export function stateFor(state: BoardState, viewer: Viewer): BoardState {
  const redact = Object.values(state.help).filter((flag) => hidden(flag) && !mayReadThread(state, flag, viewer));
  if (redact.length === 0) return state;
  const help = { ...state.help };
  for (const flag of redact) help[flag.id] = { ...flag, thread: flag.thread.map((reply) => ({ ...reply, text: '' })) };
  return { ...state, help };
}
