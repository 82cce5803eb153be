/**
 * What Redis costs bugday, on this machine, under the same open-loop load:
 * one node on lowdb, one node on Redis, and two nodes on one Redis with the
 * pages split between them (every command sent to the first, so half the
 * pages hear it across nodes). Several runs each, taking turns, with the
 * spread printed. From the measured Redis CPU per event (beyond what it
 * spends idle) (and what each more
 * node adds to it) and the nodes' CPU per page per event, it prints an
 * estimate of how many pages N nodes carry.
 *
 *   node --import tsx bench/redis.ts
 *
 * Knobs (environment): BENCH_REDIS_CLIENTS=1000 BENCH_REDIS_RUNS=3 BENCH_REDIS_RATE=20 (commands/s) BENCH_REDIS_MS=8000
 * Writes bench/results/redis.json.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRedis, type RunningRedis } from '../tests/integration/helpers/redis.ts';
import { createIssues, phase, type PhaseResult } from './lib/fanout.ts';
import { Generator, split } from './lib/generator.ts';
import type { ConnectResult } from './lib/ipc.ts';
import { sampleProcess, type ProcSample } from './lib/procstat.ts';
import { bugdayServer, ROOT, spawnServer, type RunningServer } from './lib/spawn-server.ts';
import { round, sleep } from './lib/stats.ts';

const env = process.env;
const CLIENTS = Number(env.BENCH_REDIS_CLIENTS ?? 1_000);
const RUNS = Number(env.BENCH_REDIS_RUNS ?? 3);
const RATE = Number(env.BENCH_REDIS_RATE ?? 20);
const PHASE_MS = Number(env.BENCH_REDIS_MS ?? 8_000);
const ACTIVE = 20;
const IDLE_MS = 3_000;
/** Lurker workers; one more holds the participants who act. */
const WORKERS = 2;
/** The share of a core a node or Redis may use before latency climbs: the estimate's budget. */
const CPU_BUDGET = 0.7;
/** Wide enough for "median (min–max)". */
const COLUMN = 26;

type Setup = 'lowdb' | 'redis' | 'redis×2';
const SETUPS: Setup[] = ['lowdb', 'redis', 'redis×2'];

interface Run {
  setup: Setup;
  run: number;
  events: number;
  eventsPerSecond: number;
  ack: PhaseResult['ack'];
  /** Emit → arrival at the last page, per event: the fan-out time. */
  everyone: PhaseResult['everyone'];
  deliveries: number;
  expectedDeliveries: number;
  refused: number;
  /** CPU seconds of every node together, and of Redis, over the phase, less what they spend idle. */
  nodeCpuSeconds: number;
  redisCpuSeconds: number;
}

const began = performance.now();
const log = (line: string) => console.log(`[${((performance.now() - began) / 1000).toFixed(0).padStart(3)} s] ${line}`);

/** Redis's own CPU seconds so far, as INFO tells them. */
async function redisCpu(redis: RunningRedis): Promise<number> {
  const info = await redis.cli('INFO', 'cpu');
  const field = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? NaN);
  return field('used_cpu_sys') + field('used_cpu_user');
}

const cpuSeconds = (from: ProcSample | undefined, to: ProcSample | undefined) => (from && to ? to.cpuSeconds - from.cpuSeconds : NaN);

/** Runs `work`, and tells the CPU seconds the nodes (together) and Redis spent meanwhile, and how long it took. */
async function cpuOver<T>(setup: Setup, nodes: RunningServer[], redis: RunningRedis, work: () => Promise<T>) {
  const started = performance.now();
  const nodesBefore = nodes.map((node) => sampleProcess(node.pid));
  const redisBefore = setup === 'lowdb' ? 0 : await redisCpu(redis);
  const value = await work();
  const redisAfter = setup === 'lowdb' ? 0 : await redisCpu(redis);
  const spent = nodes.reduce((sum, node, i) => sum + cpuSeconds(nodesBefore[i], sampleProcess(node.pid)), 0);
  return { value, nodes: spent, redis: redisAfter - redisBefore, seconds: (performance.now() - started) / 1000 };
}

