/**
 * One fan-out run: a fresh server (bugday or the bare baseline), N clients
 * (90% lurkers) held by the load workers (the participants who act in a
 * worker of their own, the lurkers and idle participants in the others), then
 *  1. idle: RSS per connected client;
 *  2. steady: `active` participants claim, chat and release at a fixed total
 *     rate; latency from each emit to its arrival at every client;
 *  3. echo: a few participants send as fast as their own event comes back;
 *     deliveries per second (the throughput compared with the baseline);
 *  4. optionally capacity: the steady load at rising rates (capacity.ts);
 *  5. optionally writers: more lurkers are added, then ack latency of the
 *     active participants at the steady rate.
 */
import { io as connectClient } from 'socket.io-client';
import type { Ack, CommandResult, JoinResult } from '../../shared/protocol.ts';
import { sweepCapacity, type CapacityResult } from './capacity.ts';
import { Generator, split } from './generator.ts';
import { EMIT_KINDS, type CollectResult, type ConnectResult, type RunResult, type StatusResult } from './ipc.ts';
import { availableParallelism } from 'node:os';
import {
  cpuPercent,
  machineBusyPercent,
  otherConsumers,
  sampleAll,
  sampleEveryProcess,
  sampleMachine,
  sampleProcess,
  totalCpuPercent,
} from './procstat.ts';
import type { RunningServer } from './spawn-server.ts';
import { Histogram, round, sleep, withTimeout, type LatencySummary } from './stats.ts';

export interface FanoutConfig {
  clients: number;
  participantShare: number;
  active: number;
  /** Commands per second across all active participants in the steady phase. */
  steadyRate: number;
  steadyMs: number;
  echoSenders: number;
  /** Deliveries the echo senders may have outstanding in all: senders = this / clients. */
  echoInFlight: number;
  echoMs: number;
  drainMs: number;
  connectTimeoutMs: number;
  /** Lurkers to add before the writers phase (0: no writers phase). */
  writersExtraLurkers: number;
  /** Rates (commands/s) of the capacity sweep, lowest first; empty: no sweep. */
  capacityRates: number[];
  capacityStepMs: number;
  /** Only the capacity sweep: no steady, echo or writers phase. */
  capacityOnly?: boolean;
}

export interface PhaseResult {
  commands: { sent: number; acked: number; refused: number; failed: number; firstError?: string };
  ack: LatencySummary;
  /** Emit → arrival, over every (event, client) pair. */
  delivery: LatencySummary;
  /** Emit → arrival at the last client, per event. */
  everyone: LatencySummary;
  /** The same, for claims only. */
  claimToEveryone: LatencySummary;
  deliveries: number;
  expectedDeliveries: number;
  deliveriesPerSecond: number;
  serverCpuPercent: number;
  generatorCpuPercent: number;
  /** The whole machine, in percent of one core: 200 means both cores were busy. */
  machineCpuPercent: number;
  /** What neither the server nor the generator used: the coordinator, the kernel's own threads, anything else on the box. */
  otherCpuPercent: number;
  /** Of the machine's busy time: stolen by the hypervisor, and spent in interrupts (percent of one core). */
  stealPercent: number;
  softirqPercent: number;
  /** The heaviest of those other processes, e.g. someone's test run on the same box. */
  otherProcesses: string;
  serverRssMB: number;
  presenceMessagesPerClientPerSecond: number;
  presenceKBPerClientPerSecond: number;
  durationMs: number;
}

export interface FanoutResult {
  server: string;
  clients: number;
  lurkers: number;
  participants: number;
  /** How many were connected when the measurements began (all N, unless the connect phase ran out of time). */
  connectedClients: number;
  connect: { ms: number; failures: number; firstError?: string; perSecond: number };
  idle: { rssBeforeMB: number; rssAfterMB: number; rssPerClientKB: number };
  steady?: PhaseResult;
  echo?: PhaseResult;
  writers?: PhaseResult & { lurkers: number };
  capacity?: CapacityResult;
  openAtEnd: number;
  closedUnexpectedly: number;
  error?: string;
}

const MB = 1024 * 1024;

/** Cards per setup person: below the per-person burst allowance of the rate limiter. */
const CARDS_PER_SETUP_PERSON = 25;

