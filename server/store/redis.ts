import { createClient, defineScript, ErrorReply, type CommandParser } from '@redis/client';
import { silentLogger, type Logger } from '../log.ts';
import { APPEND_SCRIPT, appendArguments, foldEntries, KEYS, persistenceProblems, recordsFrom, RedisUnusableError, seqOf, shownUrl } from './redis-log.ts';
import type { SecretsRecord } from '../secrets.ts';
import { emptyData, StoreBehindError, StoreUnreadableError, type Batch, type SharedStore, type StoredData } from './store.ts';

export interface RedisStoreOptions {
  /** Starts on a Redis whose persistence can lose acknowledged events (BUGDAY_REDIS_ALLOW_VOLATILE=1). */
  allowVolatile?: boolean;
  /** How long an append waits for Redis to answer before it is refused; tests shorten it. */
  appendTimeoutMs?: number;
  log?: Logger;
}

/** Events read per XRANGE, so that loading a long log never makes Redis build one huge reply. */
const PAGE = 5_000;
const APPEND_TIMEOUT_MS = 5_000;
/** How long a wait for other nodes' events blocks in Redis before it is asked again. */
const WAIT_BLOCK_MS = 5_000;
const MAX_BACKOFF_MS = 2_000;
const FIX_PERSISTENCE =
  'redis-cli CONFIG SET appendonly yes; redis-cli CONFIG SET appendfsync always; redis-cli CONFIG REWRITE ' +
  '(or the lines "appendonly yes" and "appendfsync always" in redis.conf)';

/** What the script answers: stored, or not because the log has moved on to the stream's last id. */
type AppendReply = [verdict: 'appended' | 'moved', id: string];

const appendScript = defineScript({
  SCRIPT: APPEND_SCRIPT,
  NUMBER_OF_KEYS: 4,
  parseCommand(parser: CommandParser, args: string[]) {
    parser.pushKeys([KEYS.events, KEYS.sessions, KEYS.commands, KEYS.secrets]);
    parser.push(...args);
  },
  transformReply: (reply: unknown) => reply as AppendReply,
});

/**
 * The log in Redis, for several bugday nodes on one log. Events are a Redis
 * Stream whose entry ids are their seqs (`<seq>-0`), so order is global and
 * replay is XRANGE. Each append is one Lua script that stores the batch only
 * if the stream still ends at the event it was decided after
 * (compare-and-append), together with its sessions, command-ledger records and
 * secrets, kept in hashes beside the stream. The client is node-redis, the
 * client Redis maintains and the one the Socket.IO Redis Streams adapter is
 * tested with; it runs the script by EVALSHA and sends it again on NOSCRIPT,
 * as after Redis restarts.
 */
export class RedisStore implements SharedStore {
  readonly #client;
  /** A blocking XREAD holds its connection until it is answered, so waiting has a connection of its own. */
  #waiting: ReturnType<RedisStore['createWaiting']> | undefined;
  readonly #shown: string;
  readonly #allowVolatile: boolean;
  readonly #appendTimeoutMs: number;
  readonly #log: Logger;
  /** Until the first connection, a failure stops the start; after it, the client reconnects by itself. */
  #opened = false;
  #lost = false;

