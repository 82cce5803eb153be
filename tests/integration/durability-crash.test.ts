import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { LowdbStore } from '../../server/store/lowdb.ts';
import { startChild, type ChildServer } from './helpers/child-server.ts';
import { killAfterRandomAcks, problemsWith, Writer } from './helpers/child-writers.ts';

/** Enough that their chat allowances together exceed the largest kill target. */
const WRITERS = 6;
const KILLS = 12;
/** Small, so that kills also land in the middle of compactions. */
const CHAOS_ENV = { BUGDAY_COMPACT_AFTER_BYTES: '3000' };

let dir: string;
let server: ChildServer | undefined;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bugday-crash-'));
});
afterEach(async () => {
  await server?.stop('SIGKILL');
  server = undefined;
  await rm(dir, { recursive: true, force: true });
});

it('keeps every acknowledged event exactly once when SIGKILLed at random moments', { timeout: 60_000 }, async () => {
  const file = join(dir, 'bugday.json');
  server = await startChild(file, CHAOS_ENV);
  const writers: Writer[] = [];
  for (let index = 0; index < WRITERS; index += 1) writers.push(await Writer.join(server.url, `writer${index}`));

  const killedAfter: number[] = [];
  for (let round = 0; round < KILLS; round += 1) {
    killedAfter.push(await killAfterRandomAcks(server, writers));
    server = await startChild(file, CHAOS_ENV);
  }

  // The last server stays up: every command still waiting for an answer gets one, without acting twice.
  for (const writer of writers) await writer.settle(server.url);
  expect((await server.stop('SIGTERM')).code).toBe(0);
  server = undefined;

  const store = new LowdbStore(file);
  const { events } = await store.load();
  await store.close();
  expect(problemsWith(events, writers), `kills after ${killedAfter.join(', ')} acks`).toEqual([]);
  const acknowledged = writers.reduce((sum, writer) => sum + writer.acked.size, 0);
  expect(events.filter((event) => event.type === 'chat.sent')).toHaveLength(acknowledged);
});
