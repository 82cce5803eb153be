/**
 * The floor bugday is measured against: bare Socket.IO with the same event
 * names and shapes, no store, no schemas, no domain. Every command is acked at
 * once and rebroadcast to everyone as a one-event `events` batch; a connecting
 * client gets a `sync` and a `presence` of its own, as with bugday.
 *
 *   node --import tsx bench/baseline-server.ts --port 0
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { Server } from 'socket.io';
import type {
  Ack,
  ClientToServerEvents,
  CommandResult,
  DomainEvent,
  EventBody,
  JoinPayload,
  JoinResult,
  ServerToClientEvents,
  SyncPayload,
} from '../shared/protocol.ts';

const { values } = parseArgs({ options: { port: { type: 'string' }, host: { type: 'string' }, sync: { type: 'string' } } });
const host = values.host ?? '127.0.0.1';
/**
 * --sync FILE: the board a page with nothing yet is sent, as bugday would send
 * it (the connect-storm bench), so both servers put the same bytes on the
 * wire. A bare server serialises it for every page.
 */
const board = values.sync ? (JSON.parse(readFileSync(values.sync, 'utf8')) as SyncPayload) : undefined;

const httpServer = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
});
const io = new Server<ClientToServerEvents, ServerToClientEvents>(httpServer, { serveClient: false });

let seq = 0;
let lurkers = 0;

function publish(body: EventBody, actor: string): number {
  seq += 1;
  const event = { ...body, seq, at: Date.now(), actor } as DomainEvent;
  io.emit('events', [event]);
  return seq;
}

/** What each command turns into: the same event shape bugday's decide would produce. */
const bodies: Record<string, (payload: Record<string, unknown>) => EventBody> = {
  'chat:send': (p) => ({ type: 'chat.sent', text: String(p.text) }),
  'issue:claim': (p) => ({ type: 'issue.claimed', issueId: String(p.issueId) }),
  'issue:release': (p) => ({ type: 'issue.released', issueId: String(p.issueId) }),
  'issue:move': (p) => ({ type: 'issue.moved', issueId: String(p.issueId), from: 'open', to: p.column as 'review' }),
  'issue:create': (p) => ({
    type: 'issue.created',
    issue: { id: `i${seq + 1}`, title: String(p.title), type: 'bug', labels: [] },
  }),
};

io.on('connection', (socket) => {
  let personId: string | null = null;
  lurkers += 1;
  const fresh = (socket.handshake.auth as { lastSeq?: number }).lastSeq === undefined;
  socket.emit('sync', board && fresh ? { ...board, seq } : { seq, log: 'baseline', events: [] });
  socket.emit('presence', { online: [], lurkers });
  socket.on('disconnect', () => (lurkers -= personId ? 0 : 1));

  socket.on('session:join', (payload: JoinPayload, ack: (answer: Ack<JoinResult>) => void) => {
    const person = { id: `p${seq + 1}`, nick: String(payload?.nick), role: 'participant' as const, joinedAt: Date.now() };
    personId = person.id;
    lurkers -= 1;
    ack({ ok: true, data: { token: 'baseline', person } });
    publish({ type: 'person.joined', person }, person.id);
  });

  for (const [name, body] of Object.entries(bodies)) {
    socket.on(name as 'chat:send', (payload: unknown, ack: (answer: Ack<CommandResult>) => void) => {
      if (typeof ack !== 'function') return;
      const next = seq + 1;
      ack({ ok: true, data: { seq: next } });
      publish(body((payload ?? {}) as Record<string, unknown>), personId ?? '');
    });
  }
});

httpServer.listen(Number(values.port ?? 0), host, () => {
  const address = httpServer.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  console.log(`baseline is up: http://${host}:${port}/`);
});

const stop = () => {
  io.close();
  httpServer.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2_000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
