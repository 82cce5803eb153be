/**
 * Redis goes away under two nodes while people write: commands are refused
 * as storage_unavailable meanwhile (and retried by their senders with the
 * same commandId), the nodes reconnect, catch up and carry on, and every
 * acknowledged event is in the log once, heard once by every page.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { problemsWith, Writer } from './helpers/child-writers.ts';
import { TestClient } from './helpers/client.ts';
import { startNodes, storedLog } from './helpers/nodes.ts';
import { startRedis, type RunningRedis } from './helpers/redis.ts';
import type { RunningServer } from './helpers/server.ts';

const WRITERS = 4;
const EACH = 15;

let redis: RunningRedis;
let nodes: RunningServer[];
const pages: TestClient[] = [];

beforeAll(async () => {
  redis = await startRedis();
  nodes = await startNodes(redis, 2);
});

afterAll(async () => {
  for (const page of pages) page.close();
  await Promise.all(nodes.map((node) => node.stop()));
  await redis.close();
});

it('a Redis killed and restarted during writes loses nothing acknowledged, and the nodes carry on', { timeout: 30_000 }, async () => {
  const writers = await Promise.all(Array.from({ length: WRITERS }, (_, i) => Writer.join(nodes[i % 2]!.url, `writer${i}`)));
  pages.push(...(await Promise.all(nodes.map((node) => TestClient.connect(node.url)))));
  let acks = 0;
  let outage: Promise<void> | undefined;
  await Promise.all(
    writers.map((writer, i) =>
      writer.writeThrough(nodes[i % 2]!.url, EACH, () => {
        acks += 1;
        // SIGKILL: with appendfsync always, what Redis acknowledged is in its file even so.
        if (acks === 10) outage = redis.stop('SIGKILL').then(() => redis.start());
      }),
    ),
  );
  await outage;
  // Both nodes write after the outage too: each one's tail picked up again.
  for (const [i, node] of nodes.entries()) await writers[i]!.writeThrough(node.url, 1);

  const events = await storedLog(redis);
  expect(problemsWith(events, writers)).toEqual([]);
  expect(writers.reduce((sum, writer) => sum + writer.refusedUnavailable, 0), 'commands refused while Redis was away').toBeGreaterThan(0);
  expect(events.filter((event) => event.type === 'chat.sent')).toHaveLength(WRITERS * EACH + 2);
  for (const page of pages) {
    await page.until(() => page.lastSeq === events.length, `every event, up to ${events.length}`, 10_000);
    // Each event after the page's first sync once, in order: nothing missed across the outage, nothing twice.
    const synced = page.syncs[0]!.seq;
    expect(page.events.map((event) => event.seq)).toEqual(events.slice(synced).map((event) => event.seq));
  }
  for (const node of nodes) expect(node.app.board.seq).toBe(events.length);
});
