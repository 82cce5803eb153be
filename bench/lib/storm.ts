/**
 * Connect storm: ten thousand pages connect as fast as the generator can, as
 * after a restart, against a board of a thousand cards and thousands of chat
 * lines. Twice: each page naming the seq it already has (a replay of
 * nothing), then with nothing (the whole board for every page). Then the
 * claims right after the storm, as a participant feels it.
 */
import { io as connectClient } from 'socket.io-client';
import type { SyncPayload } from '../../shared/protocol.ts';
import { phase, type PhaseResult } from './fanout.ts';
import { Generator, split } from './generator.ts';
import type { ConnectResult, StatusResult } from './ipc.ts';
import { cpuPercent, sampleProcess } from './procstat.ts';
import type { RunningServer } from './spawn-server.ts';
import { nowMs, round, sleep, withTimeout } from './stats.ts';

export interface StormConfig {
  pages: number;
  /** Joined before the storm; they claim and chat after it. */
  participants: number;
  /** Commands per second after the storm, from all participants. */
  afterRate: number;
  afterMs: number;
  drainMs: number;
  timeoutMs: number;
}

export interface StormRound {
  auth: 'lastSeq' | 'none';
  accepted: number;
  failures: number;
  firstError?: string;
  /** From the first connect to the last page's connect answer. */
  acceptMs: number;
  acceptsPerSecond: number;
  /** From the first connect to the last page's sync. */
  lastSyncMs: number;
  unsynced: number;
  serverCpuPercent: number;
  serverRssMB: number;
  after: PhaseResult;
}

export interface StormResult {
  server: string;
  pages: number;
  /** The size of the sync a page with nothing gets. */
  snapshotKB: number;
  rounds: StormRound[];
  error?: string;
}

/** The sync a page with nothing yet gets from `url`, as a page would receive it. */
export async function fetchSync(url: string): Promise<SyncPayload> {
  const socket = connectClient(url, { transports: ['websocket'], forceNew: true, reconnection: false });
  try {
    return await withTimeout(new Promise<SyncPayload>((resolve) => socket.once('sync', resolve)), 20_000, 'a sync');
  } finally {
    socket.disconnect();
  }
}

export async function runStorm(
  server: RunningServer,
  workers: number,
  config: StormConfig,
  issueIds: string[],
  log: (line: string) => void,
): Promise<StormResult> {
  const result: StormResult = { server: server.name, pages: config.pages, snapshotKB: 0, rounds: [] };
  const generator = Generator.start(workers + 1);
  const writer = workers;
  const connect = (i: number, lurkers: number, participants: number, auth?: Record<string, unknown>) => ({
    kind: 'connect' as const,
    url: server.url,
    lurkers,
    participants,
    nickPrefix: `s${i}`,
    workerIndex: i,
    timeoutMs: config.timeoutMs,
    ...(auth ? { auth } : {}),
  });
  try {
    await sleep(1_000); // let the workers load before measuring
    await generator.request<ConnectResult>(writer, connect(writer, 0, config.participants), config.timeoutMs + 30_000);
    const shares = [...split(config.pages, workers), 0];
    for (const kind of ['lastSeq', 'none'] as const) {
      const head = await fetchSync(server.url);
      if (kind === 'none') result.snapshotKB = round1(Buffer.byteLength(JSON.stringify(head)) / 1024);
      const auth = kind === 'lastSeq' ? { lastSeq: head.seq, log: head.log } : undefined;
      const cpuBefore = sampleProcess(server.pid);
      const began = nowMs();
      const connected = await generator.all<ConnectResult>((i) => connect(i, shares[i]!, 0, auth), config.timeoutMs + 60_000);
      const cpuAfter = sampleProcess(server.pid);
      const accepted = connected.reduce((sum, c) => sum + c.lurkers, 0);
      const acceptMs = Math.max(...connected.map((c) => c.acceptedAt)) - began;
      const firstError = connected.find((c) => c.firstError)?.firstError;
      const after = await phase(generator, server, 'steady', issueIds.slice(0, config.participants), config.afterRate, config.afterMs, config.drainMs, accepted + config.participants);
      result.rounds.push({
        auth: kind,
        accepted,
        failures: connected.reduce((sum, c) => sum + c.failures, 0),
        ...(firstError ? { firstError } : {}),
        acceptMs: round1(acceptMs),
        acceptsPerSecond: round(accepted / (acceptMs / 1000), 0),
        lastSyncMs: round1(Math.max(...connected.map((c) => c.syncedAt)) - began),
        unsynced: connected.reduce((sum, c) => sum + c.unsynced, 0),
        serverCpuPercent: round(cpuPercent(cpuBefore, cpuAfter), 1),
        serverRssMB: round((cpuAfter?.rssBytes ?? NaN) / 1024 / 1024, 1),
        after,
      });
      const last = result.rounds.at(-1)!;
      log(`  storm ${server.name} (${kind}): ${accepted} accepted, ${last.acceptsPerSecond}/s, last sync at ${last.lastSyncMs} ms, claim p99 after ${after.claimToEveryone.p99} ms`);
      await generator.all<StatusResult>(() => ({ kind: 'dropLurkers' }), 30_000);
      await sleep(3_000); // the server lets go of the closed pages before the next round
    }
  } catch (error) {
    result.error = (error as Error).message;
    log(`  storm ${server.name}: FAILED: ${result.error}`);
  } finally {
    await generator.stop();
  }
  return result;
}

const round1 = (value: number) => round(value, 1);
