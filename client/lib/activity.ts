/** The compact system lines the chat shows between messages, described from the event log. */
import { aRole, issueName, nickOf } from './domain.ts';
import type { BoardState, DomainEvent } from '../../shared/protocol.ts';
import { COLUMN_LABELS } from './columns.ts';

export interface ActivityLine {
  /** The seq of the event it describes, so it sorts among chat messages. */
  seq: number;
  at: number;
  text: string;
}

const withNote = (text: string, note: string | undefined) => (note ? `${text}: ${note}` : text);

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
    case 'issue.assigned':
      return line(`${who} assigned ${issue(event.issueId)} to ${nickOf(state, event.personId)}`);
    case 'issue.patched':
      return line(withNote(`${who} posted a patch for ${issue(event.issueId)}`, event.note));
    case 'issue.tested':
      return line(withNote(`${who} tested ${issue(event.issueId)}: ${event.result} for them`, event.note));
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
    case 'chat.removed':
      return line('A moderator removed a message');
    case 'person.roleChanged':
      if (event.personId === event.actor) return line(`${who} is now ${aRole(event.role)}`);
      return line(`${who} made ${nickOf(state, event.personId)} ${aRole(event.role)}`);
    case 'person.muted':
      return line(`${who} ${event.muted ? 'muted' : 'unmuted'} ${nickOf(state, event.personId)}`);
    case 'person.removed':
      return line(`${who} removed ${nickOf(state, event.personId)} from the event`);
    case 'event.updated':
      return line(`${who} updated the event details`);
    case 'event.closed':
      return line(`${who} closed the event: the board and the chat are read-only now`);
    case 'event.reopened':
      return line(`${who} reopened the event`);
    case 'mentorCode.rotated':
      // The code itself never enters the log or the chat.
      return line(`${who} rotated the mentor code; the old one no longer works`);
    default:
      return undefined;
  }
}
