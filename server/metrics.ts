import { createServer, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { Ack, ClientToServerEvents } from '../shared/protocol.ts';
import type { Board } from './board.ts';
import type { BugdayServer } from './context.ts';

/** What a client may send and be answered under; any other name is counted as `unknown`, so a client cannot mint series. */
export type AnsweredCommand = keyof ClientToServerEvents | 'unknown';

/** What the server tells its operators. Off, every call does nothing and nothing is kept. */
export interface Metrics {
  /** Starts the clock on a command; what it returns is called with the answer. */
  commandReceived(command: AnsweredCommand): (answer: Ack<unknown>) => void;
  /** One broadcast pass (events and presence changes, in slices) reached every page in `seconds`. */
  broadcastWritten(seconds: number): void;
  /** The store's journal was fsync'ed in `seconds`. */
  journalSynced(seconds: number): void;
  /** Connections are counted from the sockets at each scrape, so the count cannot drift from them. */
  countConnections(io: BugdayServer, board: Board): void;
  /** Answers GET /metrics. */
  scrape(res: ServerResponse): Promise<void>;
}

const notFound = async (res: ServerResponse) => {
  res.statusCode = 404;
  res.end();
};

const unanswered = () => {};

export const NO_METRICS: Metrics = {
  commandReceived: () => unanswered,
  broadcastWritten: () => {},
  journalSynced: () => {},
  countConnections: () => {},
  scrape: notFound,
};

/** For BUGDAY_METRICS_PORT: a listener that serves /metrics and nothing else, away from the public port. */
export function metricsListener(metrics: Metrics): HttpServer {
  return createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://metrics').pathname;
    void (req.method === 'GET' && path === '/metrics' ? metrics.scrape(res) : notFound(res));
  });
}
