import { chatIndex, eventFor, readsPrivate, stateFor, type ThreadViewer } from '../../shared/domain/index.ts';
import { LIMITS, type ChatHistory, type EventStats, type IssueHistory } from '../../shared/protocol.ts';
import type { CommandResult, JoinPayload, JoinResult, Person, SyncPayload } from '../../shared/protocol.ts';
import { parseChatHistory, parseElevate, parseIssueHistory, parseJoin, parseStats, parseSyncRequest } from '../../shared/schemas.ts';
import { personRoom, type BugdaySocket, type ServerContext } from '../context.ts';
import { hashToken, newToken } from '../sessions.ts';
import { receive, refusal } from './inbound.ts';

/** A gap longer than this is sent as a snapshot: folding it would cost the client more. */
const MAX_REPLAY = 5_000;

/** What a client that has folded everything up to `lastSeq` of `log` needs to be current. */
export function syncFor(ctx: ServerContext, lastSeq: unknown, log: unknown, viewer: ThreadViewer): SyncPayload {
  return replayFor(ctx, lastSeq, log, viewer) ?? snapshotSync(ctx, viewer);
}

/**
 * The events a client missed, when it can fold them: it names a point in this log and the gap is not
 * too long. Someone who may read private help threads is sent the board instead while any thread
 * holds words they may read: their page may have started from what a lurker is served, without them.
 */
export function replayFor(ctx: ServerContext, lastSeq: unknown, log: unknown, viewer: ThreadViewer): SyncPayload | undefined {
  const { board } = ctx;
  const header = { seq: board.seq, log: ctx.secrets.logId! };
  // A page with nothing yet (lastSeq 0) can take any log's events; one with a board only this log's.
  const replayable = lastSeq === 0 || (typeof lastSeq === 'number' && log === header.log);
  const missed = replayable ? board.eventsAfter(lastSeq as number) : undefined;
  if (!missed || missed.length > MAX_REPLAY) return undefined;
  if (lastSeq !== 0 && readsPrivate(board.state, viewer)) return undefined;
  return { ...header, events: missed.map((e) => eventFor(board.state, e, viewer)) };
}

/** The board as it is now as `viewer` may see it, for a client that cannot replay. */
export function snapshotSync(ctx: ServerContext, viewer: ThreadViewer): SyncPayload {
  const state = stateFor(ctx.board.state, viewer);
  const { chat } = state;
  // The newest part of the chat only: a weekend's worth would make every new page wait for megabytes.
  const snapshot = { ...state, chat: chat.slice(-LIMITS.chatWindow) };
  return { seq: state.seq, log: ctx.secrets.logId!, snapshot, ...(chat.length > LIMITS.chatWindow ? { olderChat: true } : {}) };
}

/** session:join — a lurker becomes a person and gets the token that stays them. */
function join(ctx: ServerContext, socket: BugdaySocket, args: unknown[]) {
  const call = receive<JoinPayload, JoinResult>(ctx, socket, 'session:join', args, parseJoin);
  if (!call) return;
  const { key, commandId, registration, ...rest } = call.value;
  const role = key === undefined ? undefined : ctx.secrets.roleFor(key);
  if (key !== undefined && !role) return call.reply(WRONG_KEY);
  const registrationId = registration === undefined ? undefined : ctx.secrets.registrationFor(registration);
  if (registration !== undefined && !registrationId) return call.reply(refusal('forbidden', 'That registration link is not valid here.'));
  const who = registrationId ? { ...rest, registrationId } : rest;
  if (socket.data.joining) return call.reply(refusal('conflict', 'This page is already joining; wait for the answer.'));
  socket.data.joining = true;
  const token = newToken();
  const tokenHash = hashToken(token);

  const welcome = (person: Person) => {
    ctx.sessions.add({ tokenHash, personId: person.id });
    // A page that closed while its join was queued was already counted out as a lurker.
    if (socket.connected && socket.data.personId === null) {
      ctx.presence.disconnect(null);
      ctx.presence.connect(person.id);
      socket.data.personId = person.id;
      void socket.join(personRoom(person.id));
    }
    call.reply({ ok: true, data: { token, person } });
  };

  ctx.board.execute(
    socket.data.personId,
    { name: 'session:join', payload: role ? { ...who, role } : who },
    (answer) => {
      socket.data.joining = false;
      if (!answer.ok) return call.reply(answer);
      const joined = answer.events?.length ? answer.events[0] : ctx.board.eventAt(answer.data.seq);
      if (joined?.type !== 'person.joined') return call.reply(refusal('internal_error', 'The join was not recorded.'));
      if (answer.events?.length) return welcome(joined.person);
      // A retry of a join that took effect (its answer was lost): the same person again, under a
      // new token, since only hashes of the first are kept.
      ctx.board.keep({ sessions: [{ tokenHash, personId: joined.person.id }] }).then(
        () => welcome(joined.person),
        () => call.reply(refusal('storage_unavailable', 'bugday could not save that; try again shortly.')),
      );
    },
    {
      // Lurkers have no person yet, so a join is named by its commandId alone (a random id nobody else knows).
      ...(commandId ? { named: { personId: '', commandId: `join:${commandId}` } } : {}),
      records: (events) => ({
        sessions: events.flatMap((event) => (event.type === 'person.joined' ? [{ tokenHash, personId: event.person.id }] : [])),
      }),
    },
  );
}

