import { setTimeout as pause } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BoardState, DomainEvent } from '../../shared/protocol.ts';
import { RedisStore } from '../../server/store/redis.ts';
import { RedisUnusableError } from '../../server/store/redis-log.ts';
import { StoreBehindError, StoreUnreadableError, type Batch, type Store } from '../../server/store/store.ts';
import { TestClient } from './helpers/client.ts';
import { freePort } from './helpers/free-port.ts';
import { startRedis, type RunningRedis } from './helpers/redis.ts';
import { startServer, type RunningServer } from './helpers/server.ts';

const chat = (seq: number, text = `message ${seq}`): DomainEvent => ({ type: 'chat.sent', text, seq, at: 1_000 + seq, actor: 'p1' });

/** A command's batch as the board writes one: its events, the sender's ledger record and, here, a session. */
function commandBatch(first: number, size: number, by: string): Batch {
  const events = Array.from({ length: size }, (_, index) => chat(first + index, `${by} ${first + index}`));
  const last = first + size - 1;
  return {
    events,
    sessions: [{ tokenHash: `${by}-token-${last}`, personId: by }],
    commands: [{ personId: by, commandId: `${by}-${last}`, seq: last }],
  };
}

const stores: RedisStore[] = [];
function open(url: string, options: ConstructorParameters<typeof RedisStore>[1] = {}) {
  const store = new RedisStore(url, options);
  stores.push(store);
  return store;
}
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
});

async function loaded(url: string) {
  const store = new RedisStore(url);
  try {
    return await store.load();
  } finally {
    await store.close();
  }
}

describe('compare-and-append', () => {
  let redis: RunningRedis;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(() => redis.close());
  beforeEach(async () => {
    await redis.cli('FLUSHALL');
  });

  it('two stores appending after the same event: one wins, the other is told the log moved and writes nothing', async () => {
    const setup = open(redis.url);
    await setup.load();
    await setup.append(commandBatch(1, 1, 'ana'));

    const [bo, cy] = [open(redis.url), open(redis.url)];
    await Promise.all([bo.load(), cy.load()]);
    const results = await Promise.allSettled([bo.append(commandBatch(2, 3, 'bo')), cy.append(commandBatch(2, 1, 'cy'))]);

    const won = results.findIndex((result) => result.status === 'fulfilled');
    expect(won).not.toBe(-1);
    const lost = results[1 - won]!;
    expect(lost.status).toBe('rejected');
    const error = (lost as PromiseRejectedResult).reason as unknown;
    expect(error).toBeInstanceOf(StoreBehindError);
    const [winner, loser, lastSeq] = won === 0 ? ['bo', 'cy', 4] : ['cy', 'bo', 2];
    expect((error as StoreBehindError).lastSeq).toBe(lastSeq);

    const data = await loaded(redis.url);
    expect(data.events.map((event) => (event.type === 'chat.sent' ? event.text : event.type))).toEqual(
      ['ana 1', ...Array.from({ length: lastSeq - 1 }, (_, index) => `${winner} ${index + 2}`)],
    );
    expect(data.commands.map((record) => record.personId)).toEqual(['ana', winner]);
    expect(data.sessions.map((record) => record.personId).sort()).toEqual(['ana', winner].sort());
    // Straight from Redis too, not only through the store that wrote it.
    expect(await redis.cli('XLEN', 'bugday:{log}:events')).toBe(`${lastSeq}\n`);
    expect(await redis.cli('HKEYS', 'bugday:{log}:commands')).not.toContain(loser);
    expect(await redis.cli('HVALS', 'bugday:{log}:sessions')).not.toContain(loser);
  });

  it('lets the loser read what the winner wrote, records and all, and append after it', async () => {
    const [bo, cy] = [open(redis.url), open(redis.url)];
    await Promise.all([bo.load(), cy.load()]);
    await bo.append({ ...commandBatch(1, 2, 'bo'), secrets: { mentorCode: 'abcd-efgh-jkmn' } });
    const refused = await cy.append(commandBatch(1, 1, 'cy')).catch((error: unknown) => error);
    expect(refused).toEqual(new StoreBehindError(2));

    const missed = await cy.readAfter(0);
    expect(missed).toEqual({
      events: [chat(1, 'bo 1'), chat(2, 'bo 2')],
      sessions: [{ tokenHash: 'bo-token-2', personId: 'bo' }],
      commands: [{ personId: 'bo', commandId: 'bo-2', seq: 2 }],
      secrets: { mentorCode: 'abcd-efgh-jkmn' },
    });
    expect((await cy.readAfter(1)).events).toEqual([chat(2, 'bo 2')]);
    await cy.append(commandBatch(3, 1, 'cy'));
    expect((await loaded(redis.url)).events.map((event) => event.seq)).toEqual([1, 2, 3]);
  });

  it('refuses a batch that would leave a hole in the log, writing nothing', async () => {
    const store = open(redis.url);
    await store.load();
    await store.append(commandBatch(1, 1, 'ana'));
    await expect(store.append(commandBatch(3, 1, 'ana'))).rejects.toThrow(/ends at 1-0, before event 2 that this node had stored/);
    const data = await loaded(redis.url);
    expect(data.events).toHaveLength(1);
    expect(data.commands).toHaveLength(1);
    expect(data.sessions).toHaveLength(1);
  });

  it('writes nothing of a batch that Redis refuses whole, out of memory, and goes on once it has room', async () => {
    const store = open(redis.url);
    await store.load();
    await store.append(commandBatch(1, 1, 'ana'));
    await redis.cli('CONFIG', 'SET', 'maxmemory', '1');
    await expect(store.append(commandBatch(2, 3, 'ana'))).rejects.toThrow(/OOM/);
    await redis.cli('CONFIG', 'SET', 'maxmemory', '0');
    const data = await loaded(redis.url);
    expect([data.events.length, data.commands.length, data.sessions.length]).toEqual([1, 1, 1]);
    await store.append(commandBatch(2, 3, 'ana'));
    expect((await loaded(redis.url)).events).toHaveLength(4);
  });

  it('stops the start on a stream it cannot trust, naming it, and leaves it as it was', async () => {
    const store = open(redis.url);
    await store.load();
    await store.append(commandBatch(1, 1, 'ana'));
    await redis.cli('XADD', 'bugday:{log}:events', '2-0', 'event', '{"type":"chat.sent"');
    const error = await open(redis.url).load().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoreUnreadableError);
    expect((error as StoreUnreadableError).message).toMatch(/bugday:\{log\}:events: entry 2-0 is not a bugday event/);
    expect((error as StoreUnreadableError).recovery).toMatch(/^Nothing in Redis was changed/);
    expect(await redis.cli('XLEN', 'bugday:{log}:events')).toBe('2\n');
  });
});

