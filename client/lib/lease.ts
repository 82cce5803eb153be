import { leaseDeadline, MINUTE_MS } from '../../shared/domain/clock.ts';
import type { ClaimRules, Issue } from '../../shared/protocol.ts';
import { issueName } from './domain.ts';
import { clockTime, duration } from './time.ts';

/**
 * Where a claim's lease stands, in the reader's own time: "Lease runs out at 16:40.", or once it
 * has, "Stale since 16:40: released at 17:10 unless extended." Nothing for a card without one
 * (unclaimed, or finished and waiting for a committer).
 */
export function leaseWords(rules: ClaimRules, issue: Issue): string | undefined {
  const due = leaseDeadline(rules, issue);
  if (due === undefined) return undefined;
  if (issue.staleAt === undefined) return `Lease runs out at ${clockTime(due)}.`;
  return `Stale since ${clockTime(issue.staleAt)}: released at ${clockTime(due)} unless extended.`;
}

/** What a holder is told when their card goes stale: "#123 went stale: nobody worked on it for 3 h. …" */
export function staleNotice(rules: ClaimRules, issue: Issue): string {
  const due = leaseDeadline(rules, issue);
  const until = due === undefined ? '' : `, or it is released at ${clockTime(due)}`;
  return `${issueName(issue)} went stale: nobody worked on it for ${duration(0, rules.leaseMinutes * MINUTE_MS)}. Extend it${until}.`;
}
