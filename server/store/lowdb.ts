import { existsSync } from 'node:fs';
import { Low } from 'lowdb';
import { silentLogger, type Logger } from '../log.ts';
import { DurableJsonFile } from './durable-json-file.ts';
import { Journal, journalPath, removeJournalsBefore, type JournalOptions, type OpenJournal } from './journal.ts';
import { readLog, sizeOf } from './read-log.ts';
import { addBatch, emptyData, StoreUnreadableError, type Batch, type Store, type StoredData } from './store.ts';

export interface LowdbStoreOptions {
  /** Opens the journal files; tests pass one that fails like a full disk. */
  openJournal?: OpenJournal;
  /** The journal is folded into the snapshot once it outgrows both the snapshot and this. */
  compactAfterBytes?: number;
  /** Told how long each journal fsync took; a plain callback so the store knows nothing of metrics. */
  onJournalSync?: (seconds: number) => void;
  /** Where faults that no command is refused for (a failed compaction, a torn line) are told. */
  log?: Logger;
}

const COMPACT_AFTER_BYTES = 4 * 1024 * 1024;

/**
 * The embedded default. The log is a lowdb JSON document (the snapshot, at
 * `file`) plus journals beside it (`file.journal.<n>`) that every append adds
 * one fsync'ed line to, so an append costs the same at event 100 000 as at
 * event 1. When the journal has grown as large as the snapshot, the snapshot
 * is rewritten in the background while appends go on into a fresh journal:
 * rewriting costs O(history) but happens every O(history) appends.
 *
 * At start-up the snapshot is read and every journal replayed over it;
 * batches the snapshot already holds are skipped, so a crash at any step of a
 * compaction leaves files that load to the same log.
 */
export class LowdbStore implements Store {
  readonly #snapshot: DurableJsonFile<StoredData>;
  readonly #db: Low<StoredData>;
  readonly #journalOptions: JournalOptions;
  readonly #log: Logger;
  readonly #compactAfterBytes: number;
  #journal: Journal | undefined;
  /** The generation of the journal appends go to. */
  #generation = 1;
  /** The lowest journal generation that the snapshot file does not wholly hold. */
  #uncoveredFrom = 1;
  #snapshotBytes = 0;
  #journalBytes = 0;
  /** Appends and the switch to a new journal, one at a time. */
  #writing: Promise<unknown> = Promise.resolve();
  #compaction: Promise<void> | undefined;
  #closed = false;

  constructor(file: string, options: LowdbStoreOptions = {}) {
    this.#snapshot = new DurableJsonFile<StoredData>(file);
    this.#db = new Low<StoredData>(this.#snapshot, emptyData());
    this.#journalOptions = { open: options.openJournal, onSync: options.onJournalSync };
    this.#log = options.log ?? silentLogger;
    this.#compactAfterBytes = options.compactAfterBytes ?? COMPACT_AFTER_BYTES;
  }

  async load(): Promise<StoredData> {
    try {
      // New lists, shared events: the board appends to its own log, this store to its document,
      // and nobody changes an event once it exists. A deep copy would cost seconds at 100k events.
      const { events, sessions, commands, secrets } = await this.#load();
      return { events: [...events], sessions: [...sessions], commands: [...commands], secrets: { ...secrets } };
    } catch (error) {
      if (!(error instanceof StoreUnreadableError)) throw error;
      throw new StoreUnreadableError(error.location, error.reason, this.#recoveryFor(error.location));
    }
  }

  append(batch: Batch): Promise<void> {
    const appended = this.#exclusive(async () => {
      if (!this.#journal || this.#closed) throw new Error('the store is not open');
      this.#journalBytes += await this.#journal.append(batch);
      addBatch(this.#db.data, batch);
    });
    return appended.then(() => this.#compactIfDue());
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#compaction;
    await this.#exclusive(async () => {
      await this.#journal?.close();
      this.#journal = undefined;
    });
  }

  async #load(): Promise<StoredData> {
    const { data, snapshotBytes, journalBytes, last, uncoveredFrom } = await readLog(this.#snapshot.file, this.#log);
    this.#db.data = data;
    this.#snapshotBytes = snapshotBytes;
    this.#journalBytes = journalBytes;

    // Only now that everything has been read and checked may anything be written.
    this.#generation = last?.generation ?? 1;
    const path = journalPath(this.#snapshot.file, this.#generation);
    this.#journal =
      last === undefined ? await Journal.create(path, this.#journalOptions) : await Journal.reopen(path, last.length, this.#journalOptions);
    this.#uncoveredFrom = uncoveredFrom ?? this.#generation;
    return data;
  }

  #exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#writing.then(work);
    this.#writing = run.catch(() => undefined);
    return run;
  }

  #compactIfDue() {
    if (this.#compaction || this.#closed) return;
    if (this.#journalBytes < Math.max(this.#snapshotBytes, this.#compactAfterBytes)) return;
    this.#compaction = this.#compact()
      .catch((error: unknown) => this.#log.error({ err: error }, 'compaction failed; the journal keeps every event'))
      .finally(() => (this.#compaction = undefined));
  }

  /**
   * Folds the journals into the snapshot. The old snapshot becomes the .bak,
   * and the journals it does not hold are kept, so the .bak plus the journals
   * beside it is always the whole log too.
   */
  async #compact() {
    const file = this.#snapshot.file;
    const next = await this.#exclusive(async () => {
      const previous = this.#journal!;
      this.#journal = await Journal.create(journalPath(file, this.#generation + 1), this.#journalOptions);
      this.#generation += 1;
      this.#journalBytes = 0;
      await previous.close();
      return this.#generation;
    });
    // The document is the live one: it holds every journal before `next`, and
    // perhaps some of `next`, which replaying skips.
    await this.#db.write();
    this.#snapshotBytes = await sizeOf(file);
    await removeJournalsBefore(file, this.#uncoveredFrom);
    this.#uncoveredFrom = next;
  }

  #recoveryFor(location: string): string {
    const { file, backup } = this.#snapshot;
    if (location !== file) {
      return `Repair or delete the damaged line in ${location}. Moving that journal (and any later one) aside starts bugday without the events in it.`;
    }
    if (existsSync(backup)) {
      return `The snapshot before it is kept as ${backup}: move ${file} aside and copy ${backup} in its place; the journal files beside it bring it up to date.`;
    }
    return `Repair it, or move it aside (BUGDAY_DATA picks another file) to start afresh.`;
  }
}
