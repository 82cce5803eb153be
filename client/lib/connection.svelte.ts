/**
 * The one module that owns the socket. Components read its reactive state and
 * call its methods; none of them imports socket.io-client. The board is folded
 * with the same `apply` the server uses, so the two cannot disagree.
 */
import type { ManagerOptions, Socket, SocketOptions } from 'socket.io-client';
import { apply, emptyState, mergePresence } from './domain.ts';
import type {
  Ack,
  BoardState,
  ClientToServerEvents,
  CommandName,
  CommandPayloads,
  CommandResult,
  DomainEvent,
  GithubImport,
  ImportCounts,
  ImportProgress,
  EventStats,
  IssueHistory,
  JoinResult,
  Person,
  IrcStatus,
  Presence,
  ServerToClientEvents,
  SyncPayload,
} from '../../shared/protocol.ts';
import { describe, type ActivityLine } from './activity.ts';
import { AnnouncementQueue } from './announcer.ts';
import type { BugdayClient, JoinDetails, Status } from './client.ts';

export type { Status } from './client.ts';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

interface Saved {
  token: string;
  personId: string;
}

const SAVED_KEY = 'bugday.session';
const ACK_TIMEOUT_MS = 10_000;
const OPEN_TIMEOUT_MS = 5_000;
/** Far longer than reading even a big tracker takes: a dropped connection fails an import at once, not after this. */
const IMPORT_TIMEOUT_MS = 60 * 60_000;
/** Enough system lines for the visible chat window; older ones are history, not news. */
const ACTIVITY_KEPT = 300;

export interface ConnectionOptions {
  url?: string;
  storage?: Storage;
  /** The board the page was served with (see readFirstSync): shown at once, and the socket brings what came since. */
  firstSync?: SyncPayload;
}

export class Connection implements BugdayClient {
  board: BoardState = $state(emptyState());
  activity: ActivityLine[] = $state([]);
  announcement = $state('');
  readonly #announcements = new AnnouncementQueue((text) => (this.announcement = text));
  presence: Presence = $state({ online: [], lurkers: 0 });
  irc: IrcStatus | undefined = $state();
  status: Status = $state('connecting');
  synced = $state(false);
  olderChat = $state(false);
  notice = $state('');
  personId: string | null = $state(null);
  me: Person | undefined = $derived(this.personId ? this.board.people[this.personId] : undefined);

  /** Made by `connect`: until then there is no socket, and commands wait for it. */
  #socket: ClientSocket | undefined;
  readonly #opened: Promise<ClientSocket>;
  #open: (socket: ClientSocket) => void = () => {};
  readonly #url: string | undefined;
  readonly #options: Partial<ManagerOptions & SocketOptions>;
  readonly #storage: Storage | undefined;
  #token: string | undefined;
  #resyncing = false;
  /** Which log `board.seq` counts in; until the first sync, none. */
  #log = '';

