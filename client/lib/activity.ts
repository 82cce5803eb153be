/** The compact system lines the chat shows between messages, described from the event log. */
import { issueName, nickOf } from './domain.ts';
import type { BoardState, DomainEvent } from '../../shared/protocol.ts';
import { COLUMN_LABELS } from './columns.ts';

export interface ActivityLine {
  /** The seq of the event it describes, so it sorts among chat messages. */
  seq: number;
  at: number;
  text: string;
}

/** Describes an event already folded into `state`; undefined for events the chat does not narrate. */
export function describe(state: BoardState, event: DomainEvent): ActivityLine | undefined {
  const who = nickOf(state, event.actor);
  const issue = (id: string | undefined) => {
    const found = id === undefined ? undefined : state.issues[id];
    return found ? issueName(found) : 'an issue';
  };
  const line = (text: string): ActivityLine => ({ seq: event.seq, at: event.at, text });
  switch (event.type) {
    case 'issue.claimed':
      return line(`${who} claimed ${issue(event.issueId)}`);
    case 'issue.released':
      return line(`${who} released ${issue(event.issueId)}`);
    case 'issue.moved':
      return line(`${who} moved ${issue(event.issueId)} to ${COLUMN_LABELS[event.to]}`);
    case 'help.raised': {
      const on = event.issueId ? ` on ${issue(event.issueId)}` : '';
      return line(`${who} asked for help${on}: ${event.note}`);
    }
    case 'help.taken':
      return line(`${who} is helping ${nickOf(state, state.help[event.helpId]?.by)}`);
    case 'help.resolved':
      return line(`${who} marked the help flag of ${nickOf(state, state.help[event.helpId]?.by)} resolved`);
    case 'help.cancelled':
      return line(`${who} no longer needs help`);
    default:
      return undefined;
  }
}
