/**
 * apply(state, event) folds one event into the state. It updates the state it
 * is given in place and returns it: the server folds a weekend of events and
 * the client's state is a Svelte proxy, where in-place updates are what keep
 * rendering fine-grained. Callers that need the old state keep a clone.
 *
 * apply trusts its input: events come from the log, after `decide` accepted them.
 */
import type { BoardState, DomainEvent, Issue } from '../protocol.ts';
import { isFinished } from './rules.ts';
import { chatMessage } from './state.ts';

export function apply(state: BoardState, event: DomainEvent): BoardState {
  if (event.seq !== state.seq + 1) {
    throw new Error(`event ${event.seq} does not follow ${state.seq}`);
  }
  state.seq = event.seq;
  switch (event.type) {
    case 'person.joined':
      state.people[event.person.id] = { ...event.person };
      break;
    case 'chat.sent':
      state.chat.push({ seq: event.seq, at: event.at, author: event.actor, text: event.text });
      break;
    case 'issue.created':
      state.issues[event.issue.id] = {
        ...event.issue,
        labels: [...event.issue.labels],
        column: 'open',
        createdBy: event.actor,
        createdAt: event.at,
        patches: [],
        reports: [],
      };
      state.issueOrder.push(event.issue.id);
      break;
    case 'issue.claimed': {
      const issue = state.issues[event.issueId]!;
      issue.claimant = event.actor;
      issue.claimedAt = event.at;
      issue.column = 'in-progress';
      break;
    }
    case 'issue.released':
      release(state.issues[event.issueId]!);
      break;
    case 'issue.assigned': {
      const issue = state.issues[event.issueId]!;
      issue.claimant = event.personId;
      issue.claimedAt = event.at;
      if (issue.column === 'open') issue.column = 'in-progress';
      break;
    }
    case 'issue.patched':
      state.issues[event.issueId]!.patches.push(withNote({ url: event.url, by: event.actor, at: event.at }, event.note));
      break;
    case 'issue.tested':
      state.issues[event.issueId]!.reports.push(withNote({ result: event.result, by: event.actor, at: event.at }, event.note));
      break;
    case 'issue.moved': {
      const issue = state.issues[event.issueId]!;
      issue.column = event.to;
      // Back before Ready to commit the card is being worked on again: nobody has fixed it yet.
      if (!isFinished(event.to)) delete issue.fixedBy;
      break;
    }
    case 'help.raised':
      state.help[event.helpId] = {
        id: event.helpId,
        by: event.actor,
        note: event.note,
        status: 'open',
        raisedAt: event.at,
        ...(event.issueId !== undefined ? { issueId: event.issueId } : {}),
      };
      break;
    case 'help.taken': {
      const flag = state.help[event.helpId]!;
      flag.status = 'taken';
      flag.mentor = event.actor;
      flag.takenAt = event.at;
      break;
    }
    case 'help.resolved':
    case 'help.cancelled': {
      const flag = state.help[event.helpId]!;
      flag.status = event.type === 'help.resolved' ? 'resolved' : 'cancelled';
      flag.closedAt = event.at;
      break;
    }
    case 'chat.removed': {
      // A page holds only the newer part of a long chat; the message may be older than that.
      const message = chatMessage(state, event.chatSeq);
      if (message) {
        message.text = '';
        message.removedBy = event.actor;
      }
      break;
    }
    case 'person.roleChanged':
      state.people[event.personId]!.role = event.role;
      break;
    case 'person.muted':
      if (event.muted) state.people[event.personId]!.muted = true;
      else delete state.people[event.personId]!.muted;
      break;
    case 'person.removed':
      removePerson(state, event.personId, event.at);
      break;
    case 'event.updated':
      Object.assign(state.event, structuredClone(event.info));
      break;
    case 'event.closed':
    case 'event.reopened':
      state.event.closed = event.type === 'event.closed';
      break;
    case 'mentorCode.rotated':
      // Only the server's secrets change; the log keeps when it happened.
      break;
  }
  return state;
}

/**
 * Letting go of a card puts it back in Open for someone else, unless the work
 * is finished: then the card stays where a mentor put it and remembers who
 * fixed it.
 */
function release(issue: Issue) {
  if (!isFinished(issue.column)) issue.column = 'open';
  else if (issue.claimant !== undefined) issue.fixedBy = issue.claimant;
  delete issue.claimant;
  delete issue.claimedAt;
}

const withNote = <T extends object>(record: T, note: string | undefined): T & { note?: string } =>
  note !== undefined ? { ...record, note } : record;

/** A removed person's unfinished work goes back to the board and their questions are closed, so nothing waits on them. */
function removePerson(state: BoardState, personId: string, at: number) {
  state.people[personId]!.removed = true;
  for (const issue of Object.values(state.issues)) if (issue.claimant === personId) release(issue);
  for (const flag of Object.values(state.help)) {
    if (flag.status !== 'open' && flag.status !== 'taken') continue;
    if (flag.by === personId) {
      flag.status = 'cancelled';
      flag.closedAt = at;
    } else if (flag.mentor === personId) {
      flag.status = 'open';
      delete flag.mentor;
      delete flag.takenAt;
    }
  }
}

export function applyAll(state: BoardState, events: Iterable<DomainEvent>): BoardState {
  for (const event of events) apply(state, event);
  return state;
}
