import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, IrcStatus, ServerToClientEvents } from '../shared/protocol.ts';
import type { Board } from './board.ts';
import type { CommandLedger } from './command-ledger.ts';
import type { Logger } from './log.ts';
import type { Metrics } from './metrics.ts';
import type { NodeSummary } from './node-presence.ts';
import type { PresenceTracker } from './presence.ts';
import type { Secrets } from './secrets.ts';
import type { Sessions } from './sessions.ts';
import type { SnapshotCache } from './snapshot-cache.ts';
import type { CommandLimits } from './transport/rate-limit.ts';

export interface SocketData {
  /** The person this connection acts as; null for a lurker. */
  personId: string | null;
  /** Who is at the other end, behind trusted proxies too: per-address limits count by it. */
  address: string;
  /** A join from this connection is queued: a second one would decide as the same lurker. */
  joining?: boolean;
  /** The last seq this page's sync held: broadcasts skip what it already has. Unset until it is synced. */
  syncedSeq?: number;
}

/** What nodes on one Redis tell each other through the Socket.IO adapter (see NodePresence). */
export interface InterServerEvents {
  'presence:node': (summary: NodeSummary) => void;
}

export type BugdayServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type BugdaySocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

/** What every handler may use: the board and the server-side bookkeeping around it. */
export interface ServerContext {
  io: BugdayServer;
  board: Board;
  sessions: Sessions;
  presence: PresenceTracker;
  ledger: CommandLedger;
  /** The board as a page with nothing to replay gets it, encoded once per seq. */
  snapshots: SnapshotCache;
  limits: CommandLimits;
  secrets: Secrets;
  log: Logger;
  metrics: Metrics;
  /** Where GitHub imports read from (see AppOptions.githubApiUrl). */
  githubApiUrl: string;
  /** The person a token made on another node stands for, read from the shared log; only with several nodes. */
  sessionElsewhere?: (tokenHash: string) => Promise<string | undefined>;
  /** The IRC bridge, when the server has one. */
  irc?: { readonly status: IrcStatus; stop(): void };
}

/** The room of every connection a person has open, so they can all be reached at once. */
export const personRoom = (personId: string) => `person:${personId}`;