  constructor(url: string, options: RedisStoreOptions = {}) {
    this.#shown = shownUrl(url);
    this.#allowVolatile = options.allowVolatile ?? false;
    this.#appendTimeoutMs = options.appendTimeoutMs ?? APPEND_TIMEOUT_MS;
    this.#log = options.log ?? silentLogger;
    this.#client = createClient({
      url,
      scripts: { bugdayAppend: appendScript },
      // While Redis is away a command is refused at once instead of waiting for it: the person is
      // told storage_unavailable and the board goes on with the next command.
      disableOfflineQueue: true,
      socket: {
        // Jittered, so that several nodes do not come back to a restarted Redis in step.
        reconnectStrategy: (retries, cause) => (this.#opened ? Math.min(50 * 2 ** retries, MAX_BACKOFF_MS) + Math.random() * 100 : cause),
      },
    });
    this.#client.on('error', (error: unknown) => this.#onError(error));
    this.#client.on('ready', () => this.#onReady());
  }

  async load(): Promise<StoredData> {
    await this.#open();
    try {
      return await this.#read();
    } catch (error) {
      if (!(error instanceof StoreUnreadableError)) throw error;
      const recovery =
        `Nothing in Redis was changed. Look at the stream with redis-cli XRANGE '${KEYS.events}' - + and repair or remove what ` +
        `bugday did not write, or point BUGDAY_REDIS_URL at another database (redis://host:6379/1) to start afresh.`;
      throw new StoreUnreadableError(error.location, error.reason, recovery);
    }
  }

  async #read(): Promise<StoredData> {
    const head = await this.readAfter(0);
    const after = head.events.length;
    // The rest of the log and every record, read in one transaction so that they agree even
    // while other nodes append. The hashes also hold the records that came without an event.
    const [tail, sessions, commands, secrets] = (await this.#client
      .multi()
      .xRange(KEYS.events, String(after + 1), '+')
      .hGetAll(KEYS.sessions)
      .hVals(KEYS.commands)
      .hGetAll(KEYS.secrets)
      .exec()) as unknown as [StreamPage, Record<string, string>, string[], Record<string, string>];
    foldEntries(head, tail, after, this.#location);
    return { ...recordsFrom({ sessions, commands, secrets }, this.#location), events: head.events };
  }

  /**
   * What the log gained after `seq`: its events in order, and the sessions,
   * command records and secrets stored with them. For a node that is behind.
   */
  async readAfter(seq: number): Promise<StoredData> {
    const data = emptyData();
    for (let after = seq; ; ) {
      const page = await this.#client.xRange(KEYS.events, String(after + 1), '+', { COUNT: PAGE });
      foldEntries(data, page, after, this.#location);
      after += page.length;
      if (page.length < PAGE) return data;
    }
  }

  async waitAfter(seq: number): Promise<boolean> {
    this.#waiting ??= this.createWaiting().catch((error: unknown) => {
      this.#waiting = undefined;
      throw error;
    });
    const waiting = await this.#waiting;
    const read = await waiting.xRead({ key: KEYS.events, id: `${seq}-0` }, { BLOCK: WAIT_BLOCK_MS, COUNT: 1 });
    return read !== null;
  }

  private async createWaiting() {
    const waiting = this.#client.duplicate();
    // Its outages are the main client's, told once there.
    waiting.on('error', () => undefined);
    await waiting.connect();
    return waiting;
  }

  async readSecrets(): Promise<SecretsRecord> {
    return (await this.#client.hGetAll(KEYS.secrets)) as SecretsRecord;
  }

  async readSession(tokenHash: string): Promise<string | undefined> {
    return (await this.#client.hGet(KEYS.sessions, tokenHash)) ?? undefined;
  }

  /**
   * Rejects with StoreBehindError when the log has moved on since the batch
   * was decided, and with other errors when Redis is away or does not answer.
   * Every rejection but a timeout has stored nothing. A timeout, or a
   * connection lost while the script was on its way, leaves it unknown
   * whether Redis ran it; if it did, the next append finds the log ahead.
   */
  async append(batch: Batch): Promise<void> {
    if (!this.#opened) throw new Error('the store is not open');
    const appending = this.#client.bugdayAppend(appendArguments(batch)) as Promise<AppendReply>;
    const [verdict, last] = await within(this.#appendTimeoutMs, appending, () => {
      return new Error(`Redis at ${this.#shown} did not answer an append within ${this.#appendTimeoutMs} ms; it may yet store it`);
    });
    if (verdict === 'appended') return;
    const after = batch.events[0]!.seq - 1;
    const lastSeq = seqOf(last);
    if (lastSeq !== undefined && lastSeq > after) throw new StoreBehindError(lastSeq);
    throw new Error(
      `the log in Redis ends at ${last}, before event ${after} that this node had stored: ` +
        `events acknowledged before are missing from Redis (was it emptied, or restored from an older copy?)`,
    );
  }

  async close(): Promise<void> {
    // A wait blocked in Redis would hold the close for seconds; nothing waits on it once closing.
    const waiting = this.#waiting;
    this.#waiting = undefined;
    void waiting?.then((client) => client.destroy(), () => undefined);
    if (!this.#client.isOpen) return;
    // An append that timed out may still be waiting for a Redis that hangs: do not wait for it forever.
    await within(this.#appendTimeoutMs, this.#client.close(), () => new Error('Redis did not answer')).catch(() => this.#client.destroy());
  }

  /** Where the log is, for messages: the URL without its password, and the stream's key. */
  get #location(): string {
    return `${this.#shown} ${KEYS.events}`;
  }

  async #open() {
    try {
      await this.#client.connect();
    } catch (error) {
      throw new RedisUnusableError(`cannot reach Redis at ${this.#shown}: ${reasonOf(error)}`);
    }
    this.#opened = true;
    try {
      await this.#checkPersistence();
    } catch (error) {
      this.#client.destroy();
      throw error;
    }
  }

  /** Acknowledged must mean on disk: an append-only file synced before Redis answers each write. */
  async #checkPersistence() {
    let settings: Record<string, string>;
    try {
      settings = await this.#client.configGet(['appendonly', 'appendfsync']);
    } catch (error) {
      if (!(error instanceof ErrorReply)) throw error;
      if (this.#allowVolatile) {
        this.#log.warn({ redis: this.#shown, reply: error.message }, 'Redis does not tell its persistence settings; BUGDAY_REDIS_ALLOW_VOLATILE=1 starts anyway');
        return;
      }
      throw new RedisUnusableError(
        `Redis at ${this.#shown} does not let bugday read its persistence settings (CONFIG GET answered "${error.message}"), as managed ` +
          `services often do. bugday acknowledges a command only once Redis has it on disk, which needs appendonly yes and ` +
          `appendfsync always: check that your Redis runs so, then set BUGDAY_REDIS_ALLOW_VOLATILE=1 to start without this check.`,
      );
    }
    const problems = persistenceProblems(settings);
    if (problems.length === 0) return;
    if (this.#allowVolatile) {
      this.#log.warn({ redis: this.#shown, problems }, 'BUGDAY_REDIS_ALLOW_VOLATILE=1: acknowledged events can be lost if Redis stops');
      return;
    }
    throw new RedisUnusableError(
      `Redis at ${this.#shown} would lose acknowledged events: ${problems.join(' and ')}. bugday acknowledges a command only ` +
        `once Redis has written it to its append-only file and synced it. Fix: ${FIX_PERSISTENCE}. ` +
        `Or set BUGDAY_REDIS_ALLOW_VOLATILE=1 to start anyway and risk losing them.`,
    );
  }

  /** The client tells every failed reconnect; once per outage is enough to be told. */
  #onError(error: unknown) {
    if (!this.#opened || this.#lost) return;
    this.#lost = true;
    this.#log.error({ redis: this.#shown, err: error }, 'lost Redis; commands are refused as storage_unavailable until it is back');
  }

  #onReady() {
    if (!this.#lost) return;
    this.#lost = false;
    this.#log.info({ redis: this.#shown }, 'Redis is back; commands are stored again');
  }
}

type StreamPage = Array<{ id: string; message: Record<string, string> }>;

/** Settles as `promise` does, or rejects with `timedOut()` after `ms`; the promise's later outcome is ignored. */
function within<T>(ms: number, promise: Promise<T>, timedOut: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timedOut()), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const reasonOf = (error: unknown): string => {
  const cause = (error as { socketError?: unknown }).socketError ?? error;
  return cause instanceof Error ? cause.message || cause.name : String(cause);
};