/** Makes the cards the active participants will claim (bugday needs them; the baseline takes any id). */
export async function createIssues(server: RunningServer, count: number, kind: 'bugday' | 'baseline'): Promise<string[]> {
  if (kind === 'baseline') return Array.from({ length: count }, (_, i) => `i${i + 1}`);
  const people = Math.ceil(count / CARDS_PER_SETUP_PERSON);
  const lists = await Promise.all(
    Array.from({ length: people }, (_, p) =>
      createAs(server, `bench-setup-${p}`, p * CARDS_PER_SETUP_PERSON, Math.min(CARDS_PER_SETUP_PERSON, count - p * CARDS_PER_SETUP_PERSON)),
    ),
  );
  return lists.flat();
}

async function createAs(server: RunningServer, nick: string, from: number, count: number): Promise<string[]> {
  const socket = connectClient(server.url, { transports: ['websocket'], forceNew: true, reconnection: false });
  try {
    await withTimeout(new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    }), 10_000, 'setup connect');
    const joined = (await socket.timeout(10_000).emitWithAck('session:join', { nick })) as Ack<JoinResult>;
    if (!joined.ok) throw new Error(`setup join refused: ${joined.error.message}`);
    const ids: string[] = [];
    for (let i = from; i < from + count; i += 1) {
      let answer: Ack<CommandResult> | undefined;
      for (let attempt = 0; attempt < 20; attempt += 1) {
        answer = (await socket
          .timeout(10_000)
          .emitWithAck('issue:create', { title: `Fan-out card ${i + 1}`, number: 900_000 + i })) as Ack<CommandResult>;
        if (answer.ok || answer.error.code !== 'rate_limited') break;
        await sleep(250);
      }
      if (!answer?.ok) throw new Error(`setup issue:create refused: ${answer?.error.message}`);
      ids.push(`i${answer.data.seq}`);
    }
    return ids;
  } finally {
    socket.disconnect();
  }
}