async function startNodes(setup: Setup, redis: RunningRedis, scratch: string, run: number): Promise<RunningServer[]> {
  const data = join(scratch, `${setup}-${run}.json`);
  if (setup === 'lowdb') return [await spawnServer(bugdayServer(data))];
  await redis.cli('FLUSHALL');
  const count = setup === 'redis' ? 1 : 2;
  const nodes: RunningServer[] = [];
  // One after another: the first start makes the secrets.
  for (let i = 0; i < count; i += 1) nodes.push(await spawnServer({ ...bugdayServer(`${data}.${i}`), env: { BUGDAY_REDIS_URL: redis.url } }));
  return nodes;
}

async function once(setup: Setup, run: number, redis: RunningRedis, scratch: string): Promise<Run> {
  const nodes = await startNodes(setup, redis, scratch, run);
  const generator = Generator.start(WORKERS + 1);
  try {
    const [first] = nodes as [RunningServer];
    const issueIds = await createIssues(first, ACTIVE, 'bugday');
    const participants = Math.round(CLIENTS * 0.1);
    const lurkers = split(CLIENTS - participants, WORKERS);
    const watching = split(participants - ACTIVE, WORKERS);
    const connected = await generator.all<ConnectResult>(
      (i) => ({
        kind: 'connect',
        // The acting participants on the first node; the lurkers' workers spread over all of them.
        url: i === WORKERS ? first.url : nodes[i % nodes.length]!.url,
        lurkers: i === WORKERS ? 0 : lurkers[i]!,
        participants: i === WORKERS ? ACTIVE : watching[i]!,
        nickPrefix: `r${run}w${i}`,
        workerIndex: i,
        timeoutMs: 60_000,
      }),
      120_000,
    );
    const up = connected.reduce((sum, c) => sum + c.lurkers + c.participants, 0);
    // What the nodes and Redis spend with the pages open and nobody acting (pings, heartbeats, Redis's
    // own housekeeping) is taken off, so the figures are the cost of the events themselves.
    const idle = await cpuOver(setup, nodes, redis, () => sleep(IDLE_MS));
    const busy = await cpuOver(setup, nodes, redis, () => phase(generator, first, 'steady', issueIds, RATE, PHASE_MS, 2_000, up));
    const result = busy.value;
    const marginal = (key: 'nodes' | 'redis') => Math.max(0, busy[key] - (idle[key] / idle.seconds) * busy.seconds);
    const events = result.commands.acked - result.commands.refused;
    return {
      setup,
      run,
      events,
      eventsPerSecond: round(events / (PHASE_MS / 1000), 1),
      ack: result.ack,
      everyone: result.everyone,
      deliveries: result.deliveries,
      expectedDeliveries: result.expectedDeliveries,
      refused: result.commands.refused,
      nodeCpuSeconds: round(marginal('nodes'), 3),
      redisCpuSeconds: round(marginal('redis'), 3),
    };
  } finally {
    await generator.stop();
    await Promise.all(nodes.map((node) => node.stop()));
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};
const spread = (values: number[]) => `${round(median(values))} (${round(Math.min(...values))}–${round(Math.max(...values))})`;

/**
 * Pages N nodes carry at `rate` events/s: each node as many as its CPU budget
 * pays fan-out for, as long as Redis, whose cost per event grows with every
 * node that reads it, keeps up.
 */
function estimate(runs: Run[], rate: number) {
  const of = (setup: Setup) => runs.filter((run) => run.setup === setup);
  const perEvent = (setup: Setup) => median(of(setup).map((run) => run.redisCpuSeconds / Math.max(1, run.events)));
  const oneNode = perEvent('redis');
  const twoNodes = perEvent('redis×2');
  const perNode = Math.max(0, twoNodes - oneNode);
  const fixed = Math.max(0, oneNode - perNode);
  const perDelivery = median(of('redis×2').map((run) => run.nodeCpuSeconds / Math.max(1, run.deliveries)));
  const pagesPerNode = CPU_BUDGET / (rate * perDelivery);
  const redisMaxRate = (nodes: number) => CPU_BUDGET / (fixed + perNode * nodes);
  return {
    rate,
    redisCpuMsPerEvent: { fixed: round(fixed * 1000, 4), perNode: round(perNode * 1000, 4) },
    nodeCpuUsPerDelivery: round(perDelivery * 1e6, 2),
    pagesPerNode: Math.round(pagesPerNode),
    byNodes: [1, 2, 4, 8, 16].map((nodes) => ({ nodes, pages: Math.round(nodes * pagesPerNode), redisMaxEventsPerSecond: Math.round(redisMaxRate(nodes)) })),
  };
}

async function main() {
  const scratch = mkdtempSync(join(tmpdir(), 'bugday-bench-redis-'));
  const redis = await startRedis();
  const runs: Run[] = [];
  try {
    for (let run = 1; run <= RUNS; run += 1) {
      for (const setup of SETUPS) {
        const result = await once(setup, run, redis, scratch);
        runs.push(result);
        log(`${setup} run ${run}: ${result.events} events, ack p50 ${result.ack.p50} / p99 ${result.ack.p99} ms, to every page p99 ${result.everyone.p99} ms, ${result.deliveries}/${result.expectedDeliveries} deliveries`);
      }
    }
  } finally {
    await redis.close();
    rmSync(scratch, { recursive: true, force: true });
  }

  console.log(`\n${CLIENTS} pages (10% participants), ${ACTIVE} acting at ${RATE} commands/s in all, open loop, ${PHASE_MS / 1000} s a run; median (min–max) of ${RUNS} runs:`);
  const headers = ['ack p50 ms', 'ack p99 ms', 'every page p50 ms', 'every page p99 ms', 'node CPU ms/event', 'Redis CPU ms/event'];
  console.log(`${'setup'.padEnd(10)} ${headers.map((header) => header.padEnd(COLUMN)).join('')}`);
  for (const setup of SETUPS) {
    const mine = runs.filter((run) => run.setup === setup);
    const cells = [
      spread(mine.map((r) => r.ack.p50)),
      spread(mine.map((r) => r.ack.p99)),
      spread(mine.map((r) => r.everyone.p50)),
      spread(mine.map((r) => r.everyone.p99)),
      spread(mine.map((r) => (r.nodeCpuSeconds * 1000) / Math.max(1, r.events))),
      setup === 'lowdb' ? '-' : spread(mine.map((r) => (r.redisCpuSeconds * 1000) / Math.max(1, r.events))),
    ];
    console.log(`${setup.padEnd(10)} ${cells.map((cell) => cell.padEnd(COLUMN)).join('')}`);
  }
  const estimated = estimate(runs, RATE);
  console.log(
    `\nEstimate at ${RATE} events/s, each node and Redis allowed ${CPU_BUDGET * 100}% of a core: a node spends ` +
      `${estimated.nodeCpuUsPerDelivery} µs of CPU per page per event, so it carries about ${estimated.pagesPerNode} pages. ` +
      `Redis spends ${estimated.redisCpuMsPerEvent.fixed} ms per event plus ${estimated.redisCpuMsPerEvent.perNode} ms per node that reads it.`,
  );
  for (const { nodes, pages, redisMaxEventsPerSecond } of estimated.byNodes) {
    const verdict = redisMaxEventsPerSecond >= RATE ? 'Redis keeps up' : 'Redis is the limit';
    console.log(`  ${String(nodes).padStart(2)} nodes: about ${pages} pages; Redis holds up to ${redisMaxEventsPerSecond} events/s with them (${verdict})`);
  }
  console.log('  (Fan-out scales with nodes; Redis, one thread, bounds the event rate. CPU only: the network between machines is not measured here.)');

  const results = join(ROOT, 'bench/results');
  mkdirSync(results, { recursive: true });
  const report = { date: new Date().toISOString(), clients: CLIENTS, rate: RATE, phaseMs: PHASE_MS, runs, estimate: estimated };
  writeFileSync(join(results, 'redis.json'), `${JSON.stringify(report, null, 2)}\n`);
  log('wrote bench/results/redis.json');
}

await main();
