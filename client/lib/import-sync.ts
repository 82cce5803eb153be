/**
 * Imports that bring the board in line with a tracker (from GitHub, from a CSV
 * file): issue:sync a batch at a time, and the words for how far one has got
 * and what it did.
 */
import type { Ack, CommandPayloads, CommandResult, ImportCounts, ImportProgress } from '../../shared/protocol.ts';
import { batches } from './import.ts';

export type SyncDraft = CommandPayloads['issue:sync']['issues'][number];

export const NO_COUNTS: ImportCounts = { added: 0, updated: 0, closed: 0, unchanged: 0, skipped: 0 };

// Made when an import first reports, not as the page loads (see clockTime in time.ts).
let amountFormat: Intl.NumberFormat | undefined;
const amount = (count: number) => (amountFormat ??= new Intl.NumberFormat('en')).format(count);
const issues = (count: number) => (count === 1 ? 'issue' : 'issues');

/** "240 of 1,200 issues"; "240 issues so far" while the total is not known yet. */
export function progressText({ done, total }: ImportProgress): string {
  if (total === undefined) return `${amount(done)} ${issues(done)} so far`;
  return `${amount(done)} of ${amount(total)} ${issues(total)}`;
}

/** "Added 12, updated 3, closed upstream 1, unchanged 40": closed and skipped only when there are any. */
export function countsText({ added, updated, closed, unchanged, skipped }: ImportCounts): string {
  const parts = [`Added ${amount(added)}`, `updated ${amount(updated)}`];
  if (closed) parts.push(`closed upstream ${amount(closed)}`);
  parts.push(`unchanged ${amount(unchanged)}`);
  if (skipped) parts.push(`skipped ${amount(skipped)} named twice`);
  return parts.join(', ');
}

export function addCounts(a: ImportCounts, b: ImportCounts): ImportCounts {
  return {
    added: a.added + b.added,
    updated: a.updated + b.updated,
    closed: a.closed + b.closed,
    unchanged: a.unchanged + b.unchanged,
    skipped: a.skipped + b.skipped,
  };
}

/** The server refills a person's commands at ten a second: a second's wait always lets the next batch through. */
const RATE_WAIT_MS = 1_000;
const RATE_TRIES = 10;

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Sends, and while the server answers `rate_limited` waits and sends again: an import of many
 * batches sends more commands than the server takes at once. Gives up after RATE_TRIES.
 */
export async function unlessRateLimited<T>(send: () => Promise<Ack<T>>, wait: (ms: number) => Promise<void> = pause): Promise<Ack<T>> {
  let answer = await send();
  for (let tries = 1; !answer.ok && answer.error.code === 'rate_limited' && tries < RATE_TRIES; tries += 1) {
    await wait(RATE_WAIT_MS);
    answer = await send();
  }
  return answer;
}

/**
 * Sends `drafts` as issue:sync commands of LIMITS.importBatch, one after the other, telling `onProgress`
 * after each; answers the summed counts, or the refusal that stopped it, saying how far it had got.
 */
export async function syncInBatches(
  drafts: SyncDraft[],
  send: (payload: CommandPayloads['issue:sync']) => Promise<Ack<CommandResult>>,
  onProgress: (progress: { done: number; total: number }) => void,
  wait: (ms: number) => Promise<void> = pause,
): Promise<Ack<ImportCounts>> {
  let counts = NO_COUNTS;
  let done = 0;
  const total = drafts.length;
  onProgress({ done, total });
  for (const batch of batches(drafts)) {
    const answer = await unlessRateLimited(() => send({ issues: batch }), wait);
    if (!answer.ok) {
      if (done === 0) return answer;
      const before = `The first ${amount(done)} of ${amount(total)} were imported before that (${countsText(counts).toLowerCase()}); importing again is safe.`;
      return { ok: false, error: { ...answer.error, message: `${answer.error.message} ${before}` } };
    }
    counts = addCounts(counts, answer.data.imported ?? NO_COUNTS);
    done += batch.length;
    onProgress({ done, total });
  }
  return { ok: true, data: counts };
}
