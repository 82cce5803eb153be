/**
 * apply(state, event) folds one event into the state. It updates the state it
 * is given in place and returns it: the server folds a weekend of events and
 * the client's state is a Svelte proxy, where in-place updates are what keep
 * rendering fine-grained. Callers that need the old state keep a clone.
 *
 * apply trusts its input: events come from the log, after `decide` accepted them.
 */
import type { BoardState, DomainEvent } from '../protocol.ts';

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
    case 'issue.released': {
      const issue = state.issues[event.issueId]!;
      delete issue.claimant;
      delete issue.claimedAt;
      issue.column = 'open';
      break;
    }
    case 'issue.moved':
      state.issues[event.issueId]!.column = event.to;
      break;
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
  }
  return state;
}

export function applyAll(state: BoardState, events: Iterable<DomainEvent>): BoardState {
  for (const event of events) apply(state, event);
  return state;
}