export async function phase(
  generator: Generator,
  server: RunningServer,
  mode: 'steady' | 'echo',
  issueIds: string[],
  rateTotal: number,
  durationMs: number,
  drainMs: number,
  connectedClients: number,
): Promise<PhaseResult> {
  // Every active participant lives in the last worker, which holds nothing else: their emit and
  // ack times are not delayed behind thousands of lurker frames in the same event loop.
  const writerWorker = generator.size - 1;
  const shares = Array.from({ length: generator.size }, (_, i) => (i === writerWorker ? issueIds : []));
  await generator.all<CollectResult>(() => ({ kind: 'collect', emitTimes: [] }), 60_000);
  const serverBefore = sampleProcess(server.pid);
  const workersBefore = sampleAll(generator.pids);
  const machineBefore = sampleMachine();
  const everyBefore = sampleEveryProcess();
  const started = performance.timeOrigin + performance.now();
  const runs = await generator.all<RunResult>(
    (i) => ({
      kind: 'run',
      mode,
      issueIds: shares[i]!,
      ratePerParticipant: rateTotal / Math.max(1, issueIds.length),
      durationMs,
    }),
    durationMs + 60_000,
  );
  await sleep(drainMs);
  const serverAfter = sampleProcess(server.pid);
  const workersAfter = sampleAll(generator.pids);
  const machineAfter = sampleMachine();
  const everyAfter = sampleEveryProcess();
  const emits = runs.flatMap((run) => run.emits);
  const emitTimes = emits.map(([seq, at]): [number, number] => [seq, at]);
  const claims = new Set(emits.filter(([, , kind]) => EMIT_KINDS[kind] === 'claim').map(([seq]) => seq));
  const collected = await generator.all<CollectResult>(() => ({ kind: 'collect', emitTimes }), 120_000);

  const acks = new Histogram();
  for (const run of runs) acks.merge(run.acks);
  const delivery = new Histogram();
  for (const c of collected) delivery.merge(c.deliveries);
  const lastBySeq = new Map<number, { at: number; count: number }>();
  for (const c of collected) {
    for (const [seq, at, count] of c.perSeq) {
      const known = lastBySeq.get(seq);
      if (!known) lastBySeq.set(seq, { at, count });
      else {
        known.at = Math.max(known.at, at);
        known.count += count;
      }
    }
  }
  const everyone = new Histogram();
  const claimToEveryone = new Histogram();
  const emitted = new Map(emitTimes);
  for (const [seq, { at }] of lastBySeq) {
    everyone.record(at - emitted.get(seq)!);
    if (claims.has(seq)) claimToEveryone.record(at - emitted.get(seq)!);
  }
  const arrivals = collected.reduce((sum, c) => sum + c.arrivals, 0);
  const lastArrival = Math.max(...collected.map((c) => c.lastArrival));
  const wallMs = Math.max(1, lastArrival - started);
  const presenceMessages = collected.reduce((sum, c) => sum + c.presenceMessages, 0);
  const presenceBytes = collected.reduce((sum, c) => sum + c.presenceBytes, 0);
  const seconds = (durationMs + drainMs) / 1000;
  const firstError = runs.find((run) => run.firstError)?.firstError;
  return {
    commands: {
      sent: runs.reduce((s, r) => s + r.sent, 0),
      acked: acks.count,
      refused: runs.reduce((s, r) => s + r.refused, 0),
      failed: runs.reduce((s, r) => s + r.failed, 0),
      ...(firstError ? { firstError } : {}),
    },
    ack: acks.summary(),
    delivery: delivery.summary(),
    everyone: everyone.summary(),
    claimToEveryone: claimToEveryone.summary(),
    deliveries: delivery.count,
    expectedDeliveries: emitTimes.length * connectedClients,
    deliveriesPerSecond: round((mode === 'echo' ? arrivals : delivery.count) / (wallMs / 1000), 0),
    serverCpuPercent: round(cpuPercent(serverBefore, serverAfter), 1),
    generatorCpuPercent: round(totalCpuPercent(workersBefore, workersAfter), 1),
    machineCpuPercent: round(machineBusyPercent(machineBefore, machineAfter, availableParallelism()), 0),
    otherCpuPercent: round(
      machineBusyPercent(machineBefore, machineAfter, availableParallelism()) -
        cpuPercent(serverBefore, serverAfter) -
        totalCpuPercent(workersBefore, workersAfter),
      0,
    ),
    stealPercent: round(machineBusyPercent(machineBefore, machineAfter, availableParallelism(), 'steal'), 0),
    softirqPercent: round(machineBusyPercent(machineBefore, machineAfter, availableParallelism(), 'softirq'), 0),
    otherProcesses: otherConsumers(everyBefore, everyAfter, (machineAfter.at - machineBefore.at) / 1000, [server.pid, ...generator.pids]),
    serverRssMB: round((serverAfter?.rssBytes ?? NaN) / MB, 1),
    presenceMessagesPerClientPerSecond: round(presenceMessages / connectedClients / seconds, 2),
    presenceKBPerClientPerSecond: round(presenceBytes / 1024 / connectedClients / seconds, 2),
    durationMs: round(wallMs, 0),
  };
}