  constructor(options: ConnectionOptions = {}) {
    this.#storage = options.storage ?? globalThis.localStorage;
    if (options.firstSync) this.#sync(options.firstSync);
    const saved = this.#load();
    this.#token = saved?.token;
    this.personId = saved?.personId ?? null;
    this.#url = options.url;
    this.#opened = new Promise((resolve) => (this.#open = resolve));
    this.#options = {
      // A function, so every reconnect tells the server how far this page has got.
      auth: (send: (auth: object) => void) =>
        send({ lastSeq: this.board.seq, log: this.#log, ...(this.#token ? { token: this.#token } : {}) }),
      retries: 3,
      ackTimeout: ACK_TIMEOUT_MS,
      // WebSocket first, so a page pays for long-polling only where a proxy or a firewall refuses
      // WebSockets: a refused one fails at once and the same attempt goes on with polling.
      transports: ['websocket', 'polling'],
      tryAllTransports: true,
      // A WebSocket cut or stalled before its handshake fails only by this timeout (see connect_error).
      timeout: OPEN_TIMEOUT_MS,
      // A restarted server should find its pages back within seconds, not after a long backoff.
      reconnectionDelayMax: 3_000,
    };
    globalThis.addEventListener?.('storage', this.#onStorage);
  }

  /**
   * Opens the socket; the page calls it once its first render is on screen. Socket.IO's code is
   * fetched only now: the page first shows the board it arrived with, and the client for the
   * socket (a WebSocket, the engine around it, long-polling) is a third of the page's script.
   */
  async connect() {
    if (this.#socket) return;
    const { io } = await import('socket.io-client');
    const socket: ClientSocket = this.#url ? io(this.#url, this.#options) : io(this.#options);
    this.#socket = socket;
    this.#listen(socket);
    this.#open(socket);
  }

  /**
   * Join with a nick; the token is kept so reloads and other tabs are the same person. The
   * commandId makes a retry after a lost answer come back as this person, not as "nick taken".
   */
  async join(details: JoinDetails): Promise<Ack<JoinResult>> {
    const payload = { ...details, commandId: crypto.randomUUID() };
    const answer = await this.#emit((socket) => socket.emitWithAck('session:join', payload));
    if (answer.ok) {
      this.notice = '';
      this.#token = answer.data.token;
      this.personId = answer.data.person.id;
      this.#storage?.setItem(SAVED_KEY, JSON.stringify({ token: answer.data.token, personId: answer.data.person.id }));
    }
    return answer;
  }

  /** Type a key after joining: the server checks it and folds the new role in as an event. */
  elevate(key: string): Promise<Ack<CommandResult>> {
    return this.#emit((socket) => socket.emitWithAck('session:elevate', { key }));
  }

  /** Fetch the page of chat before the oldest message this page holds. */
  async loadEarlierChat(): Promise<void> {
    const first = this.board.chat[0];
    if (!first) return;
    const answer = await this.#emit((socket) => socket.emitWithAck('chat:history', { beforeSeq: first.seq }));
    if (!answer.ok) return;
    // A resync may have replaced the chat meanwhile: add only what is older than what is held now.
    const oldest = this.board.chat[0]?.seq ?? Infinity;
    this.board.chat.unshift(...answer.data.messages.filter((message) => message.seq < oldest));
    this.olderChat = answer.data.more;
  }

  /** What happened to one issue and the chat lines that name it, for its detail panel. */
  issueHistory(issueId: string): Promise<Ack<IssueHistory>> {
    return this.#emit((socket) => socket.emitWithAck('issue:history', { issueId }));
  }

  /** The event at a glance, as the server folds it from the whole log: for the Stats view. */
  stats(): Promise<Ack<EventStats>> {
    return this.#emit((socket) => socket.emitWithAck('stats:get', {}));
  }

  /** Send a command; a retry after a lost answer reuses its commandId, so it never acts twice. */
  send<N extends CommandName>(name: N, payload: CommandPayloads[N]): Promise<Ack<CommandResult>> {
    const withId = { ...payload, commandId: crypto.randomUUID() };
    return this.#emit((socket) => (socket.emitWithAck as (name: N, payload: unknown) => Promise<Ack<CommandResult>>).call(socket, name, withId));
  }

  /**
   * Volatile, to pass by the retry queue: it sends one command at a time, so an import minutes long would hold back
   * every chat line and claim of this page. A dropped connection fails the ack at once, and importing again is safe.
   * The server says `{ done: 0 }` as soon as it starts, so hearing nothing in the usual time means it never got there.
   */
  importGithub(payload: GithubImport, onProgress: (progress: ImportProgress) => void): Promise<Ack<ImportCounts>> {
    return this.#emit(async (socket) => {
      let heard = false;
      let silence: ReturnType<typeof setTimeout> | undefined;
      const hear = (progress: ImportProgress) => {
        heard = true;
        onProgress(progress);
      };
      socket.on('import:progress', hear);
      try {
        return await Promise.race([
          socket.volatile.timeout(IMPORT_TIMEOUT_MS).emitWithAck('import:github', payload),
          new Promise<never>((_, reject) => {
            silence = setTimeout(() => {
              if (!heard) reject(new Error('no answer'));
            }, ACK_TIMEOUT_MS);
          }),
        ]);
      } finally {
        clearTimeout(silence);
        socket.off('import:progress', hear);
      }
    });
  }

  close() {
    globalThis.removeEventListener?.('storage', this.#onStorage);
    this.#socket?.close();
  }

  /** Another tab joined (or was forgotten): become the same person here by reconnecting with its token. */
  readonly #onStorage = (event: StorageEvent) => {
    if (event.key !== SAVED_KEY || event.storageArea !== this.#storage) return;
    const saved = this.#load();
    if (saved?.token === this.#token) return;
    this.#token = saved?.token;
    this.personId = saved?.personId ?? null;
    this.#socket?.disconnect().connect();
  };

  async #emit<T>(run: (socket: ClientSocket) => Promise<Ack<T>>): Promise<Ack<T>> {
    try {
      return await run(await this.#opened);
    } catch {
      return { ok: false, error: { code: 'no_answer', message: 'No answer from the server; check your connection and try again.' } };
    }
  }

  #listen(socket: ClientSocket) {
    socket.on('connect', () => (this.status = 'online'));
    socket.on('disconnect', (reason) => {
      this.status = 'offline';
      // Only a disconnect the server asked for stops Socket.IO's own reconnecting; a page should still come back.
      if (reason === 'io server disconnect') socket.connect();
    });
    socket.on('connect_error', (error: Error & { data?: { code?: string; message?: string } }) => {
      this.status = 'offline';
      const code = error.data?.code;
      if (code === 'removed') {
        // The person is gone from the event, but the page may still watch like anyone else.
        this.notice = error.data?.message ?? 'An organizer removed you from this event.';
        this.#forget();
        socket.connect();
      } else if (code === 'unknown_token' || code === 'invalid_token') {
        // The server does not know this session (its data was reset): carry on as a lurker.
        this.#forget();
        socket.connect();
      } else if (error.message === 'timeout') {
        // The socket did not open in time: something on the way let a WebSocket start, then cut or stalled
        // it. From now on this page opens with long-polling, which still upgrades to a WebSocket where one
        // gets through.
        socket.io.opts.transports = ['polling', 'websocket'];
      }
    });
    socket.on('sync', (payload) => this.#sync(payload));
    socket.on('events', (events) => this.#fold(events, true));
    socket.on('presence', (presence) => (this.presence = presence));
    socket.on('presence:changed', (change) => (this.presence = mergePresence(this.presence, change)));
    socket.on('irc:status', (status) => (this.irc = status));
  }

  #sync(payload: SyncPayload) {
    this.#log = payload.log;
    if ('snapshot' in payload) {
      this.board = payload.snapshot;
      this.olderChat = payload.olderChat ?? false;
    } else this.#fold(payload.events, false);
    this.synced = true;
  }

  /** `live` events are happening now and are announced; replayed ones are history. */
  #fold(events: DomainEvent[], live: boolean) {
    const lines: ActivityLine[] = [];
    for (const event of events) {
      if (event.seq <= this.board.seq) continue; // already folded: a replay overlapping the live stream
      if (event.seq !== this.board.seq + 1) {
        this.#remember(lines, live);
        return void this.#resync();
      }
      apply(this.board, event);
      const line = describe(this.board, event);
      if (line) lines.push(line);
    }
    this.#remember(lines, live);
  }

  #remember(lines: ActivityLine[], live: boolean) {
    if (lines.length === 0) return;
    this.activity = [...this.activity, ...lines].slice(-ACTIVITY_KEPT);
    if (live) this.#announcements.add(lines);
  }

  /** A gap in seq means something was missed: ask for it instead of guessing. */
  async #resync() {
    if (this.#resyncing) return;
    this.#resyncing = true;
    const answer = await this.#emit((socket) => socket.emitWithAck('session:sync', { lastSeq: this.board.seq, log: this.#log }));
    this.#resyncing = false;
    if (answer.ok) this.#sync(answer.data);
  }

  #load(): Saved | undefined {
    try {
      const saved = JSON.parse(this.#storage?.getItem(SAVED_KEY) ?? 'null') as Saved | null;
      return saved && typeof saved.token === 'string' && typeof saved.personId === 'string' ? saved : undefined;
    } catch {
      return undefined;
    }
  }

  #forget() {
    this.#token = undefined;
    this.personId = null;
    this.#storage?.removeItem(SAVED_KEY);
  }
}