describe('persistence', () => {
  it.each([
    ['appendonly no', ['appendonly no'], /appendonly is no, not yes/],
    ['appendfsync everysec', ['appendfsync everysec'], /appendfsync is everysec, not always/],
  ])('refuses to start on a Redis with %s, saying how to fix it, unless told to allow it', async (_, lines, problem) => {
    const redis = await startRedis(lines);
    try {
      const error = await open(redis.url).load().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(RedisUnusableError);
      expect((error as Error).message).toMatch(problem);
      expect((error as Error).message).toContain('redis-cli CONFIG SET appendonly yes; redis-cli CONFIG SET appendfsync always');
      expect((error as Error).message).toContain('BUGDAY_REDIS_ALLOW_VOLATILE=1');

      const volatile = open(redis.url, { allowVolatile: true });
      await volatile.load();
      await volatile.append(commandBatch(1, 1, 'ana'));
      expect((await volatile.readAfter(0)).events).toHaveLength(1);
    } finally {
      await redis.close();
    }
  });

  it('refuses a Redis that hides its settings (CONFIG forbidden), saying so, unless told to allow it', async () => {
    const redis = await startRedis(['user default on nopass ~* &* +@all -config']);
    try {
      const error = await open(redis.url).load().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(RedisUnusableError);
      expect((error as Error).message).toMatch(/does not let bugday read its persistence settings \(CONFIG GET answered "NOPERM/);
      expect((error as Error).message).toContain('BUGDAY_REDIS_ALLOW_VOLATILE=1');
      await open(redis.url, { allowVolatile: true }).load();
    } finally {
      await redis.close();
    }
  });

  it('says it cannot reach Redis when nothing answers at start-up', async () => {
    const url = `redis://:hunter2@127.0.0.1:${await freePort()}`;
    const error = await open(url).load().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RedisUnusableError);
    expect((error as Error).message).toMatch(/^cannot reach Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+: .*ECONNREFUSED/);
  });
});

/**
 * Appends batches of `size` one after another until `done()`, retrying one
 * that failed as a node's sender would. A batch whose answer was lost may have
 * been stored: the retry then finds the log moved past it, and it counts as
 * stored but not acknowledged.
 */
async function writeUntil(store: Store, size: number, done: () => boolean, acknowledged: number[]) {
  let next = 1;
  while (!done()) {
    try {
      await store.append(commandBatch(next, size, 'ana'));
      acknowledged.push(next);
      next += size;
    } catch (error) {
      if (error instanceof StoreBehindError) {
        if (error.lastSeq !== next + size - 1) throw error;
        next += size;
      } else {
        // Redis is away: the client reconnects with backoff by itself; retry at a modest pace meanwhile.
        await pause(10);
      }
    }
  }
  return next - 1;
}

/** Resolves once `count()` exceeds `target`, checking each few ms; a bounded wait, not a fixed sleep. */
const reaches = (count: () => number, target: number) => vi.waitFor(() => expect(count()).toBeGreaterThan(target), { timeout: 10_000, interval: 5 });

function expectWholeBatches(data: Awaited<ReturnType<Store['load']>>, size: number, stored: number, acknowledged: number[]) {
  expect(data.events.map((event) => event.seq)).toEqual(Array.from({ length: stored }, (_, index) => index + 1));
  expect(stored % size).toBe(0);
  expect(data.events.map((event) => (event.type === 'chat.sent' ? event.text : ''))).toEqual(data.events.map((event) => `ana ${event.seq}`));
  // Each stored batch's ledger record and session are there, and none of a batch that is not.
  const ends = Array.from({ length: stored / size }, (_, index) => (index + 1) * size);
  expect(data.commands.map((record) => record.seq)).toEqual(ends);
  expect(data.sessions.map((record) => record.tokenHash).sort()).toEqual(ends.map((end) => `ana-token-${end}`).sort());
  for (const first of acknowledged) expect(data.events[first - 1]?.seq).toBe(first);
}

describe('Redis going away', () => {
  let redis: RunningRedis;
  beforeEach(async () => {
    redis = await startRedis();
  });
  afterEach(() => redis.close());

  it('refuses appends while Redis is down, writing nothing, and appends again once it is back', async () => {
    const store = open(redis.url);
    await store.load();
    await store.append(commandBatch(1, 1, 'ana'));
    await redis.stop('SIGTERM');
    await expect(store.append(commandBatch(2, 1, 'ana'))).rejects.toThrow();

    await redis.start();
    expect((await loaded(redis.url)).events).toHaveLength(1);
    await vi.waitFor(() => store.append(commandBatch(2, 1, 'ana')), { timeout: 10_000, interval: 20 });
    expect((await loaded(redis.url)).events.map((event) => event.seq)).toEqual([1, 2]);
  });

  it('keeps every acknowledged append exactly once through a restart (SIGTERM) during a stream of appends', async () => {
    const store = open(redis.url);
    await store.load();
    const acknowledged: number[] = [];
    let stopping = false;
    const writing = writeUntil(store, 1, () => stopping, acknowledged);

    await reaches(() => acknowledged.length, 50);
    await redis.stop('SIGTERM');
    const beforeRestart = acknowledged.length;
    await redis.start();
    await reaches(() => acknowledged.length, beforeRestart + 50);
    stopping = true;
    const stored = await writing;

    expectWholeBatches(await loaded(redis.url), 1, stored, acknowledged);
  });

  it('loses no acknowledged event and keeps no half batch when Redis is killed (SIGKILL) while appending', async () => {
    const store = open(redis.url);
    await store.load();
    const acknowledged: number[] = [];
    let stopping = false;
    const writing = writeUntil(store, 3, () => stopping, acknowledged);

    for (let kill = 0; kill < 3; kill += 1) {
      await reaches(() => acknowledged.length, acknowledged.length + 10 + Math.floor(Math.random() * 30));
      await redis.stop('SIGKILL');
      await redis.start();
    }
    await reaches(() => acknowledged.length, acknowledged.length + 10);
    stopping = true;
    const stored = await writing;

    expectWholeBatches(await loaded(redis.url), 3, stored, acknowledged);
  });

  it('refuses an append that Redis does not answer in time, and answers "behind" once it turns out Redis stored it', async () => {
    const store = open(redis.url, { appendTimeoutMs: 200 });
    await store.load();
    await store.append(commandBatch(1, 1, 'ana'));
    redis.signal('SIGSTOP');
    await expect(store.append(commandBatch(2, 1, 'ana'))).rejects.toThrow(/did not answer an append within 200 ms/);
    // The script was on its way: Redis runs it when it goes on, and nobody hears the answer.
    redis.signal('SIGCONT');

    const error = await store.append(commandBatch(2, 1, 'ana')).catch((caught: unknown) => caught);
    expect(error).toEqual(new StoreBehindError(2));
    expect((await loaded(redis.url)).events.map((event) => event.seq)).toEqual([1, 2]);
  });
});

describe('a bugday server on Redis', () => {
  let redis: RunningRedis;
  let server: RunningServer | undefined;
  const clients: TestClient[] = [];
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(() => redis.close());
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await server?.stop();
  });

  async function client(auth: { nick?: string; token?: string }) {
    const connected = auth.nick ? await TestClient.joined(server!.url, auth.nick) : await TestClient.connect(server!.url, { token: auth.token! });
    clients.push(connected);
    return connected;
  }

  const snapshotOf = (client: TestClient): BoardState => {
    const sync = client.syncs[0]!;
    if (!('snapshot' in sync)) throw new Error('expected a snapshot');
    return sync.snapshot;
  };

  it('carries claims and chat between two people through Redis, and keeps them across a server restart', async () => {
    server = await startServer({ store: new RedisStore(redis.url) });
    const ana = await client({ nick: 'ana' });
    const bo = await client({ nick: 'bo' });

    expect(await ana.send('issue:create', { title: 'Crash on start', number: 123 })).toMatchObject({ ok: true });
    await bo.untilEvent('issue.created');
    const created = bo.events.find((event) => event.type === 'issue.created');
    const issueId = (created as Extract<DomainEvent, { type: 'issue.created' }>).issue.id;
    expect(await ana.send('issue:claim', { issueId })).toMatchObject({ ok: true });
    await bo.untilEvent('issue.claimed');
    expect(await bo.send('issue:claim', { issueId })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const said = await bo.send('chat:send', { text: 'I will test it', commandId: 'bo-1' });
    expect(said).toMatchObject({ ok: true });
    const seq = (said as { data: { seq: number } }).data.seq;
    await ana.until(() => ana.events.some((event) => event.seq === seq), "bo's line");

    for (const page of clients.splice(0)) page.close();
    await server.stop();
    server = await startServer({ store: new RedisStore(redis.url) });

    const anaAgain = await client({ token: ana.token! });
    const state = snapshotOf(anaAgain);
    expect(state.seq).toBe(seq);
    const anaId = Object.values(state.people).find((person) => person.nick === 'ana')?.id;
    expect(state.issues[issueId]).toMatchObject({ title: 'Crash on start', claimant: anaId });
    expect(state.chat.map((line) => line.text)).toContain('I will test it');

    const boAgain = await client({ token: bo.token! });
    // A retry of a command that took effect before the restart is answered, not run again.
    expect(await boAgain.send('chat:send', { text: 'I will test it', commandId: 'bo-1' })).toMatchObject({ ok: true, data: { seq } });
    expect(await boAgain.send('issue:claim', { issueId })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await anaAgain.send('chat:send', { text: 'fixed, please test', commandId: 'ana-1' })).toMatchObject({ ok: true, data: { seq: seq + 1 } });
    await boAgain.until(() => boAgain.events.some((event) => event.type === 'chat.sent' && event.text === 'fixed, please test'), "ana's line");
    expect((await loaded(redis.url)).events.at(-1)).toMatchObject({ type: 'chat.sent', text: 'fixed, please test', seq: seq + 1 });
  });
});
