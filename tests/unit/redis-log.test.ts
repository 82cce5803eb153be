import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../shared/protocol.ts';
import { appendArguments, foldEntries, persistenceProblems, recordsFrom, seqOf, shownUrl } from '../../server/store/redis-log.ts';
import { emptyData, StoreUnreadableError } from '../../server/store/store.ts';

const chat = (seq: number): DomainEvent => ({ type: 'chat.sent', text: `message ${seq}`, seq, at: seq, actor: 'p1' });

describe('appendArguments', () => {
  it('names the seq the batch follows, counts each part and lists them in order', () => {
    const args = appendArguments({
      events: [chat(4), chat(5)],
      sessions: [{ tokenHash: 'h1', personId: 'p1' }],
      commands: [{ personId: 'p1', commandId: 'c-1', seq: 5 }],
      secrets: { mentorCode: 'm1' },
    });
    expect(args.slice(0, 5)).toEqual(['3', '2', '1', '1', '1']);
    expect(JSON.parse(args[5]!)).toEqual({
      sessions: [{ tokenHash: 'h1', personId: 'p1' }],
      commands: [{ personId: 'p1', commandId: 'c-1', seq: 5 }],
      secrets: { mentorCode: 'm1' },
    });
    expect(args.slice(6).map((arg) => (arg.startsWith('{') ? JSON.parse(arg) : arg))).toEqual([
      chat(4),
      chat(5),
      'h1',
      'p1',
      'p1\u0000c-1',
      { personId: 'p1', commandId: 'c-1', seq: 5 },
      'mentorCode',
      'm1',
    ]);
  });

  it('has no seq to compare and no records for the stream when the batch has no events', () => {
    expect(appendArguments({ events: [], sessions: [], commands: [], secrets: { logId: 'l1' } })).toEqual(['', '0', '0', '0', '1', '', 'logId', 'l1']);
    expect(appendArguments({ events: [chat(1)], sessions: [], commands: [] })[5]).toBe('');
  });

  it('refuses events whose seqs do not follow one another', () => {
    expect(() => appendArguments({ events: [chat(4), chat(6)], sessions: [], commands: [] })).toThrow(/event 6 does not follow event 4/);
    expect(() => appendArguments({ events: [chat(0)], sessions: [], commands: [] })).toThrow(/cannot start at event 0/);
  });
});

describe('reading the stream', () => {
  const entry = (seq: number, records?: object) => ({
    id: `${seq}-0`,
    message: { event: JSON.stringify(chat(seq)), ...(records ? { records: JSON.stringify(records) } : {}) },
  });

  it('folds events and the records that came with them', () => {
    const data = emptyData();
    foldEntries(data, [entry(3), entry(4, { commands: [{ personId: 'p1', commandId: 'c', seq: 4 }], secrets: { mentorCode: 'm2' } })], 2, 'here');
    expect(data).toEqual({ events: [chat(3), chat(4)], sessions: [], commands: [{ personId: 'p1', commandId: 'c', seq: 4 }], secrets: { mentorCode: 'm2' } });
  });

  it.each([
    [[entry(2)], /entry 2-0 is where event 1 should be/],
    [[{ id: '1-1', message: { event: JSON.stringify(chat(1)) } }], /entry 1-1 is where event 1 should be/],
    [[{ id: '1-0', message: { event: JSON.stringify(chat(7)) } }], /entry 1-0 does not hold event 1/],
    [[{ id: '1-0', message: { other: 'x' } }], /entry 1-0 is not a bugday event/],
  ])('refuses a stream that does not continue the log exactly (%#)', (entries, reason) => {
    expect(() => foldEntries(emptyData(), entries, 0, 'here')).toThrow(StoreUnreadableError);
    expect(() => foldEntries(emptyData(), entries, 0, 'here')).toThrow(reason);
  });

  it('reads the records hashes back, commands oldest first', () => {
    const commands = [JSON.stringify({ personId: 'p2', commandId: 'b', seq: 9 }), JSON.stringify({ personId: 'p1', commandId: 'a', seq: 2 })];
    expect(recordsFrom({ sessions: { h1: 'p1' }, commands, secrets: { logId: 'l1' } }, 'here')).toEqual({
      events: [],
      sessions: [{ tokenHash: 'h1', personId: 'p1' }],
      commands: [
        { personId: 'p1', commandId: 'a', seq: 2 },
        { personId: 'p2', commandId: 'b', seq: 9 },
      ],
      secrets: { logId: 'l1' },
    });
  });

  it('takes seqs only from ids bugday writes', () => {
    expect(seqOf('12-0')).toBe(12);
    expect(seqOf('0-0')).toBe(0);
    expect(seqOf('12-1')).toBeUndefined();
    expect(seqOf('1700000000000-0x')).toBeUndefined();
  });
});

describe('persistenceProblems', () => {
  it('finds none with an append-only file synced on every write', () => {
    expect(persistenceProblems({ appendonly: 'yes', appendfsync: 'always' })).toEqual([]);
  });

  it('names each setting that would lose acknowledged events', () => {
    expect(persistenceProblems({ appendonly: 'no', appendfsync: 'everysec' })).toEqual(['appendonly is no, not yes', 'appendfsync is everysec, not always']);
    expect(persistenceProblems({})).toEqual(['appendonly is unset, not yes', 'appendfsync is unset, not always']);
  });
});

describe('shownUrl', () => {
  it('hides a password and keeps the rest', () => {
    expect(shownUrl('redis://:hunter2@10.0.0.7:6379/1')).toBe('redis://:***@10.0.0.7:6379/1');
    expect(shownUrl('rediss://bugday:hunter2@redis.example.org')).toBe('rediss://bugday:***@redis.example.org');
    expect(shownUrl('redis://10.0.0.7:6379')).toBe('redis://10.0.0.7:6379');
  });
});
