import { createServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import express from 'express';
import { Server } from 'socket.io';
import { eventFor, holdsPrivate, readsPrivate } from '../shared/domain/index.ts';
import { PROTOCOL_VERSION } from '../shared/protocol.ts';
import { Board } from './board.ts';
import { Broadcaster } from './broadcaster.ts';
import { BoardClock, REAL_TIMERS, type Timers } from './clock.ts';
import { CommandLedger } from './command-ledger.ts';
import { personRoom, type BugdayServer, type ServerContext } from './context.ts';
import { authenticate, onConnection } from './handlers/connection.ts';
import { resync, snapshotSync, syncFor } from './handlers/session.ts';
import { GITHUB_API_URL } from './import/github.ts';
import { handshakeRefused, silentLogger, type Logger } from './log.ts';
import { NO_METRICS, type Metrics } from './metrics.ts';
import { SnapshotCache } from './snapshot-cache.ts';
import { PresenceTracker } from './presence.ts';
import {
  hashOrganizerKey,
  newLogId,
  newMentorCode,
  newOrganizerKey as makeOrganizerKey,
  newRegistrationKey,
  Secrets,
  type SecretsRecord,
} from './secrets.ts';
import { Sessions } from './sessions.ts';
import { clientAddress, trustRule, type TrustProxy } from './transport/client-address.ts';
import { securityHeaders } from './transport/headers.ts';
import { originAllowed } from './transport/origin.ts';
import { CommandLimits, ConnectionCap, type LimitSpecs } from './transport/rate-limit.ts';
import { serveClient } from './web/client-files.ts';
import { serveExports } from './web/exports.ts';
import type { BridgeTiming } from './irc/bridge.ts';
import type { IrcConfig } from './irc/irc-config.ts';
import { isShared, type SharedStore, type Store } from './store/store.ts';
import { LogTail } from './log-tail.ts';
import { NodePresence } from './node-presence.ts';
import type { NodesAdapter } from './transport/redis-adapter.ts';

export interface AppDeps {
  store: Store;
  /** The clock every event is stamped with. */
  now?: () => number;
  /** How the lease clock waits for its next deadline; tests pass timers they move with `now`. */
  timers?: Timers;
  /** `BUGDAY_ORGANIZER_KEY`: when set, it is the organizer key and none is generated. */
  organizerKey?: string;
  /** Where faults and refused handshakes are told; silent without one. */
  log?: Logger;
  /** What is counted for /metrics; without it nothing is. */
  metrics?: Metrics;
  /** With a shared store (Redis): the Socket.IO adapter that carries what crosses nodes besides the log. */
  nodes?: NodesAdapter;
}

export interface AppOptions {
  /** The built client to serve; without it only the socket and /healthz answer. */
  clientDir?: string;
  /** How long presence changes are gathered before one broadcast. */
  presenceDelayMs?: number;
  /** Pages written to between turns of the event loop while broadcasting. */
  broadcastSliceSize?: number;
  /** Origins besides the server's own whose pages may open a socket (`BUGDAY_ORIGINS`). */
  origins?: string[];
  /** Open connections one address may hold. */
  maxConnectionsPerAddress?: number;
  /** How fast a person and a connection may send commands. */
  limits?: LimitSpecs;
  /** Serve `deps.metrics` at /metrics on this port (`BUGDAY_METRICS=1`); otherwise /metrics here is a 404. */
  serveMetrics?: boolean;
  /** The proxies in front whose X-Forwarded-For names the client (`BUGDAY_TRUST_PROXY`); none by default. */
  trustProxy?: TrustProxy;
  /** Where GitHub imports read from (`BUGDAY_GITHUB_API_URL`); GitHub's own API by default. */
  githubApiUrl?: string;
  /** How often a node tells the others its whole presence summary, with several nodes. */
  nodeHeartbeatMs?: number;
  /** Bridge this IRC channel (`BUGDAY_IRC`); `site` is the page's public address, for links said there. */
  irc?: { config: IrcConfig; site: string; timing?: Partial<BridgeTiming> };
}

/** The largest valid command (an import of LIMITS.importBatch long issues) fits with room to spare. */
export const MAX_MESSAGE_BYTES = 64 * 1024;

export const DEFAULT_LIMITS: LimitSpecs = {
  commands: { capacity: 40, perSecond: 10 },
  chat: { capacity: 10, perSecond: 2 },
  reads: { capacity: 10, perSecond: 2 },
};

export interface App {
  httpServer: HttpServer;
  io: BugdayServer;
  board: Board;
  /** Set only on the first start without BUGDAY_ORGANIZER_KEY: the key just made, to show once. */
  newOrganizerKey?: string;
  /** Stops taking connections, lets queued commands finish, then closes the store. */
  close(): Promise<void>;
}

/** Builds bugday around a store. It never listens: the caller picks the port. */
export async function createApp(deps: AppDeps, options: AppOptions = {}): Promise<App> {
  // The IRC client is loaded only for an event bridged to a channel, and before anything starts.
  const IrcBridge = options.irc ? (await import('./irc/bridge.ts')).IrcBridge : undefined;
  const log = deps.log ?? silentLogger;
  const metrics = deps.metrics ?? NO_METRICS;
  const now = deps.now ?? Date.now;
  const { board, data } = await Board.open(deps.store, now, log);
  const shared = isShared(deps.store) ? deps.store : undefined;
  const secrets = new Secrets(data.secrets, deps.organizerKey);
  const newOrganizerKey = await firstStartSecrets(board, secrets, shared);
  const web = express();
  web.disable('x-powered-by');
  // Every answer of the app itself is small or built per seq; hashing each body for an ETag is waste.
  web.set('etag', false);
  const trust = trustRule(options.trustProxy);
  web.set('trust proxy', trust);
  web.use(securityHeaders());
  web.get('/healthz', (_req, res) => {
    res.json({ ok: true, seq: board.seq, protocol: PROTOCOL_VERSION });
  });
  // Before the page route, which would answer any other path with the board.
  const scraped = options.serveMetrics ? metrics : NO_METRICS;
  web.get('/metrics', (_req, res) => void scraped.scrape(res));

  const httpServer = createServer(web);
  const cap = new ConnectionCap(options.maxConnectionsPerAddress ?? 200);
  // Each connection's address, resolved from its handshake request, which is let go once it is open.
  const addresses = new WeakMap<object, string>();
  const io: BugdayServer = new Server(httpServer, {
    serveClient: false,
    maxHttpBufferSize: MAX_MESSAGE_BYTES,
    ...(deps.nodes ? { adapter: deps.nodes.adapter } : {}),
    allowRequest: (req, callback) => {
      const address = clientAddress(req, trust);
      if (!originAllowed(req, options.origins ?? [])) {
        handshakeRefused(log, 'origin_not_allowed', address);
        return callback('origin not allowed', false);
      }
      const admitted = cap.admits(address);
      if (!admitted) handshakeRefused(log, 'too_many_connections', address);
      callback(null, admitted);
    },
  });
  io.engine.on('connection', (raw: { request: IncomingMessage | null; once(event: 'close', fn: () => void): void }) => {
    const address = clientAddress(raw.request!, trust);
    addresses.set(raw, address);
    cap.open(address);
    raw.once('close', () => cap.close(address));
    // The handshake has been read; keeping the request object costs kilobytes per idle page.
    raw.request = null;
  });
  const broadcaster = new Broadcaster(io, {
    ...(options.broadcastSliceSize ? { sliceSize: options.broadcastSliceSize } : {}),
    onPass: (seconds) => metrics.broadcastWritten(seconds),
    audience: {
      restricted: (events) => holdsPrivate(board.state, events),
      view: (events, viewer) => events.map((event) => eventFor(board.state, event, viewer)),
    },
  });
  const presence = new PresenceTracker(board, (change) => broadcaster.presence(change), options.presenceDelayMs ?? 1_000, now);
  const ctx: ServerContext = {
    io,
    board,
    presence,
    snapshots: new SnapshotCache(io, board, () => snapshotSync(ctx, null)),
    sessions: new Sessions(data.sessions),
    secrets,
    ledger: new CommandLedger(),
    limits: new CommandLimits(options.limits ?? DEFAULT_LIMITS),
    log,
    metrics,
    githubApiUrl: options.githubApiUrl ?? GITHUB_API_URL,
    ...(shared ? { sessionElsewhere: (tokenHash: string) => sessionElsewhere(shared, board, tokenHash) } : {}),
  };
  // What other nodes stored beside their events: the tokens of people who joined there, a rotated mentor code.
  board.onRecords(({ sessions, secrets: changed }) => {
    for (const session of sessions) ctx.sessions.add(session);
    secrets.update(changed);
  });
  metrics.countConnections(io, board);

  serveExports(web, board, now);
  serveClient(web, options.clientDir, () => syncFor(ctx, 0, '', null), () => board.seq);

  board.onCommit((events) => {
    const removed = events.flatMap((event) => (event.type === 'person.removed' ? [event.personId] : []));
    // A new mentor may now read private help threads their pages were sent without the words.
    const promoted = events.flatMap((event) => (event.type === 'person.roleChanged' && readsPrivate(board.state, event.personId) ? [event.personId] : []));
    const after = () => {
      // A removed person's open pages lose their connection once told; their token no longer lets them back in.
      // Each node does this for its own pages when it folds the removal, after writing it to them:
      // through the adapter, a node would cut another's pages before they had heard why.
      for (const personId of removed) io.local.in(personRoom(personId)).disconnectSockets(true);
      for (const personId of promoted) resync(ctx, personId);
    };
    broadcaster.events(events, removed.length + promoted.length > 0 ? after : undefined);
  });
  io.use((socket, next) => {
    socket.data.address = addresses.get(socket.conn) ?? 'unknown';
    next();
  });
  io.use(authenticate(ctx));
  io.on('connection', (socket) => onConnection(ctx, socket));
  const clock = new BoardClock(board, presence, now, deps.timers ?? REAL_TIMERS, log);
  clock.start();
  const tail = shared && new LogTail(shared, board, log);
  tail?.start();
  const nodePresence = deps.nodes && new NodePresence(io, presence, { delayMs: options.presenceDelayMs ?? 1_000, heartbeatMs: options.nodeHeartbeatMs ?? 5_000 });
  nodePresence?.start();
  if (options.irc && IrcBridge) {
    const bridge = new IrcBridge({
      ...options.irc,
      board,
      log,
      now,
      publish: (status, people) => (people ? io.to([...people].map(personRoom)) : io).emit('irc:status', status),
    });
    ctx.irc = bridge;
    bridge.start();
  }

  return {
    httpServer,
    io,
    board,
    ...(newOrganizerKey ? { newOrganizerKey } : {}),
    async close() {
      ctx.irc?.stop();
      clock.stop();
      tail?.stop();
      nodePresence?.stop();
      presence.stop();
      // Pages are let go first so no command starts after this; what is queued is still written,
      // and pages that reconnect elsewhere get it by replay.
      broadcaster.stop();
      const closed = io.close();
      // Every page has been let go; an HTTP connection still open (a long-poll, a socket the
      // browser opened ahead of a request) would otherwise hold the port for the 60 s headers timeout.
      httpServer.closeAllConnections();
      await closed;
      await board.idle();
      await deps.store.close();
      await deps.nodes?.close();
    },
  };
}

/** A token made on another node: its person, once this board has folded their join too. */
async function sessionElsewhere(shared: SharedStore, board: Board, tokenHash: string): Promise<string | undefined> {
  const personId = await shared.readSession(tokenHash);
  if (personId && !board.state.people[personId]) await board.catchUp();
  return personId;
}

/**
 * The first start makes what is missing: the log's id, a mentor code, and an
 * organizer key unless one comes from the environment. The key is stored only as a hash and
 * returned so it can be shown once. Nodes first starting together on one
 * Redis race: only the first one's secrets are stored (a batch without
 * events only fills gaps), so each reads back what was kept, and only the
 * node whose key was kept shows it.
 */
async function firstStartSecrets(board: Board, secrets: Secrets, shared?: SharedStore): Promise<string | undefined> {
  const missing: SecretsRecord = {};
  const key = secrets.hasOrganizerKey ? undefined : makeOrganizerKey();
  if (key) missing.organizerKeyHash = hashOrganizerKey(key);
  if (!secrets.mentorCode) missing.mentorCode = newMentorCode();
  if (!secrets.logId) missing.logId = newLogId();
  if (!secrets.hasRegistrationKey) missing.registrationKey = newRegistrationKey();
  if (Object.keys(missing).length === 0) return undefined;
  await board.keep({ secrets: missing });
  const stored = shared ? await shared.readSecrets() : missing;
  // Only what was missing: BUGDAY_ORGANIZER_KEY still wins over a hash another node stored.
  const kept = Object.fromEntries(Object.keys(missing).map((name) => [name, stored[name as keyof SecretsRecord]])) as SecretsRecord;
  secrets.update(kept);
  return key && kept.organizerKeyHash === missing.organizerKeyHash ? key : undefined;
}

