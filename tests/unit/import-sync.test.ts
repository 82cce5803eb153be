import { describe, expect, it } from 'vitest';
import { countsText, progressText, syncInBatches, type SyncDraft } from '../../client/lib/import-sync.ts';
import type { Ack, CommandPayloads, CommandResult, ImportCounts } from '../../shared/protocol.ts';

const drafts = (count: number): SyncDraft[] => Array.from({ length: count }, (_, i) => ({ number: i + 1, title: `Issue ${i + 1}` }));
const counts = (parts: Partial<ImportCounts>): ImportCounts => ({ added: 0, updated: 0, closed: 0, unchanged: 0, skipped: 0, ...parts });
const synced = (imported: Partial<ImportCounts>): Ack<CommandResult> => ({ ok: true, data: { seq: 1, imported: counts(imported) } });
const refused = (code: 'rate_limited' | 'forbidden', message: string): Ack<CommandResult> => ({ ok: false, error: { code, message } });

/** A send that answers `answers` in turn and records each batch's size. */
function server(...answers: Ack<CommandResult>[]) {
  const sizes: number[] = [];
  const send = async ({ issues }: CommandPayloads['issue:sync']) => {
    sizes.push(issues.length);
    return answers.shift() ?? synced({ added: issues.length });
  };
  return { sizes, send };
}

describe('the words of an import', () => {
  it('says how far it has got, with or without a total', () => {
    expect(progressText({ done: 240, total: 1200 })).toBe('240 of 1,200 issues');
    expect(progressText({ done: 0, total: 1 })).toBe('0 of 1 issue');
    expect(progressText({ done: 1 })).toBe('1 issue so far');
    expect(progressText({ done: 2400 })).toBe('2,400 issues so far');
  });

  it('says what it did, naming closed and skipped issues only when there are any', () => {
    expect(countsText(counts({ added: 12, updated: 3, closed: 1, unchanged: 40 }))).toBe('Added 12, updated 3, closed upstream 1, unchanged 40');
    expect(countsText(counts({ added: 1500 }))).toBe('Added 1,500, updated 0, unchanged 0');
    expect(countsText(counts({ unchanged: 2, skipped: 1 }))).toBe('Added 0, updated 0, unchanged 2, skipped 1 named twice');
  });
});

describe('syncInBatches', () => {
  it('sends batches of 20, tells each step and sums what the server did', async () => {
    const { sizes, send } = server(synced({ added: 18, unchanged: 2 }), synced({ added: 1, updated: 19 }), synced({ updated: 5 }));
    const steps: unknown[] = [];
    const answer = await syncInBatches(drafts(45), send, (progress) => steps.push(progress));
    expect(sizes).toEqual([20, 20, 5]);
    expect(steps).toEqual([
      { done: 0, total: 45 },
      { done: 20, total: 45 },
      { done: 40, total: 45 },
      { done: 45, total: 45 },
    ]);
    expect(answer).toEqual({ ok: true, data: counts({ added: 19, updated: 24, unchanged: 2 }) });
  });

  it('waits and sends a batch again when the server says to slow down, without sleeping here', async () => {
    const { sizes, send } = server(synced({ added: 20 }), refused('rate_limited', 'Slow down'), refused('rate_limited', 'Slow down'));
    const waits: number[] = [];
    const answer = await syncInBatches(drafts(25), send, () => {}, async (ms) => void waits.push(ms));
    expect(sizes).toEqual([20, 5, 5, 5]);
    expect(waits).toEqual([1000, 1000]);
    expect(answer).toEqual({ ok: true, data: counts({ added: 25 }) });
  });

  it('gives up on a server that keeps saying slow down', async () => {
    const { sizes, send } = server(...Array.from({ length: 12 }, () => refused('rate_limited', 'Slow down: you are sending too fast.')));
    const answer = await syncInBatches(drafts(3), send, () => {}, async () => {});
    expect(sizes).toHaveLength(10);
    expect(answer).toEqual(refused('rate_limited', 'Slow down: you are sending too fast.'));
  });

  it('stops at a refusal, in the server\'s words, saying what came in before it', async () => {
    const { sizes, send } = server(synced({ added: 15, updated: 5 }), refused('forbidden', 'The event is closed.'));
    const answer = await syncInBatches(drafts(57), send, () => {});
    expect(sizes).toEqual([20, 20]);
    expect(answer).toEqual(
      refused('forbidden', 'The event is closed. The first 20 of 57 were imported before that (added 15, updated 5, unchanged 0); importing again is safe.'),
    );
    expect(await syncInBatches(drafts(3), server(refused('forbidden', 'Only organizers can import issues.')).send, () => {})).toEqual(
      refused('forbidden', 'Only organizers can import issues.'),
    );
  });
});
