import type { DomainEvent } from '../../shared/protocol.ts';
import type { SecretsRecord } from '../secrets.ts';

/** Links a session token (stored only as a hash) to the person it stands for. */
export interface SessionRecord {
  tokenHash: string;
  personId: string;
}

/**
 * That a person's command (named by its client-chosen commandId) was carried
 * out and answered with `seq`. Kept beside the log, never broadcast, so that a
 * retry after a restart is answered instead of acting twice.
 */
export interface CommandRecord {
  personId: string;
  commandId: string;
  seq: number;
}

/** What one command writes, all or nothing: its events and the private records that go with them. */
export interface Batch {
  events: DomainEvent[];
  sessions: SessionRecord[];
  commands: CommandRecord[];
  /** Secrets that change with this batch; a later value replaces an earlier one. */
  secrets?: SecretsRecord;
}

export interface StoredData {
  events: DomainEvent[];
  sessions: SessionRecord[];
  commands: CommandRecord[];
  secrets: SecretsRecord;
}

/**
 * Where the event log lives. Every implementation passes the same contract
 * suite (tests/integration/store-contract.test.ts).
 */
export interface Store {
  /** What is stored, read once at start-up. Rejects with StoreUnreadableError when it cannot be trusted. */
  load(): Promise<StoredData>;
  /**
   * Resolves once the batch is durably stored; rejects having stored none of
   * it, and a later append may still succeed. Calls are never concurrent: the
   * board waits for each.
   */
  append(batch: Batch): Promise<void>;
  /** Finishes what is being written, then lets go of the files. */
  close(): Promise<void>;
}

/**
 * A log that other bugday nodes append to as well (Redis). Its append is a
 * compare-and-append: it rejects with StoreBehindError, having stored
 * nothing, when the log has moved on since the batch was decided.
 */
export interface SharedStore extends Store {
  /** What the log gained after `seq`: its events in order and the records stored with them. */
  readAfter(seq: number): Promise<StoredData>;
  /**
   * Resolves true once the log holds an event after `seq`, or false after a
   * while without one (so a caller can stop); rejects while the log cannot be reached.
   */
  waitAfter(seq: number): Promise<boolean>;
  /** The secrets as stored now: after two nodes' first starts raced, the first one's. */
  readSecrets(): Promise<SecretsRecord>;
  /** The person a session token's hash stands for, as stored now, for a token made on another node. */
  readSession(tokenHash: string): Promise<string | undefined>;
}

export const isShared = (store: Store): store is SharedStore => 'readAfter' in store;

/**
 * The shared log already holds events after the one a batch was decided
 * against: another node appended first. Nothing of the batch was written; a
 * node folds the events after its seq (readAfter) and decides again.
 */
export class StoreBehindError extends Error {
  constructor(
    /** The seq of the last event in the log. */
    readonly lastSeq: number,
  ) {
    super(`the shared log is already at event ${lastSeq}, past the event this batch was decided against`);
    this.name = 'StoreBehindError';
  }
}

/** The stored data exists but cannot be read: starting would risk writing over it. */
export class StoreUnreadableError extends Error {
  constructor(
    readonly location: string,
    readonly reason: string,
    /** What an operator can do about it, in a sentence. */
    readonly recovery?: string,
  ) {
    super(`cannot read the bugday data file ${location}: ${reason}`);
    this.name = 'StoreUnreadableError';
  }
}

export const emptyData = (): StoredData => ({ events: [], sessions: [], commands: [], secrets: {} });

/** Folds a batch that is known to follow `data` into it. */
export function addBatch(data: StoredData, batch: Batch) {
  data.events.push(...batch.events);
  data.sessions.push(...batch.sessions);
  data.commands.push(...batch.commands);
  Object.assign(data.secrets, batch.secrets);
}

/**
 * Adds a batch read back from disk to `data`. A batch wholly at or below the
 * last seq is already there (a journal written before the snapshot that
 * covers it) and is skipped; anything that does not continue the log exactly
 * means the files cannot be trusted.
 */
export function replayBatch(data: StoredData, batch: Batch, location: string) {
  const last = data.events.length;
  const first = batch.events[0]?.seq;
  const final = batch.events.at(-1)?.seq;
  if (first === undefined || final === undefined) return replayWithoutEvents(data, batch, location);
  if (final <= last) return;
  if (first !== last + 1) {
    throw new StoreUnreadableError(location, `event ${first} follows event ${last}: events are missing`);
  }
  batch.events.forEach((event, index) => {
    if (event.seq !== first + index) throw new StoreUnreadableError(location, `event ${first + index} is out of order`);
  });
  addBatch(data, batch);
}

/**
 * A batch without events only sets secrets that were not set yet (the first
 * start) or adds sessions (a new token for someone who joined before). It has
 * no place in the log to order it by, so its secrets fill gaps and never
 * replace a value (a later change always comes with an event), and a session
 * read twice is harmless.
 */
function replayWithoutEvents(data: StoredData, batch: Batch, location: string) {
  if ((!batch.secrets && batch.sessions.length === 0) || batch.commands.length) {
    throw new StoreUnreadableError(location, 'it holds an empty batch');
  }
  data.sessions.push(...batch.sessions);
  data.secrets = { ...batch.secrets, ...data.secrets };
}

/** Checks the shape of a loaded snapshot before any of it is trusted. Files from before commands were kept have none. */
export function assertStoredData(data: unknown, location: string): asserts data is StoredData {
  const doc = data as Partial<StoredData> | null;
  if (!doc || typeof doc !== 'object' || !Array.isArray(doc.events) || !Array.isArray(doc.sessions)) {
    throw new StoreUnreadableError(location, 'it is not a bugday data file (no events and sessions lists)');
  }
  doc.commands ??= [];
  doc.secrets ??= {};
  if (!Array.isArray(doc.commands)) throw new StoreUnreadableError(location, 'its commands are not a list');
  if (typeof doc.secrets !== 'object' || Array.isArray(doc.secrets)) {
    throw new StoreUnreadableError(location, 'its secrets are not a record');
  }
  doc.events.forEach((event, index) => {
    if (event?.seq !== index + 1) {
      throw new StoreUnreadableError(location, `event ${index + 1} is missing or out of order`);
    }
  });
}

/** Checks one journal line's shape: a batch whose lists are lists. */
export function isBatch(value: unknown): value is Batch {
  const batch = value as Partial<Batch> | null;
  return (
    !!batch &&
    typeof batch === 'object' &&
    Array.isArray(batch.events) &&
    Array.isArray(batch.sessions) &&
    Array.isArray(batch.commands) &&
    (batch.secrets === undefined || (typeof batch.secrets === 'object' && !Array.isArray(batch.secrets)))
  );
}
