/** The compact system lines the chat shows between messages, described from the event log. */
import { aRole, COLUMN_LABELS, issueName, nickOf } from './domain.ts';
import { leaseDeadline } from '../../shared/domain/clock.ts';
import { holdersOf } from '../../shared/domain/state.ts';
import type { BoardState, DomainEvent, EventInfoUpdate } from '../../shared/protocol.ts';
import { CHECK_WORDS } from './checks.ts';
import { listOf } from './lists.ts';
import { clockTime } from './time.ts';

export interface ActivityLine {
  /** The seq of the event it describes, so it sorts among chat messages. */
  seq: number;
  at: number;
  /** The sentence the chat shows. */
  text: string;
  /**
   * For a line that does one thing to one issue, the pieces of its text: `text` is exactly
   * `${who} ${verb} ${what}${after}`, so that lines alike but for the issue can be said as one
   * ("carol claimed #4191 and #4198"). A line with a note of its own has none: no two read alike.
   */
  parts?: ActivityParts;
}

export interface ActivityParts {
  who: string;
  /** What was done, up to the issue: "claimed", "posted a patch for". */
  verb: string;
  /** The issue, as the text names it: "#4191". */
  what: string;
  /** What follows the issue, from its first character: " to Done", ": works for them", or "". */
  after: string;
}

const withNote = (text: string, note: string | undefined) => (note ? `${text}: ${note}` : text);

/** "the claim rules and the focus": what an update changed, as far as people tell those apart. */
function updated({ claims, focus, branches, ...details }: EventInfoUpdate): string {
  const what = [
    ...(Object.keys(details).length ? ['the event details'] : []),
    ...(claims ? ['the claim rules'] : []),
    ...(focus ? ['the focus'] : []),
    ...(branches ? ['the branches to check'] : []),
  ];
  return listOf(what.length ? what : ['the event details']);
}

/** Who must act on a card whose lease ran out, and by when; the clock, not a person, did this. */
function staleLine(state: BoardState, issueId: string, name: string): string {
  const issue = state.issues[issueId];
  const holders = issue ? holdersOf(issue).map((id) => nickOf(state, id)) : [];
  const due = issue && leaseDeadline(state.event.claims, issue);
  const tell = holders.length && due !== undefined ? `: ${listOf(holders)}, extend it or it is released at ${clockTime(due)}` : '';
  return `${name}'s lease ran out${tell}`;
}

/** Describes an event already folded into `state`; undefined for events the chat does not narrate. */
export function describe(state: BoardState, event: DomainEvent): ActivityLine | undefined {
  const who = nickOf(state, event.actor);
  const issue = (id: string | undefined) => {
    const found = id === undefined ? undefined : state.issues[id];
    return found ? issueName(found) : 'an issue';
  };
  const line = (text: string): ActivityLine => ({ seq: event.seq, at: event.at, text });
  const asker = (helpId: string) => nickOf(state, state.help[helpId]?.by);
  /** A line that does one thing to one issue; with a note of its own it is said whole, like any other. */
  const toIssue = (verb: string, issueId: string, after = '', note?: string): ActivityLine => {
    const parts = { who, verb, what: issue(issueId), after };
    const text = `${who} ${verb} ${parts.what}${after}`;
    // Two issues this page does not know are both "an issue": they must not read as one.
    return note || !state.issues[issueId] ? line(withNote(text, note)) : { ...line(text), parts };
  };
  switch (event.type) {
    case 'issue.claimed':
      return toIssue('claimed', event.issueId);
    case 'issue.released':
      if (event.reason === 'expired') return line(`${issue(event.issueId)} was released: nobody worked on it through its lease`);
      return toIssue('released', event.issueId);
    case 'issue.stale':
      return line(staleLine(state, event.issueId, issue(event.issueId)));
    case 'issue.extended':
      return toIssue('extended', event.issueId);
    case 'issue.paired':
      return toIssue(event.personId === event.actor ? 'joined' : `added ${nickOf(state, event.personId)} to`, event.issueId);
    case 'issue.unpaired':
      return toIssue(event.personId === event.actor ? 'left' : `took ${nickOf(state, event.personId)} off`, event.issueId);
    case 'issue.checked':
      return toIssue('checked', event.issueId, ` on ${event.branch}: ${CHECK_WORDS[event.result].toLowerCase()}`);
    case 'issue.commitAsked':
      return toIssue('asked for a commit of', event.issueId, '', event.note);
    case 'issue.moved':
      return toIssue('moved', event.issueId, ` to ${COLUMN_LABELS[event.to]}`);
    case 'issue.assigned':
      return toIssue('assigned', event.issueId, ` to ${nickOf(state, event.personId)}`);
    case 'issue.patched':
      return toIssue('posted a patch for', event.issueId, '', event.note);
    case 'issue.tested':
      return toIssue('tested', event.issueId, `: ${event.result} for them`, event.note);
    case 'help.raised': {
      const on = event.issueId ? ` on ${issue(event.issueId)}` : '';
      return line(`${who} asked for help${on}: ${event.note}`);
    }
    case 'help.taken':
      return line(`${who} is helping ${asker(event.helpId)}`);
    case 'help.resolved':
      return line(`${who} marked the help flag of ${asker(event.helpId)} resolved`);
    case 'help.cancelled':
      if (event.reason === 'stranded') return line(`${asker(event.helpId)}'s flag was cancelled: they left`);
      return line(`${who} no longer needs help`);
    case 'help.returned':
      if (event.reason === 'stranded') return line(`${asker(event.helpId)}'s flag is back in the queue: ${nickOf(state, event.mentor)} left`);
      return line(`${who} handed ${asker(event.helpId)}'s flag back to the queue`);
    case 'help.held':
      return line(withNote(`${who} put ${asker(event.helpId)}'s flag on hold for ${event.minutes} min`, event.reason));
    case 'help.resumed':
      return line(`${asker(event.helpId)}'s flag is back from hold`);
    case 'help.shared':
      return line(`${who} made their help thread public`);
    case 'help.replied':
      // A thread's words stay in the thread, where only those who may read them see them.
      return undefined;
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
      return line(`${who} updated ${updated(event.info)}`);
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
