import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { ROLES } from '../shared/protocol.ts';
import type { Metrics } from './metrics.ts';

/*
 * What the Metrics interface does with metrics on, in Prometheus's format.
 * Apart from metrics.ts so that a server with metrics off (the default)
 * never loads prom-client: index.ts imports this only when they are on.
 */

/** Most acks are a queue wait and an fsync: milliseconds, with a tail under load. */
const ACK_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];
/** One write per open page: tens of microseconds for a few, tens of milliseconds for ten thousand. */
const BROADCAST_BUCKETS = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25];
const FSYNC_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

const since = (start: number) => (performance.now() - start) / 1000;

/** Metrics in a registry of this app's own, so several apps in one process keep apart. */
export function createMetrics(): Metrics {
  const register = new Registry();
  const registers = [register];
  // Event-loop lag, CPU, memory, handles: what says whether the one process keeps up.
  collectDefaultMetrics({ register });
  const commands = new Counter({
    name: 'bugday_commands_total',
    help: 'Commands answered, by command and outcome (ok, or the refusal code)',
    labelNames: ['command', 'outcome'] as const,
    registers,
  });
  const ack = new Histogram({
    name: 'bugday_command_ack_seconds',
    help: 'From receiving a command to answering it',
    buckets: ACK_BUCKETS,
    registers,
  });
  const broadcast = new Histogram({
    name: 'bugday_broadcast_seconds',
    help: 'Writing one broadcast (the events and presence changes gathered since the last) to every open page, slices and the turns between them included',
    buckets: BROADCAST_BUCKETS,
    registers,
  });
  const fsync = new Histogram({
    name: 'bugday_journal_fsync_seconds',
    help: 'One fsync of the journal, which every stored command waits for',
    buckets: FSYNC_BUCKETS,
    registers,
  });
  let countRoles: () => Map<string, number> = () => new Map();
  new Gauge({
    name: 'bugday_connections',
    help: 'Open connections, by role (a lurker has not joined)',
    labelNames: ['role'] as const,
    registers,
    collect() {
      const counts = countRoles();
      for (const role of ['lurker', ...ROLES]) this.set({ role }, counts.get(role) ?? 0);
    },
  });

  return {
    commandReceived(command) {
      const start = performance.now();
      return (answer) => {
        commands.inc({ command, outcome: answer.ok ? 'ok' : answer.error.code });
        ack.observe(since(start));
      };
    },
    broadcastWritten: (seconds) => broadcast.observe(seconds),
    journalSynced: (seconds) => fsync.observe(seconds),
    countConnections(io, board) {
      countRoles = () => {
        const counts = new Map<string, number>();
        for (const socket of io.of('/').sockets.values()) {
          const { personId } = socket.data;
          const role = personId ? (board.state.people[personId]?.role ?? 'participant') : 'lurker';
          counts.set(role, (counts.get(role) ?? 0) + 1);
        }
        return counts;
      };
    },
    async scrape(res) {
      try {
        const body = await register.metrics();
        res.setHeader('Content-Type', register.contentType);
        res.end(body);
      } catch {
        // A failed scrape is a gap in a graph; it must not become an unhandled rejection.
        res.statusCode = 500;
        res.end();
      }
    },
  };
}

