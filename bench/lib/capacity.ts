/**
 * Capacity: with every page connected, the offered rate goes up step by step
 * (claims, releases and chat lines from the active participants, open-loop)
 * until the p99 of event → every page passes a second or something is not
 * delivered. The highest rate that stayed within is the server's capacity.
 * A bare Socket.IO server sends one frame per event, so its ceiling is about
 * one broadcast's cost; bugday puts what is committed during one broadcast
 * into the next frame.
 */
import { phase, type PhaseResult } from './fanout.ts';
import type { Generator } from './generator.ts';
import type { RunningServer } from './spawn-server.ts';

export const CAPACITY_LIMIT_MS = 1_000;
/** The rate the issue compares bugday's latency with bare's at: below bare's ceiling. */
export const REFERENCE_RATE = 2;
/**
 * Events at the reference rate, so that its p99 (nearest rank) is not simply the one slowest
 * event: over a 6 s step's 12 events it was, and one GC pause or slow fsync on either side
 * swung the ratio between runs from 0.57x to 1.04x.
 */
const REFERENCE_EVENTS = 101;

export interface CapacityStep {
  rate: number;
  everyone: PhaseResult['everyone'];
  ack: PhaseResult['ack'];
  commands: PhaseResult['commands'];
  deliveries: number;
  expectedDeliveries: number;
  serverCpuPercent: number;
  within: boolean;
}

export interface CapacityResult {
  steps: CapacityStep[];
  /** The highest rate whose step was within the limit (0: not even the first). */
  capacity: number;
}

export async function sweepCapacity(
  generator: Generator,
  server: RunningServer,
  issueIds: string[],
  rates: number[],
  stepMs: number,
  drainMs: number,
  clients: number,
  log: (line: string) => void,
): Promise<CapacityResult> {
  const steps: CapacityStep[] = [];
  for (const rate of rates) {
    const ms = rate === REFERENCE_RATE ? Math.max(stepMs, Math.ceil((REFERENCE_EVENTS / rate) * 1000)) : stepMs;
    const result = await phase(generator, server, 'steady', issueIds, rate, ms, drainMs, clients);
    const complete = result.deliveries >= result.expectedDeliveries && result.commands.failed === 0;
    const within = complete && result.everyone.p99 < CAPACITY_LIMIT_MS;
    steps.push({
      rate,
      everyone: result.everyone,
      ack: result.ack,
      commands: result.commands,
      deliveries: result.deliveries,
      expectedDeliveries: result.expectedDeliveries,
      serverCpuPercent: result.serverCpuPercent,
      within,
    });
    log(`  capacity ${server.name} ${rate}/s: p99 to everyone ${result.everyone.p99} ms, ack p99 ${result.ack.p99} ms, ${result.deliveries}/${result.expectedDeliveries} delivered${result.commands.firstError ? ` (${result.commands.refused} refused, ${result.commands.failed} failed: ${result.commands.firstError})` : ''}`);
    // Past the limit the backlog would spill into the next step: stop here.
    if (!within) break;
  }
  return { steps, capacity: Math.max(0, ...steps.filter((s) => s.within).map((s) => s.rate)) };
}
