import type { JoinResult, SyncPayload } from '../../shared/protocol.ts';
import { parseJoin, parseSyncRequest } from '../../shared/schemas.ts';
import { personRoom, type BugdaySocket, type ServerContext } from '../context.ts';
import { hashToken, newToken } from '../sessions.ts';
import { RATE_LIMITED } from './commands.ts';
import { inbound, refusal } from './inbound.ts';

/** A gap longer than this is sent as a snapshot: folding it would cost the client more. */
const MAX_REPLAY = 5_000;

/** What a client that has folded everything up to `lastSeq` needs to be current. */
export function syncFor(ctx: ServerContext, lastSeq: unknown): SyncPayload {
  const { board } = ctx;
  const missed = typeof lastSeq === 'number' ? board.eventsAfter(lastSeq) : undefined;
  if (missed && missed.length <= MAX_REPLAY) return { seq: board.seq, events: missed };
  return { seq: board.seq, snapshot: board.state };
}

/** session:join — a lurker becomes a person and gets the token that stays them. */
function join(ctx: ServerContext, socket: BugdaySocket, args: unknown[]) {
  const call = inbound<JoinResult>(args);
  if (!call) return;
  if (call.extra) return call.reply(refusal('invalid_payload', 'session:join takes one payload object and a callback.'));
  if (!ctx.limits.allow(null, socket.id, 'session:join')) return call.reply(RATE_LIMITED);
  const parsed = parseJoin(call.payload);
  if (!parsed.ok) return call.reply(parsed);
  const token = newToken();
  const tokenHash = hashToken(token);
  ctx.board.execute(
    socket.data.personId,
    { name: 'session:join', payload: parsed.value },
    (answer) => {
      if (!answer.ok) return call.reply(answer);
      const joined = answer.events?.find((event) => event.type === 'person.joined');
      if (joined?.type !== 'person.joined') return call.reply(refusal('internal_error', 'The join was not recorded.'));
      ctx.sessions.add({ tokenHash, personId: joined.person.id });
      ctx.presence.disconnect(null);
      ctx.presence.connect(joined.person.id);
      socket.data.personId = joined.person.id;
      void socket.join(personRoom(joined.person.id));
      call.reply({ ok: true, data: { token, person: joined.person } });
    },
    {
      sessionsFor: (events) =>
        events.flatMap((event) => (event.type === 'person.joined' ? [{ tokenHash, personId: event.person.id }] : [])),
    },
  );
}

/** session:sync — the same answer as on connect, for a client that noticed a gap. */
function sync(ctx: ServerContext, args: unknown[]) {
  const call = inbound<SyncPayload>(args);
  if (!call) return;
  const parsed = parseSyncRequest(call.payload);
  if (!parsed.ok) return call.reply(parsed);
  call.reply({ ok: true, data: syncFor(ctx, parsed.value.lastSeq) });
}

export function registerSession(ctx: ServerContext, socket: BugdaySocket) {
  socket.on('session:join', (...args: unknown[]) => join(ctx, socket, args));
  socket.on('session:sync', (...args: unknown[]) => sync(ctx, args));
}
