import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { mergePresence } from '../../../shared/domain/index.ts';
import { Waiters } from './waiters.ts';
import type {
  Ack,
  ClientToServerEvents,
  DomainEvent,
  HandshakeAuth,
  IrcStatus,
  JoinResult,
  Presence,
  PresenceChange,
  ServerToClientEvents,
  SyncPayload,
} from '../../../shared/protocol.ts';

export type RawSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
/** What a test may change about how a client connects: its transports, headers, local address. */
export type ConnectOptions = Partial<ManagerOptions & SocketOptions>;

const open = (url: string, auth: HandshakeAuth, options: ConnectOptions): RawSocket =>
  io(url, { transports: ['websocket'], ...options, auth: { ...auth }, reconnection: false, forceNew: true });

/**
 * A real Socket.IO client that records everything the server sends, so a test
 * can wait for what it expects instead of sleeping.
 */
export class TestClient {
  readonly socket: RawSocket;
  readonly syncs: SyncPayload[] = [];
  readonly events: DomainEvent[] = [];
  /** How many `events` messages brought them. */
  eventFrames = 0;
  /** The presence list after each presence message, changes folded in as a page does. */
  readonly presences: Presence[] = [];
  readonly presenceChanges: PresenceChange[] = [];
  /** Every state of the IRC bridge this page was told, when the server has one. */
  readonly ircStatuses: IrcStatus[] = [];
  token: string | undefined;
  readonly #waiters = new Waiters();

  private constructor(socket: RawSocket) {
    this.socket = socket;
    socket.on('sync', (payload) => this.#record(() => this.syncs.push(payload)));
    socket.on('events', (events) =>
      this.#record(() => {
        this.eventFrames += 1;
        this.events.push(...events);
      }),
    );
    socket.on('presence', (presence) => this.#record(() => this.presences.push(presence)));
    socket.on('irc:status', (status) => this.#record(() => this.ircStatuses.push(status)));
    socket.on('presence:changed', (change) =>
      this.#record(() => {
        this.presenceChanges.push(change);
        this.presences.push(mergePresence(this.presences.at(-1) ?? { online: [], lurkers: 0 }, change));
      }),
    );
  }

  /** Connects and resolves once the server's first `sync` has arrived. */
  static async connect(url: string, auth: HandshakeAuth = {}, options: ConnectOptions = {}): Promise<TestClient> {
    const client = new TestClient(open(url, auth, options));
    await client.until(() => client.syncs.length > 0, 'the first sync');
    return client;
  }

  /** Tries to connect and resolves with the server's reason for turning the handshake away. */
  static refusal(url: string, auth: HandshakeAuth, options: ConnectOptions = {}): Promise<string> {
    const socket = open(url, auth, options);
    return new Promise((resolve, reject) => {
      socket.on('connect', () => {
        socket.close();
        reject(new Error('the server accepted the handshake'));
      });
      socket.on('connect_error', (error) => {
        socket.close();
        resolve(error.message);
      });
    });
  }

  /** Connects and joins with `nick`, resolving once the join event is back. */
  static async joined(url: string, nick: string, options: ConnectOptions = {}): Promise<TestClient> {
    const client = await TestClient.connect(url, {}, options);
    const answer = await client.join(nick);
    if (!answer.ok) throw new Error(`join ${nick}: ${answer.error.message}`);
    // Ready once its own join has come back as an event, so a test's later counts start clean.
    const id = answer.data.person.id;
    await client.until(() => client.events.some((e) => e.type === 'person.joined' && e.person.id === id), `${nick}'s join`);
    return client;
  }

  async join(nick: string, venue?: string): Promise<Ack<JoinResult>> {
    const answer = await this.socket.emitWithAck('session:join', venue ? { nick, venue } : { nick });
    if (answer.ok) this.token = answer.data.token;
    return answer;
  }

  /** Emits anything, typed or not, and resolves with the ack. */
  send(name: string, ...args: unknown[]): Promise<Ack<unknown>> {
    const emit = this.socket.emitWithAck as (name: string, ...args: unknown[]) => Promise<Ack<unknown>>;
    return emit.call(this.socket, name, ...args);
  }

  /** The log the last sync was of: what a reconnect sends beside lastSeq. */
  get log(): string | undefined {
    return this.syncs.at(-1)?.log;
  }

  get lastSeq(): number {
    const synced = this.syncs.at(-1)?.seq ?? 0;
    return Math.max(synced, this.events.at(-1)?.seq ?? 0);
  }

  /** Resolves when `test()` holds, checking after every message; fails after `ms` with `what` in the message. */
  until(test: () => boolean, what: string, ms = 5_000): Promise<void> {
    return this.#waiters.until(test, what, ms);
  }

  untilEvent(type: DomainEvent['type'], count = 1): Promise<void> {
    return this.until(() => this.events.filter((e) => e.type === type).length >= count, `${count} ${type}`);
  }

  close() {
    this.socket.close();
  }

  #record(store: () => void) {
    store();
    this.#waiters.wake();
  }
}
