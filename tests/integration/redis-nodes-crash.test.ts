/**
 * Two bugday processes on one Redis, and one of them SIGKILLed while
 * people write to it: its writers retry on another node with the same
 * commandIds, its pages reconnect there and resync by lastSeq, and every
 * acknowledged event is in the log once, every page heard each event once.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startChild, type ChildServer } from './helpers/child-server.ts';
import { killAfterRandomAcks, problemsWith, Writer } from './helpers/child-writers.ts';
import { storedLog } from './helpers/nodes.ts';
import { TestClient } from './helpers/client.ts';
import { startRedis, type RunningRedis } from './helpers/redis.ts';

/** Enough that their chat allowances together exceed the largest kill target. */
const WRITERS = 6;

let redis: RunningRedis;
let dir: string;
let nodes: ChildServer[];
const pages: TestClient[] = [];

beforeAll(async () => {
  redis = await startRedis();
  dir = await mkdtemp(join(tmpdir(), 'bugday-nodes-'));
  // BUGDAY_DATA is never written with BUGDAY_REDIS_URL set; it points into a folder of the test's own all the same.
  const env = { BUGDAY_REDIS_URL: redis.url };
  nodes = await Promise.all([0, 1].map((i) => startChild(join(dir, `unused-${i}.json`), env)));
});

afterAll(async () => {
  for (const page of pages) page.close();
  await Promise.all(nodes.map((node) => node.stop('SIGKILL')));
  await redis.close();
  await rm(dir, { recursive: true, force: true });
});


const connect = async (url: string, auth = {}) => {
  const page = await TestClient.connect(url, auth);
  pages.push(page);
  return page;
};

it('a node SIGKILLed during writes: its pages resync on another node and miss nothing; nothing acknowledged is lost', { timeout: 60_000 }, async () => {
  const [doomed, next] = nodes as [ChildServer, ChildServer];
  const writers: Writer[] = [];
  for (let i = 0; i < WRITERS; i += 1) writers.push(await Writer.join(doomed.url, `writer${i}`));
  const watching = await connect(doomed.url);
  const elsewhere = await Promise.all([connect(next.url), connect(next.url)]);

  const killedAfter = await killAfterRandomAcks(doomed, writers);

  // The page of the killed node comes back on another, naming what it has.
  const resumed = await connect(next.url, { lastSeq: watching.lastSeq, log: watching.log! });
  for (const writer of writers) await writer.settle(next.url);
  const log = await storedLog(redis);
  expect(problemsWith(log, writers), `killed after ${killedAfter} acks`).toEqual([]);
  const acknowledged = writers.reduce((sum, writer) => sum + writer.acked.size, 0);
  expect(log.filter((event) => event.type === 'chat.sent')).toHaveLength(acknowledged);

  await resumed.until(() => resumed.lastSeq === log.length, `the resumed page at ${log.length}`, 10_000);
  const replay = resumed.syncs[0]!;
  if (!('events' in replay)) throw new Error('the resumed page was sent a snapshot, not the events it missed');
  const heard = [...watching.events, ...replay.events, ...resumed.events];
  expect(heard.map((event) => event.seq)).toEqual(log.slice(watching.syncs[0]!.seq).map((event) => event.seq));
  for (const page of elsewhere) {
    await page.until(() => page.lastSeq === log.length, `a page on the live node at ${log.length}`, 10_000);
    expect(page.events).toEqual(log.slice(page.syncs[0]!.seq));
  }
});