const WRONG_KEY = refusal('forbidden', 'That is neither the organizer key nor the mentor code.');

/** session:elevate — a person types the organizer key or the mentor code and takes that role. */
function elevate(ctx: ServerContext, socket: BugdaySocket, args: unknown[]) {
  // Every try counts against the sender's rate, right or wrong: guessing keys is slow.
  const call = receive<{ key: string }, CommandResult>(ctx, socket, 'session:elevate', args, parseElevate);
  if (!call) return;
  const role = ctx.secrets.roleFor(call.value.key);
  if (!role) return call.reply(WRONG_KEY);
  ctx.board.execute(socket.data.personId, { name: 'session:elevate', payload: { role } }, ({ events: _events, ...answer }) =>
    call.reply(answer),
  );
}

/** session:sync — the same answer as on connect, for a client that noticed a gap. */
function sync(ctx: ServerContext, socket: BugdaySocket, args: unknown[]) {
  const call = receive<{ lastSeq: number; log?: string }, SyncPayload>(ctx, socket, 'session:sync', args, parseSyncRequest);
  if (!call) return;
  call.reply({ ok: true, data: syncFor(ctx, call.value.lastSeq, call.value.log, socket.data.personId) });
}

/** chat:history — a page scrolling back past what its snapshot held. */
function history(ctx: ServerContext, socket: BugdaySocket, args: unknown[]) {
  const call = receive<{ beforeSeq: number; limit?: number }, ChatHistory>(ctx, socket, 'chat:history', args, parseChatHistory);
  if (!call) return;
  const { state } = ctx.board;
  const end = chatIndex(state, call.value.beforeSeq);
  const start = Math.max(0, end - (call.value.limit ?? LIMITS.chatPage));
  call.reply({ ok: true, data: { messages: state.chat.slice(start, end), more: start > 0 } });
}

/** issue:history — a card's detail panel asking what happened to it and what the chat said of it. */
function cardHistory(ctx: ServerContext, socket: BugdaySocket, args: unknown[]) {
  const call = receive<{ issueId: string }, IssueHistory>(ctx, socket, 'issue:history', args, parseIssueHistory);
  if (!call) return;
  const found = ctx.board.issueHistory(call.value.issueId);
  call.reply(found ? { ok: true, data: found } : refusal('not_found', 'That issue is not on the board.'));
}

/** stats:get — the Stats view, for anyone. */
function stats(ctx: ServerContext, socket: BugdaySocket, args: unknown[]) {
  const call = receive<Record<string, never>, EventStats>(ctx, socket, 'stats:get', args, parseStats);
  if (!call) return;
  call.reply({ ok: true, data: ctx.board.stats() });
}

/** The commands about the connection itself and reads, rather than changes to the board. */
export const sessionHandlers: Record<string, (ctx: ServerContext, socket: BugdaySocket, args: unknown[]) => void> = {
  'session:join': join,
  'session:elevate': elevate,
  'session:sync': sync,
  'chat:history': history,
  'issue:history': cardHistory,
  'stats:get': stats,
};

/** Sends a person's open pages the board as they may now see it (a new mentor, who may read private threads). */
export function resync(ctx: ServerContext, personId: string) {
  const room = ctx.io.of('/').adapter.rooms.get(personRoom(personId));
  for (const id of room ?? []) {
    const socket = ctx.io.of('/').sockets.get(id);
    if (!socket || socket.data.syncedSeq === undefined) continue;
    socket.emit('sync', snapshotSync(ctx, personId));
    socket.data.syncedSeq = ctx.board.seq;
  }
}
