/**
 * What the server's clock decides: a claim nobody works on goes stale and,
 * after its grace time, is released; a help hold ends; a help flag whose
 * asker (or whose mentor) has had no page open through the grace time is
 * cancelled (or handed back). These are decided like a person's command
 * (against the state, appended by the actor `system`), never by a timer
 * changing state itself; the deadlines are read off the state and who is
 * online, so a restart, a replay and a second node all find the same ones.
 */
import type { BoardState, ClaimRules, EventBody, HelpFlag, Issue } from '../protocol.ts';
import { isFinished } from './rules.ts';
import { stillOpen } from './state.ts';

export const MINUTE_MS = 60_000;

/** Since when a person has had no page open; undefined while they have one. */
export type OfflineSince = (personId: string) => number | undefined;

/** When the clock next has something to say about this card, or undefined if its claim has no lease. */
export function leaseDeadline(rules: ClaimRules, issue: Issue): number | undefined {
  // A finished card waits for a committer, not for its holder: it keeps its claim however long that takes.
  if (issue.claimant === undefined || isFinished(issue.column)) return undefined;
  if (issue.staleAt !== undefined) return issue.staleAt + rules.graceMinutes * MINUTE_MS;
  return (issue.activeAt ?? issue.claimedAt ?? 0) + rules.leaseMinutes * MINUTE_MS;
}

/** The next thing the clock will do to a help flag, and when. */
function flagDue(state: BoardState, flag: HelpFlag, offline: OfflineSince): { at: number; event: EventBody } | undefined {
  if (!stillOpen(flag)) return undefined;
  const grace = state.event.help.graceMinutes * MINUTE_MS;
  const gone = (personId: string) => {
    const since = offline(personId);
    return since === undefined ? undefined : since + grace;
  };
  const helpId = flag.id;
  const candidates: { at: number | undefined; event: EventBody }[] = [
    { at: gone(flag.by), event: { type: 'help.cancelled', helpId, reason: 'stranded' } },
    { at: flag.status === 'taken' && flag.mentor ? gone(flag.mentor) : undefined, event: { type: 'help.returned', helpId, reason: 'stranded', mentor: flag.mentor! } },
    { at: flag.status === 'held' ? flag.heldUntil : undefined, event: { type: 'help.resumed', helpId } },
  ];
  let first: { at: number; event: EventBody } | undefined;
  for (const { at, event } of candidates) if (at !== undefined && (first === undefined || at < first.at)) first = { at, event };
  return first;
}

/** Everything that has a deadline, with it: each card's lease and each flag's next step. */
function* deadlines(state: BoardState, offline: OfflineSince): Generator<{ at: number; event: EventBody }> {
  for (const issueId of state.issueOrder) {
    const issue = state.issues[issueId]!;
    const at = leaseDeadline(state.event.claims, issue);
    if (at === undefined) continue;
    // A card that went stale while the server was down is marked now and gets its whole grace time:
    // its holder was never told, so releasing it outright would be a surprise.
    yield { at, event: issue.staleAt === undefined ? { type: 'issue.stale', issueId } : { type: 'issue.released', issueId, reason: 'expired' } };
  }
  for (const flag of Object.values(state.help)) {
    const due = flagDue(state, flag, offline);
    if (due) yield due;
  }
}

const NOBODY_OFFLINE: OfflineSince = () => undefined;

/** The earliest time at which `decideClock` would append something; undefined when nothing is due ever. */
export function nextDeadline(state: BoardState, offline: OfflineSince = NOBODY_OFFLINE): number | undefined {
  let next: number | undefined;
  for (const { at } of deadlines(state, offline)) if (next === undefined || at < next) next = at;
  return next;
}

/**
 * Everything due at `now`: cards in board order, then flags. One step per
 * card or flag a tick: what follows it (a stale card's expiry) has its own
 * deadline, found on the next aim.
 */
export function decideClock(state: BoardState, now: number, offline: OfflineSince = NOBODY_OFFLINE): EventBody[] {
  return [...deadlines(state, offline)].filter(({ at }) => at <= now).map(({ event }) => event);
}
