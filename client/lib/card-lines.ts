/** The lines of a card's own timeline: the chat's activity lines, and those of the workflow only a card's story tells. */
import { issueName, nickOf } from './domain.ts';
import type { BoardState, DomainEvent } from '../../shared/protocol.ts';
import { describe } from './activity.ts';
import { CHECK_WORDS } from './checks.ts';

export interface CardLine {
  seq: number;
  at: number;
  text: string;
}

const withNote = (text: string, note: string | undefined) => (note ? `${text}: ${note}` : text);

/** Describes an event about one card, already folded into `state`; undefined for one its timeline leaves out. */
export function cardLine(state: BoardState, event: DomainEvent): CardLine | undefined {
  const who = nickOf(state, event.actor);
  const line = (text: string): CardLine => ({ seq: event.seq, at: event.at, text });
  const found = 'issueId' in event && event.issueId !== undefined ? state.issues[event.issueId] : undefined;
  const card = found ? issueName(found) : 'the card';
  switch (event.type) {
    case 'issue.stale':
      return line(`The lease on ${card} ran out: it is stale`);
    case 'issue.released':
      // The clock's release has no person behind it; a person's is said as the chat says it.
      return event.reason === 'expired' ? line(`${card} released: nobody worked on it through its lease`) : describe(state, event);
    case 'issue.extended':
      return line(`${who} extended the lease on ${card}`);
    case 'issue.paired':
      return line(`${who} added ${nickOf(state, event.personId)} to ${card} as a co-worker`);
    case 'issue.unpaired':
      return line(event.personId === event.actor ? `${who} left ${card}` : `${who} took ${nickOf(state, event.personId)} off ${card}`);
    case 'issue.checked':
      return line(`${who} checked ${event.branch}: ${CHECK_WORDS[event.result].toLowerCase()}`);
    case 'issue.commitAsked':
      return line(withNote(`${who} asked for a commit of ${card}`, event.note));
    default:
      return describe(state, event);
  }
}
