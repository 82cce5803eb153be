import type { HandshakeAuth } from '../../shared/protocol.ts';
import type { BugdaySocket, ServerContext } from '../context.ts';
import { registerCommands } from './commands.ts';
import { registerSession, syncFor } from './session.ts';

/** Handshake: no token is a lurker, a known token is that person, anything else is turned away. */
export function authenticate(ctx: ServerContext) {
  return (socket: BugdaySocket, next: (error?: Error) => void) => {
    const auth = (socket.handshake.auth ?? {}) as HandshakeAuth;
    const check = ctx.sessions.check(auth.token);
    if (check.kind === 'refused') {
      const error = new Error(check.reason) as Error & { data?: unknown };
      error.data = { code: check.reason, message: 'This session is not known here; join again.' };
      return next(error);
    }
    socket.data.personId = check.kind === 'person' ? check.personId : null;
    next();
  };
}

/** A new connection is brought up to date before it hears any live event. */
export function onConnection(ctx: ServerContext, socket: BugdaySocket) {
  const auth = (socket.handshake.auth ?? {}) as HandshakeAuth;
  socket.emit('sync', syncFor(ctx, auth.lastSeq));
  ctx.presence.connect(socket.data.personId);
  socket.emit('presence', ctx.presence.current());
  registerSession(ctx, socket);
  registerCommands(ctx, socket);
  socket.on('disconnect', () => ctx.presence.disconnect(socket.data.personId));
}
