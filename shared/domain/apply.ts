/**
 * apply(state, event) folds one event into the state. It updates the state it
 * is given in place and returns it: the server folds a weekend of events and
 * the client's state is a Svelte proxy, where in-place updates are what keep
 * rendering fine-grained. Callers that need the old state keep a clone.
 *
 * apply trusts its input: events come from the log, after `decide` accepted them.
 */
import type { BoardState, DomainEvent, HelpFlag, Issue } from '../protocol.ts';
import { MINUTE_MS } from './clock.ts';
import { mentionedNumbers } from './issue-history.ts';
import { isFinished, isMentor } from './rules.ts';
import { chatMessage, isHolder, issueNumbered, stillOpen } from './state.ts';

export function apply(state: BoardState, event: DomainEvent): BoardState {
  if (event.seq !== state.seq + 1) {
    throw new Error(`event ${event.seq} does not follow ${state.seq}`);
  }
  state.seq = event.seq;
  switch (event.type) {
    case 'person.joined': {
      state.people[event.person.id] = { ...event.person };
      const registration = event.person.registrationId === undefined ? undefined : state.registrations[event.person.registrationId];
      if (registration) registration.personId = event.person.id;
      break;
    }
    case 'person.registered':
      state.registrations[event.registration.id] = { ...event.registration, at: event.at };
      break;
    case 'chat.sent':
      state.chat.push({ seq: event.seq, at: event.at, author: event.actor, text: event.text, ...(event.action ? { action: true } : {}) });
      chatAboutIssues(state, event.actor, event.text, event.at);
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
        checks: [],
      };
      state.issueOrder.push(event.issue.id);
      break;
    case 'issue.claimed': {
      const issue = state.issues[event.issueId]!;
      issue.claimant = event.actor;
      issue.claimedAt = event.at;
      issue.column = 'in-progress';
      // An unclaimed card an organizer put in Needs review goes back to work: its commit is no longer asked for.
      delete issue.commitAsked;
      active(issue, event.at);
      break;
    }
    case 'issue.released':
      release(state.issues[event.issueId]!);
      break;
    case 'issue.updated': {
      const issue = state.issues[event.issueId]!;
      Object.assign(issue, structuredClone(event.changes));
      if (event.reopened) delete issue.closedUpstream;
      break;
    }
    case 'issue.closedUpstream':
      state.issues[event.issueId]!.closedUpstream = true;
      break;
    case 'issue.assigned': {
      const issue = state.issues[event.issueId]!;
      issue.claimant = event.personId;
      issue.claimedAt = event.at;
      if (issue.pair) setPair(issue, issue.pair.filter((id) => id !== event.personId));
      if (issue.column === 'open') issue.column = 'in-progress';
      active(issue, event.at);
      break;
    }
    case 'issue.patched': {
      const issue = state.issues[event.issueId]!;
      issue.patches.push(withNote({ url: event.url, by: event.actor, at: event.at }, event.note));
      byHolder(issue, event.actor, event.at);
      break;
    }
    case 'issue.tested': {
      const issue = state.issues[event.issueId]!;
      issue.reports.push(withNote({ result: event.result, by: event.actor, at: event.at }, event.note));
      byHolder(issue, event.actor, event.at);
      break;
    }
    case 'issue.checked': {
      const issue = state.issues[event.issueId]!;
      const check = { branch: event.branch, result: event.result, by: event.actor, at: event.at };
      const index = issue.checks.findIndex((c) => c.branch === event.branch);
      if (index === -1) issue.checks.push(check);
      else issue.checks[index] = check;
      byHolder(issue, event.actor, event.at);
      break;
    }
    case 'issue.moved': {
      const issue = state.issues[event.issueId]!;
      issue.column = event.to;
      // Back before Ready to commit the card is being worked on again: nobody has fixed it yet.
      if (!isFinished(event.to)) delete issue.fixedBy;
      // Asked-for commits are answered by a mentor's move: committed, or sent back for more work.
      delete issue.commitAsked;
      byHolder(issue, event.actor, event.at);
      break;
    }
    case 'issue.stale':
      state.issues[event.issueId]!.staleAt = event.at;
      break;
    case 'issue.extended':
      active(state.issues[event.issueId]!, event.at);
      break;
    case 'issue.paired': {
      const issue = state.issues[event.issueId]!;
      setPair(issue, [...(issue.pair ?? []), event.personId]);
      break;
    }
    case 'issue.unpaired':
      leave(state.issues[event.issueId]!, event.personId);
      break;
    case 'issue.commitAsked':
      state.issues[event.issueId]!.commitAsked = withNote({ by: event.actor, at: event.at }, event.note);
      break;
    case 'help.raised':
      state.help[event.helpId] = {
        id: event.helpId,
        by: event.actor,
        note: event.note,
        status: 'open',
        raisedAt: event.at,
        thread: [],
        ...(event.issueId !== undefined ? { issueId: event.issueId } : {}),
      };
      break;
    case 'help.taken': {
      const flag = state.help[event.helpId]!;
      unhold(flag);
      flag.status = 'taken';
      flag.mentor = event.actor;
      flag.takenAt = event.at;
      break;
    }
    case 'help.resolved':
    case 'help.cancelled': {
      const flag = state.help[event.helpId]!;
      unhold(flag);
      flag.status = event.type === 'help.resolved' ? 'resolved' : 'cancelled';
      flag.closedAt = event.at;
      if (event.type === 'help.cancelled' && event.reason) flag.cancelReason = event.reason;
      break;
    }
    case 'help.returned':
      backToQueue(state.help[event.helpId]!);
      break;
    case 'help.held': {
      const flag = state.help[event.helpId]!;
      backToQueue(flag);
      flag.status = 'held';
      flag.heldUntil = event.at + event.minutes * MINUTE_MS;
      flag.holdReason = event.reason;
      break;
    }
    case 'help.resumed':
      backToQueue(state.help[event.helpId]!);
      break;
    case 'help.replied':
      state.help[event.helpId]!.thread.push({ seq: event.seq, by: event.actor, at: event.at, text: event.text });
      break;
    case 'help.shared': {
      const flag = state.help[event.helpId]!;
      flag.shared = true;
      flag.thread = event.thread.map((reply) => ({ ...reply }));
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
    case 'person.listed':
      if (event.listed) delete state.people[event.actor]!.unlisted;
      else state.people[event.actor]!.unlisted = true;
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
  if (!isFinished(issue.column)) {
    issue.column = 'open';
    delete issue.commitAsked;
  } else if (issue.claimant !== undefined) issue.fixedBy = issue.claimant;
  delete issue.claimant;
  delete issue.claimedAt;
  delete issue.pair;
  delete issue.activeAt;
  delete issue.staleAt;
}

/** Open again and nobody's: the flag keeps its place (raisedAt), so it goes back where it was. */
function backToQueue(flag: HelpFlag) {
  unhold(flag);
  flag.status = 'open';
  delete flag.mentor;
  delete flag.takenAt;
}

function unhold(flag: HelpFlag) {
  delete flag.heldUntil;
  delete flag.holdReason;
}

/** A holder worked on the card: its lease starts again and it is no longer stale. */
function active(issue: Issue, at: number) {
  issue.activeAt = at;
  delete issue.staleAt;
}

/** Work on a card renews its lease only when one of its holders does it: someone else's report says nothing about them. */
function byHolder(issue: Issue, personId: string, at: number) {
  if (isHolder(issue, personId)) active(issue, at);
}

function setPair(issue: Issue, pair: string[]) {
  if (pair.length) issue.pair = pair;
  else delete issue.pair;
}

/** One holder leaves; a claimant who leaves hands the card to the first co-worker, whose claim starts now. */
function leave(issue: Issue, personId: string) {
  const pair = issue.pair ?? [];
  if (issue.claimant !== personId) return setPair(issue, pair.filter((id) => id !== personId));
  if (pair.length === 0) return release(issue);
  issue.claimant = pair[0]!;
  setPair(issue, pair.slice(1));
}

/**
 * A chat line naming a card (#123) is work on it when a holder says it, and a
 * mentor's word on a card waiting for a commit answers that request.
 */
function chatAboutIssues(state: BoardState, author: string, text: string, at: number) {
  const numbers = mentionedNumbers(text);
  if (numbers.length === 0) return;
  const person = state.people[author];
  const mentor = person !== undefined && isMentor(person);
  for (const number of numbers) {
    const issue = issueNumbered(state, number);
    if (!issue) continue;
    byHolder(issue, author, at);
    if (mentor) delete issue.commitAsked;
  }
}

const withNote = <T extends object>(record: T, note: string | undefined): T & { note?: string } =>
  note !== undefined ? { ...record, note } : record;

/** A removed person's unfinished work goes back to the board and their questions are closed, so nothing waits on them. */
function removePerson(state: BoardState, personId: string, at: number) {
  state.people[personId]!.removed = true;
  for (const issue of Object.values(state.issues)) if (isHolder(issue, personId)) leave(issue, personId);
  for (const flag of Object.values(state.help)) {
    if (!stillOpen(flag)) continue;
    if (flag.by === personId) {
      unhold(flag);
      flag.status = 'cancelled';
      flag.closedAt = at;
    } else if (flag.mentor === personId) backToQueue(flag);
  }
}

export function applyAll(state: BoardState, events: Iterable<DomainEvent>): BoardState {
  for (const event of events) apply(state, event);
  return state;
}
