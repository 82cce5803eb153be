import { CHECK_RESULTS, type BranchCheck, type CheckResult, type Issue } from '../../shared/protocol.ts';

/** What each result is called, on the card's matrix and in its timeline. */
export const CHECK_WORDS: Record<CheckResult, string> = { reproduces: 'Reproduces', 'not-reproduced': 'Not reproduced', fixed: 'Fixed' };

export const CHECK_CHOICES = CHECK_RESULTS.map((result) => ({ result, label: CHECK_WORDS[result] }));

/** One row per branch of the event, in the event's order, with the latest check on it if there is one. */
export function checkRows(branches: string[], issue: Issue): { branch: string; check: BranchCheck | undefined }[] {
  return branches.map((branch) => ({ branch, check: issue.checks.find((check) => check.branch === branch) }));
}
