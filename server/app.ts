import { createServer, type IncomingMessage, type Server as HttpServer } from 'node:http';
import express from 'express';
import { Server } from 'socket.io';
import { PROTOCOL_VERSION } from '../shared/protocol.ts';
import { Board } from './board.ts';
import { CommandLedger } from './command-ledger.ts';
import { personRoom, type BugdayServer, type ServerContext } from './context.ts';
import { authenticate, onConnection } from './handlers/connection.ts';
import { syncFor } from './handlers/session.ts';
import { Outbox } from './outbox.ts';
import { PresenceTracker } from './presence.ts';
import { hashOrganizerKey, newLogId, newMentorCode, newOrganizerKey as makeOrganizerKey, Secrets, type SecretsRecord } from './secrets.ts';
import { Sessions } from './sessions.ts';
import { securityHeaders } from './transport/headers.ts';
import { originAllowed } from './transport/origin.ts';
import { CommandLimits, ConnectionCap, type LimitSpecs } from './transport/rate-limit.ts';
import { serveClient } from './web/client-files.ts';
import type { Store } from './store/store.ts';

export interface AppDeps {
  store: Store;
  /** The clock every event is stamped with. */
  now?: () => number;
  /** `BUGDAY_ORGANIZER_KEY`: when set, it is the organizer key and none is generated. */
  organizerKey?: string;
}

export interface AppOptions {
  /** The built client to serve; without it only the socket and /healthz answer. */
  clientDir?: string;
  /** How long presence changes are gathered before one broadcast. */
  presenceDelayMs?: number;
  /** After a broadcast, how long newly committed events wait to go out together. */
  broadcastWindowMs?: number;
  /** Origins besides the server's own whose pages may open a socket (`BUGDAY_ORIGINS`). */
  origins?: string[];
  /** Open connections one address may hold. */
  maxConnectionsPerAddress?: number;
  /** How fast a person and a connection may send commands. */
  limits?: LimitSpecs;
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
  const { board, data } = await Board.open(deps.store, deps.now ?? Date.now);
  const secrets = new Secrets(data.secrets, deps.organizerKey);
  const newOrganizerKey = await firstStartSecrets(board, secrets);
  const web = express();
  web.disable('x-powered-by');
  // Every answer of the app itself is small or built per seq; hashing each body for an ETag is waste.
  web.set('etag', false);
  web.use(securityHeaders());
  web.get('/healthz', (_req, res) => {
    res.json({ ok: true, seq: board.seq, protocol: PROTOCOL_VERSION });
  });

  const httpServer = createServer(web);
  const cap = new ConnectionCap(options.maxConnectionsPerAddress ?? 200);
  const io: BugdayServer = new Server(httpServer, {
    serveClient: false,
    maxHttpBufferSize: MAX_MESSAGE_BYTES,
    allowRequest: (req, callback) => {
      if (!originAllowed(req, options.origins ?? [])) return callback('origin not allowed', false);
      callback(null, cap.admits(addressOf(req)));
    },
  });
  io.engine.on('connection', (raw: { request: IncomingMessage | null; once(event: 'close', fn: () => void): void }) => {
    const address = addressOf(raw.request!);
    cap.open(address);
    raw.once('close', () => cap.close(address));
    // The handshake has been read; keeping the request object costs kilobytes per idle page.
    raw.request = null;
  });
  const presence = new PresenceTracker(board, (change) => io.emit('presence:changed', change), options.presenceDelayMs ?? 1_000);
  const outbox = new Outbox((events, except) => {
    (except ? io.except(except) : io).emit('events', events);
    // A removed person's open pages lose their connection once told; their token no longer lets them back in.
    for (const event of events) if (event.type === 'person.removed') io.in(personRoom(event.personId)).disconnectSockets(true);
  }, options.broadcastWindowMs ?? 10);
  const ctx: ServerContext = {
    io,
    board,
    presence,
    outbox,
    sessions: new Sessions(data.sessions),
    secrets,
    ledger: new CommandLedger(),
    limits: new CommandLimits(options.limits ?? DEFAULT_LIMITS),
  };

  serveClient(web, options.clientDir, () => syncFor(ctx, 0, ''), () => board.seq);

  board.onCommit((events) => outbox.add(events));
  io.use(authenticate(ctx));
  io.on('connection', (socket) => onConnection(ctx, socket));

  return {
    httpServer,
    io,
    board,
    ...(newOrganizerKey ? { newOrganizerKey } : {}),
    async close() {
      presence.stop();
      // Pages are let go first so no command starts after this; what is queued is still written,
      // and pages that reconnect elsewhere get it by replay.
      outbox.stop();
      await io.close();
      await board.idle();
      await deps.store.close();
    },
  };
}

/**
 * The first start makes what is missing: the log's id, a mentor code, and an
 * organizer key unless one comes from the environment. The key is stored only as a hash and
 * returned so it can be shown once.
 */
async function firstStartSecrets(board: Board, secrets: Secrets): Promise<string | undefined> {
  const missing: SecretsRecord = {};
  const key = secrets.hasOrganizerKey ? undefined : makeOrganizerKey();
  if (key) missing.organizerKeyHash = hashOrganizerKey(key);
  if (!secrets.mentorCode) missing.mentorCode = newMentorCode();
  if (!secrets.logId) missing.logId = newLogId();
  if (Object.keys(missing).length === 0) return undefined;
  await board.keep({ secrets: missing });
  secrets.update(missing);
  return key;
}

const addressOf = (req: IncomingMessage) => req.socket.remoteAddress ?? 'unknown';
