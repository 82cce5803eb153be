/**
 * The bug day of bug-day.ts, worked through over hours of the server's clock: every step some
 * time passes, someone claims an open issue, now and then posts a patch, and the mentor marks
 * the card claimed two steps before done. The Stats view's chart then has a day to show.
 */
import { FIRST_NUMBER, type BugDay } from './bug-day.ts';
import { LIMITS } from '../../shared/protocol.ts';
import type { TestClock } from '../fixtures/test-clock.ts';

export const STEP_MINUTES = 20;
/** Cards from this one on are still open when bug-day.ts is done. */
const FIRST_OPEN = FIRST_NUMBER + 10;

/** `steps` steps of `STEP_MINUTES` each, from the clock as it is; at most 24, the open cards there are. */
export async function workThroughTheDay(day: BugDay, clock: TestClock, steps: number) {
  const { ana, bob, cy, dee, eli, mira, olga } = day.people;
  const workers = [ana, bob, cy, dee, eli];
  // A claim outlasts the day, so no lease runs out and releases a card while the clock jumps.
  await olga.send('event:update', { claims: { leaseMinutes: LIMITS.minutes } });
  for (let step = 0; step < steps; step += 1) {
    clock.skip(STEP_MINUTES * 60_000);
    const worker = workers[step % workers.length]!;
    const issueId = day.issue(FIRST_OPEN + step);
    await worker.send('issue:claim', { issueId });
    if (step % 3 === 1) await worker.send('issue:patch', { issueId, url: `https://git.example.org/merge/${400 + step}` });
    if (step >= 2) await mira.send('issue:move', { issueId: day.issue(FIRST_OPEN + step - 2), column: 'done' });
  }
}
