/** How the page words the event's claim rules and focus, wherever it shows them: the same sentence everywhere. */
import { MINUTE_MS } from '../../shared/domain/clock.ts';
import type { ClaimRules, Focus, IssueType } from '../../shared/protocol.ts';
import { listOf } from './lists.ts';
import { duration } from './time.ts';

/** "3 h", "30 min", "1 h 30 min". */
export const minutesText = (minutes: number): string => duration(0, minutes * MINUTE_MS);

const issues = (count: number) => `${count} ${count === 1 ? 'issue' : 'issues'}`;

/** "You may hold 3 issues at a time (first-timers 1). A claim goes stale after 3 h without activity and is released 30 min later." */
export function rulesText({ max, newcomerMax, leaseMinutes, graceMinutes }: ClaimRules): string {
  return (
    `You may hold ${issues(max)} at a time (first-timers ${newcomerMax}). ` +
    `A claim goes stale after ${minutesText(leaseMinutes)} without activity and is released ${minutesText(graceMinutes)} later.`
  );
}

/** What the first-timer box on joining promises, with the event's own cap. */
export function firstTimerText(newcomerMax: number): string {
  const hold = newcomerMax === 1 ? 'one issue' : `up to ${issues(newcomerMax)}`;
  return `You'll hold ${hold} at a time and mentors will look out for you.`;
}

/** The kinds of issue as a list of them reads: "Claiming bugs or docs issues…". */
export const TYPE_PLURALS: Record<IssueType, string> = { bug: 'bugs', feature: 'feature requests', docs: 'docs issues', other: 'other issues' };

/** Whom the focus asks to confirm first; nothing when it asks nobody (no focus, or no type discouraged). */
export function discouragedText(focus: Focus): string {
  if (!focus.text || !focus.discouraged.length) return '';
  return `Claiming ${listOf(focus.discouraged.map((type) => TYPE_PLURALS[type]), 'or')} asks you to confirm first.`;
}
