import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DomainEvent } from '../../shared/protocol.ts';
import { Outbox } from '../../server/outbox.ts';

const chat = (seq: number): DomainEvent => ({ type: 'chat.sent', text: `m${seq}`, seq, at: seq, actor: 'p1' });

describe('outbox', () => {
  let sent: Array<{ seqs: number[]; except?: string }>;
  let outbox: Outbox;

  beforeEach(() => {
    vi.useFakeTimers();
    sent = [];
    outbox = new Outbox((events, except) => sent.push({ seqs: events.map((e) => e.seq), ...(except ? { except } : {}) }), 10);
  });
  afterEach(() => {
    outbox.stop();
    vi.useRealTimers();
  });

  it('sends the first event after a quiet spell at once', () => {
    outbox.add([chat(1)]);
    expect(sent).toEqual([{ seqs: [1] }]);
  });

  it('gathers what comes within the window into one broadcast, in order', () => {
    outbox.add([chat(1)]);
    outbox.add([chat(2)]);
    outbox.add([chat(3), chat(4)]);
    expect(sent).toEqual([{ seqs: [1] }]);
    vi.advanceTimersByTime(10);
    expect(sent).toEqual([{ seqs: [1] }, { seqs: [2, 3, 4] }]);
    vi.advanceTimersByTime(10);
    outbox.add([chat(5)]);
    expect(sent.at(-1)).toEqual({ seqs: [5] });
  });

  it('flushes what waits to everyone but the page being synced', () => {
    outbox.add([chat(1)]);
    outbox.add([chat(2)]);
    outbox.flush('new-page');
    expect(sent).toEqual([{ seqs: [1] }, { seqs: [2], except: 'new-page' }]);
    vi.advanceTimersByTime(10);
    expect(sent).toHaveLength(2);
  });
});
