import { appendFile, copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../shared/protocol.ts';
import { LowdbStore } from '../../server/store/lowdb.ts';
import { MemoryStore } from '../../server/store/memory.ts';
import { RedisStore } from '../../server/store/redis.ts';
import { StoreUnreadableError, type Batch, type Store } from '../../server/store/store.ts';
import { startRedis, type RunningRedis } from './helpers/redis.ts';

let dir: string;
let redis: RunningRedis;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(() => redis.close());
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bugday-store-'));
  await redis.cli('FLUSHALL');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const chat = (seq: number): DomainEvent => ({ type: 'chat.sent', text: `message ${seq}`, seq, at: 1_000 + seq, actor: 'p1' });
const batch = (seq: number, extra: Partial<Batch> = {}): Batch => ({ events: [chat(seq)], sessions: [], commands: [], ...extra });

async function appendChats(store: Store, from: number, to: number) {
  for (let seq = from; seq <= to; seq += 1) await store.append(batch(seq));
}

/** Every store: `reopen` gives a store over the same data, as after a restart. */
const implementations: Array<{ name: string; open: () => { store: Store; reopen: () => Store } }> = [
  {
    name: 'MemoryStore',
    open: () => {
      const store = new MemoryStore();
      return { store, reopen: () => store };
    },
  },
  {
    name: 'LowdbStore',
    open: () => {
      const file = join(dir, 'bugday.json');
      return { store: new LowdbStore(file), reopen: () => new LowdbStore(file) };
    },
  },
  {
    name: 'RedisStore',
    open: () => ({ store: new RedisStore(redis.url), reopen: () => new RedisStore(redis.url) }),
  },
];

describe.each(implementations)('$name contract', ({ open }) => {
  it('loads empty when nothing was stored', async () => {
    const { store } = open();
    expect(await store.load()).toEqual({ events: [], sessions: [], commands: [], secrets: {} });
    await store.close();
  });

  it('gives back what was appended, events, sessions and commands alike', async () => {
    const { store, reopen } = open();
    await store.load();
    const joined: DomainEvent = {
      type: 'person.joined',
      person: { id: 'p1', nick: 'ana', role: 'participant', joinedAt: 1 },
      seq: 1,
      at: 1,
      actor: 'p1',
    };
    await store.append({ events: [joined], sessions: [{ tokenHash: 'h1', personId: 'p1' }], commands: [] });
    await store.append(batch(2, { commands: [{ personId: 'p1', commandId: 'c-1', seq: 2 }] }));
    await store.close();

    const again = reopen();
    expect(await again.load()).toEqual({
      events: [joined, chat(2)],
      sessions: [{ tokenHash: 'h1', personId: 'p1' }],
      commands: [{ personId: 'p1', commandId: 'c-1', seq: 2 }],
      secrets: {},
    });
    await again.close();
  });

  it('keeps sessions added without an event (a new token for someone who joined before)', async () => {
    const { store, reopen } = open();
    await store.load();
    await store.append(batch(1, { sessions: [{ tokenHash: 'h1', personId: 'p1' }] }));
    await store.append({ events: [], sessions: [{ tokenHash: 'h2', personId: 'p1' }], commands: [] });
    await store.append(batch(2));
    await store.close();

    const again = reopen();
    const loaded = await again.load();
    // Tokens are looked up by their hash: the order they were stored in means nothing.
    expect(loaded.sessions).toHaveLength(2);
    expect(loaded.sessions).toEqual(
      expect.arrayContaining([
        { tokenHash: 'h1', personId: 'p1' },
        { tokenHash: 'h2', personId: 'p1' },
      ]),
    );
    expect(loaded.events.map((e) => e.seq)).toEqual([1, 2]);
    await again.close();
  });

  it('keeps secrets: a first-start batch without events fills gaps, a later batch with events replaces', async () => {
    const { store, reopen } = open();
    await store.load();
    await store.append({ events: [], sessions: [], commands: [], secrets: { organizerKeyHash: 'k1', mentorCode: 'm1' } });
    await store.append(batch(1, { secrets: { mentorCode: 'm2' } }));
    await store.close();

    const again = reopen();
    expect((await again.load()).secrets).toEqual({ organizerKeyHash: 'k1', mentorCode: 'm2' });
    await again.close();
  });

  it('keeps events in order, a batch of several together', async () => {
    const { store, reopen } = open();
    await store.load();
    await appendChats(store, 1, 20);
    await store.append({ events: [chat(21), chat(22), chat(23)], sessions: [], commands: [] });
    await store.close();

    const again = reopen();
    const { events } = await again.load();
    expect(events.map((event) => event.seq)).toEqual(Array.from({ length: 23 }, (_, index) => index + 1));
    await again.close();
  });

  it('does not let a caller change what was stored by changing its objects afterwards', async () => {
    const { store, reopen } = open();
    await store.load();
    const event = chat(1);
    await store.append({ events: [event], sessions: [], commands: [] });
    Object.assign(event, { text: 'changed' });
    await store.close();
    const again = reopen();
    expect((await again.load()).events).toEqual([chat(1)]);
    await again.close();
  });

  it('goes on appending after a reopen', async () => {
    const { store, reopen } = open();
    await store.load();
    await appendChats(store, 1, 3);
    await store.close();

    const second = reopen();
    expect((await second.load()).events).toHaveLength(3);
    await appendChats(second, 4, 6);
    await second.close();

    const third = reopen();
    expect((await third.load()).events.map((event) => event.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    await third.close();
  });
});

describe('LowdbStore files', () => {
  const file = () => join(dir, 'bugday.json');
  const journal = (generation: number) => `${file()}.journal.${generation}`;

  async function filled(count: number, options: ConstructorParameters<typeof LowdbStore>[1] = {}) {
    const store = new LowdbStore(file(), options);
    await store.load();
    await appendChats(store, 1, count);
    await store.close();
  }

  async function loadedSeqs() {
    const store = new LowdbStore(file());
    const { events } = await store.load();
    await store.close();
    return events.map((event) => event.seq);
  }

  const upTo = (count: number) => Array.from({ length: count }, (_, index) => index + 1);

  it('appends one line per batch to a journal, not the whole document', async () => {
    await filled(5);
    const lines = (await readFile(journal(1), 'utf8')).trimEnd().split('\n');
    expect(lines.map((line) => JSON.parse(line).events[0].seq)).toEqual(upTo(5));
  });

  it('drops a torn last line, which was never acknowledged, and appends cleanly after it', async () => {
    await filled(3);
    await appendFile(journal(1), '{"events":[{"type":"chat.sent","te');
    const store = new LowdbStore(file());
    expect((await store.load()).events).toHaveLength(3);
    await store.append(batch(4));
    await store.close();
    expect(await loadedSeqs()).toEqual(upTo(4));
  });

  it('refuses a journal whose damage is not a torn last line, naming it and leaving it as it was', async () => {
    await filled(3);
    const text = await readFile(journal(1), 'utf8');
    const damaged = text.replace('"message 2"', '"message 2');
    await writeFile(journal(1), damaged);
    const store = new LowdbStore(file());
    const error = await store.load().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoreUnreadableError);
    expect((error as StoreUnreadableError).message).toContain(journal(1));
    expect(await readFile(journal(1), 'utf8')).toBe(damaged);
  });

  it('compacts the journal into the lowdb snapshot, keeping the previous snapshot as .bak', async () => {
    await filled(200, { compactAfterBytes: 2_000 });
    const snapshot = JSON.parse(await readFile(file(), 'utf8'));
    expect(snapshot.events.length).toBeGreaterThan(0);
    expect(snapshot.events.map((event: DomainEvent) => event.seq)).toEqual(upTo(snapshot.events.length));
    const names = await readdir(dir);
    expect(names).toContain('bugday.json.bak');
    // Old journals go once a snapshot holds them, so the files stay bounded.
    expect(names.filter((name) => name.includes('.journal.')).length).toBeLessThanOrEqual(3);
    expect(await loadedSeqs()).toEqual(upTo(200));
  });

  it('restores the whole log from the .bak and the journals kept beside it', async () => {
    await filled(200, { compactAfterBytes: 2_000 });
    await copyFile(`${file()}.bak`, file());
    expect(await loadedSeqs()).toEqual(upTo(200));
  });

  it('loads each event once when a compaction stopped before removing the journal it covered', async () => {
    await filled(10);
    await copyFile(journal(1), join(dir, 'journal-1-copy'));
    const store = new LowdbStore(file(), { compactAfterBytes: 1 });
    await store.load();
    await store.append(batch(11));
    await store.close();
    // The crash: the snapshot was renamed into place, the journal it covers was never removed.
    await copyFile(join(dir, 'journal-1-copy'), journal(1));
    expect(await loadedSeqs()).toEqual(upTo(11));
  });

  it('refuses a log with missing events instead of starting with a hole in it', async () => {
    // A snapshot that ends at event 2 and a journal that goes on at event 4.
    await writeFile(file(), JSON.stringify({ events: [chat(1), chat(2)], sessions: [], commands: [] }));
    await writeFile(journal(1), `${JSON.stringify(batch(4))}\n`);
    await expect(new LowdbStore(file()).load()).rejects.toThrow(/event 4 follows event 2: events are missing/);
  });

  it('reads a data file written before commands were stored', async () => {
    await writeFile(file(), JSON.stringify({ events: [chat(1)], sessions: [] }));
    const store = new LowdbStore(file());
    expect(await store.load()).toEqual({ events: [chat(1)], sessions: [], commands: [], secrets: {} });
    await store.append(batch(2));
    await store.close();
    expect(await loadedSeqs()).toEqual([1, 2]);
  });
});
