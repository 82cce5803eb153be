/**
 * What the server's clock decides: a claim nobody works on goes stale, and
 * after its grace time it is released. These are decided like a person's
 * command (against the state, appended by the actor `system`), never by a
 * timer changing state itself; the deadlines are read off the state, so a
 * restart, a replay and a second node all find the same ones.
 */
import type { BoardState, ClaimRules, EventBody, Issue } from '../protocol.ts';
import { isFinished } from './rules.ts';

export const MINUTE_MS = 60_000;

/** When the clock next has something to say about this card, or undefined if its claim has no lease. */
export function leaseDeadline(rules: ClaimRules, issue: Issue): number | undefined {
  // A finished card waits for a committer, not for its holder: it keeps its claim however long that takes.
  if (issue.claimant === undefined || isFinished(issue.column)) return undefined;
  if (issue.staleAt !== undefined) return issue.staleAt + rules.graceMinutes * MINUTE_MS;
  return (issue.activeAt ?? issue.claimedAt ?? 0) + rules.leaseMinutes * MINUTE_MS;
}

/** The earliest time at which `decideClock` would append something; undefined when nothing is due ever. */
export function nextDeadline(state: BoardState): number | undefined {
  let next: number | undefined;
  for (const id of state.issueOrder) {
    const due = leaseDeadline(state.event.claims, state.issues[id]!);
    if (due !== undefined && (next === undefined || due < next)) next = due;
  }
  return next;
}

/** Everything due at `now`, in board order: stale marks for leases run out, releases for grace run out. */
export function decideClock(state: BoardState, now: number): EventBody[] {
  const events: EventBody[] = [];
  for (const issueId of state.issueOrder) {
    const issue = state.issues[issueId]!;
    const due = leaseDeadline(state.event.claims, issue);
    if (due === undefined || due > now) continue;
    // A card that went stale while the server was down is marked now and gets its whole grace time:
    // its holder was never told, so releasing it outright would be a surprise.
    events.push(issue.staleAt === undefined ? { type: 'issue.stale', issueId } : { type: 'issue.released', issueId, reason: 'expired' });
  }
  return events;
}
