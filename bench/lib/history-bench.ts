/**
 * Ack latency and start-up time against a stored history: the server is
 * started on a data file of 1k, 10k or 100k events, then one participant
 * claims and releases a card, one command after another.
 */
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { io as connectClient } from 'socket.io-client';
import type { Ack, CommandResult, JoinResult } from '../../shared/protocol.ts';
import { writeHistory } from './history.ts';
import { sampleProcess } from './procstat.ts';
import { bugdayServer, spawnServer } from './spawn-server.ts';
import { Histogram, round, sleep, withTimeout, type LatencySummary } from './stats.ts';

export interface HistoryResult {
  events: number;
  fileMB: number;
  startupMs: number;
  /** From connect to the `sync` of a new page, and how big that sync was. */
  syncMs: number;
  syncKB: number;
  ack: LatencySummary;
  serverRssMB: number;
  error?: string;
}

export async function runHistory(dir: string, size: number, commands: number, budgetMs: number): Promise<HistoryResult> {
  // A folder of its own: the store may keep more than one file (snapshot + journal).
  const folder = join(dir, `history-${size}`);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  const file = join(folder, 'bugday.json');
  const result: HistoryResult = { events: size, fileMB: 0, startupMs: NaN, syncMs: NaN, syncKB: NaN, ack: new Histogram().summary(), serverRssMB: NaN };
  if (size > 0) await writeHistory(file, { events: size, people: 50, cards: Math.min(1000, Math.floor(size / 4)) });
  result.fileMB = round(folderBytes(folder) / 1024 / 1024, 1);
  const server = await spawnServer({ ...bugdayServer(file), timeoutMs: 60_000 }).catch((error: Error) => {
    result.error = error.message.slice(0, 500);
    return undefined;
  });
  if (!server) return result;
  result.startupMs = round(server.startupMs, 0);
  const socket = connectClient(server.url, { transports: ['websocket'], forceNew: true, reconnection: false });
  try {
    const connectStarted = performance.now();
    const syncBytes = await withTimeout(
      new Promise<number>((resolve, reject) => {
        socket.once('sync', (payload) => resolve(JSON.stringify(payload).length));
        socket.once('connect_error', reject);
      }),
      30_000,
      'sync',
    );
    result.syncMs = round(performance.now() - connectStarted, 1);
    result.syncKB = round(syncBytes / 1024, 0);
    const joined = (await socket.timeout(30_000).emitWithAck('session:join', { nick: 'history-writer' })) as Ack<JoinResult>;
    if (!joined.ok) throw new Error(joined.error.message);
    // Claims and releases of one card, ten a second: under the per-person rate limit, each one an append.
    const created = (await socket.timeout(30_000).emitWithAck('issue:create', { title: 'History bench card' })) as Ack<CommandResult>;
    if (!created.ok) throw new Error(created.error.message);
    const issueId = `i${created.data.seq}`;
    const acks = new Histogram();
    const deadline = performance.now() + budgetMs;
    for (let i = 0; i < commands && performance.now() < deadline; i += 1) {
      const t0 = performance.now();
      const name = i % 2 === 0 ? 'issue:claim' : 'issue:release';
      const answer = (await socket.timeout(30_000).emitWithAck(name, { issueId })) as Ack<CommandResult>;
      if (!answer.ok) throw new Error(answer.error.message);
      acks.record(performance.now() - t0);
      await sleep(Math.max(0, 110 - (performance.now() - t0)));
    }
    result.ack = acks.summary();
    result.serverRssMB = round((sampleProcess(server.pid)?.rssBytes ?? NaN) / 1024 / 1024, 1);
  } catch (error) {
    result.error = (error as Error).message;
  } finally {
    socket.disconnect();
    await server.stop();
    rmSync(folder, { recursive: true, force: true });
  }
  return result;
}

export function folderBytes(folder: string): number {
  return readdirSync(folder).reduce((sum, name) => sum + statSync(join(folder, name)).size, 0);
}
