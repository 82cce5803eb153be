import type { HandshakeAuth } from '../../shared/protocol.ts';
import { readsPrivate } from '../../shared/domain/index.ts';
import { personRoom, type BugdaySocket, type ServerContext } from '../context.ts';
import { isCommandName } from '../../shared/schemas.ts';
import { handshakeRefused } from '../log.ts';
import { hashToken, type TokenCheck } from '../sessions.ts';
import { handleCommand } from './commands.ts';
import { importGithub } from './import-github.ts';
import { replyUnknown } from './inbound.ts';
import { encodeJson, write } from '../transport/encoded.ts';
import { replayFor, sessionHandlers, snapshotSync } from './session.ts';

/**
 * Handshake: no token is a lurker, a known token is that person, anything
 * else is turned away. With several nodes, a token this node has not heard
 * of yet (made on another node a moment ago) is looked up in the shared log first.
 */
export function authenticate(ctx: ServerContext) {
  return (socket: BugdaySocket, next: (error?: Error) => void) => {
    const auth = (socket.handshake.auth ?? {}) as HandshakeAuth;
    const refuse = (code: string, message: string) => {
      // The address as the connection cap saw it: behind a trusted proxy, the client's, not the proxy's.
      handshakeRefused(ctx.log, code, socket.data.address);
      next(handshakeError(code, message));
    };
    const admit = (check: TokenCheck) => {
      if (check.kind === 'refused') return refuse(check.reason, 'This session is not known here; join again.');
      if (check.kind === 'person' && ctx.board.state.people[check.personId]?.removed) {
        return refuse('removed', 'An organizer removed you from this event.');
      }
      socket.data.personId = check.kind === 'person' ? check.personId : null;
      next();
    };
    const check = ctx.sessions.check(auth.token);
    if (check.kind !== 'refused' || check.reason !== 'unknown_token' || !ctx.sessionElsewhere) return admit(check);
    const tokenHash = hashToken(auth.token as string);
    ctx.sessionElsewhere(tokenHash).then(
      (personId) => {
        if (personId) ctx.sessions.add({ tokenHash, personId });
        admit(personId ? { kind: 'person', personId } : check);
      },
      () => refuse('storage_unavailable', 'bugday cannot check this session just now; try again shortly.'),
    );
  };
}

function handshakeError(code: string, message: string): Error {
  return Object.assign(new Error(code), { data: { code, message } });
}

/** A new connection is brought up to date before it hears any live event. */
export function onConnection(ctx: ServerContext, socket: BugdaySocket) {
  const auth = (socket.handshake.auth ?? {}) as HandshakeAuth;
  const viewer = socket.data.personId;
  const replay = replayFor(ctx, auth.lastSeq, auth.log, viewer);
  if (replay) socket.emit('sync', replay);
  // The shared snapshot is a lurker's view; someone who may read a private help thread gets their own.
  else if (readsPrivate(ctx.board.state, viewer)) socket.emit('sync', snapshotSync(ctx, viewer));
  else write(socket, ctx.snapshots.current());
  // Broadcasts still being written skip what this sync held.
  socket.data.syncedSeq = ctx.board.seq;
  ctx.presence.connect(socket.data.personId);
  if (socket.data.personId) void socket.join(personRoom(socket.data.personId));
  write(socket, encodeJson('presence', ctx.presence.currentJson()));
  if (ctx.irc) socket.emit('irc:status', ctx.irc.status);
  // One listener per connection, not one per command: ten thousand idle pages add up.
  socket.onAny((name: unknown, ...args: unknown[]) => {
    if (isCommandName(name)) return handleCommand(ctx, socket, name, args);
    const session = typeof name === 'string' && Object.hasOwn(sessionHandlers, name) ? sessionHandlers[name] : undefined;
    if (session) return session(ctx, socket, args);
    if (name === 'import:github') return importGithub(ctx, socket, args);
    // Anything else with a callback learns that the name is wrong instead of waiting forever.
    replyUnknown(ctx, name, args);
  });
  socket.on('disconnect', () => ctx.presence.disconnect(socket.data.personId));
}