export async function runFanout(
  kind: 'bugday' | 'baseline',
  server: RunningServer,
  workers: number,
  config: FanoutConfig,
  log: (line: string) => void,
): Promise<FanoutResult> {
  const participants = Math.round(config.clients * config.participantShare);
  const lurkers = config.clients - participants;
  const result: FanoutResult = {
    server: kind,
    clients: config.clients,
    lurkers,
    participants,
    connectedClients: 0,
    connect: { ms: 0, failures: 0, perSecond: 0 },
    idle: { rssBeforeMB: 0, rssAfterMB: 0, rssPerClientKB: 0 },
    openAtEnd: 0,
    closedUnexpectedly: 0,
  };
  // The lurkers' workers, plus one more for the participants who act.
  const generator = Generator.start(workers + 1);
  const writerCount = Math.min(participants, Math.max(config.active, config.echoSenders));
  try {
    await sleep(1_000); // let the workers load before measuring
    const rssBefore = sampleProcess(server.pid)?.rssBytes ?? NaN;
    const issueIds = await createIssues(server, Math.max(config.active, config.echoSenders), kind);

    const lurkerShares = [...split(lurkers, workers), 0];
    const participantShares = [...split(participants - writerCount, workers), writerCount];
    const connectStarted = performance.now();
    const connected = await generator.all<ConnectResult>(
      (i) => ({
        kind: 'connect',
        url: server.url,
        lurkers: lurkerShares[i]!,
        participants: participantShares[i]!,
        nickPrefix: `w${i}`,
        workerIndex: i,
        timeoutMs: config.connectTimeoutMs,
      }),
      config.connectTimeoutMs + 60_000,
    );
    const connectMs = performance.now() - connectStarted;
    const failures = connected.reduce((s, c) => s + c.failures, 0);
    const firstError = connected.find((c) => c.firstError)?.firstError;
    result.connect = {
      ms: round(connectMs, 0),
      failures,
      ...(firstError ? { firstError } : {}),
      perSecond: round((config.clients - failures) / (connectMs / 1000), 0),
    };
    const clientsUp = connected.reduce((s, c) => s + c.lurkers + c.participants, 0);
    result.connectedClients = clientsUp;
    log(`  ${kind} N=${config.clients}: ${clientsUp} connected in ${round(connectMs / 1000, 1)} s (${failures} failed)`);

    await sleep(3_000); // presence settles; nothing else happens
    const rssAfter = sampleProcess(server.pid)?.rssBytes ?? NaN;
    result.idle = {
      rssBeforeMB: round(rssBefore / MB, 1),
      rssAfterMB: round(rssAfter / MB, 1),
      rssPerClientKB: round((rssAfter - rssBefore) / 1024 / Math.max(1, clientsUp), 1),
    };

    const active = issueIds.slice(0, Math.min(config.active, participants));
    if (!config.capacityOnly) {
      result.steady = await phase(generator, server, 'steady', active, config.steadyRate, config.steadyMs, config.drainMs, clientsUp);
      log(`  ${kind} N=${config.clients}: steady p99 to everyone ${result.steady.everyone.p99} ms`);
      // Bounded work in flight: senders × clients deliveries at most, about two seconds of it.
      const echoSenders = Math.max(2, Math.min(config.echoSenders, Math.round(config.echoInFlight / config.clients)));
      const senders = issueIds.slice(0, Math.min(echoSenders, participants));
      result.echo = await phase(generator, server, 'echo', senders, 0, config.echoMs, config.drainMs, clientsUp);
      log(`  ${kind} N=${config.clients}: echo ${result.echo.deliveriesPerSecond} deliveries/s`);
    }

    if (config.capacityRates.length > 0) {
      result.capacity = await sweepCapacity(generator, server, active, config.capacityRates, config.capacityStepMs, config.drainMs, clientsUp, log);
      log(`  ${kind} N=${config.clients}: capacity ${result.capacity.capacity} commands/s`);
    }
    if (config.writersExtraLurkers > 0) {
      const extra = [...split(config.writersExtraLurkers, workers), 0];
      const more = await generator.all<ConnectResult>(
        (i) => ({ kind: 'connect', url: server.url, lurkers: extra[i]!, participants: 0, nickPrefix: `x${i}`, workerIndex: i, timeoutMs: 40_000 }),
        config.connectTimeoutMs + 60_000,
      );
      const totalLurkers = more.reduce((s, c) => s + c.lurkers, 0);
      const totalClients = totalLurkers + more.reduce((s, c) => s + c.participants, 0);
      await sleep(2_000);
      const writers = await phase(generator, server, 'steady', active, config.steadyRate, config.steadyMs, config.drainMs, totalClients);
      result.writers = { ...writers, lurkers: totalLurkers };
      log(`  ${kind}: writers with ${totalLurkers} lurkers: ack p99 ${writers.ack.p99} ms`);
    }
    const status = await generator.all<StatusResult>(() => ({ kind: 'status' }), 30_000);
    result.openAtEnd = status.reduce((s, x) => s + x.open, 0);
    result.closedUnexpectedly = status.reduce((s, x) => s + x.closedUnexpectedly, 0);
  } catch (error) {
    result.error = (error as Error).message;
    log(`  ${kind} N=${config.clients}: FAILED: ${result.error}`);
  } finally {
    await generator.stop();
  }
  return result;
}
