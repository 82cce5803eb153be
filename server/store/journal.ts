import { mkdir, open, readdir, readFile, rm } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { Logger } from '../log.ts';
import { syncDirectory } from './durable-json-file.ts';
import { isBatch, StoreUnreadableError, type Batch } from './store.ts';

/** The part of a file handle the journal uses; tests substitute one that fails like a full disk. */
export type JournalHandle = Pick<FileHandle, 'write' | 'datasync' | 'truncate' | 'close'>;
export type OpenJournal = (path: string, flags: 'r+' | 'wx+') => Promise<JournalHandle>;

export interface JournalOptions {
  /** Opens the file; tests pass one that fails like a full disk. */
  open?: OpenJournal;
  /** Told how long each append's fsync took, the floor under every acknowledgement. */
  onSync?: (seconds: number) => void;
}

const NEWLINE = 0x0a;

/**
 * An append-only file of batches, one JSON line each. An append costs one
 * write and one fdatasync whatever the size of the history, which is why the
 * store appends here and only now and then rewrites the whole snapshot.
 */
export class Journal {
  readonly #handle: JournalHandle;
  readonly #onSync: JournalOptions['onSync'];
  /** Bytes of whole lines that were written and synced: everything after it is not part of the journal. */
  #length: number;
  /** A failed append could not be cut off again; it must be before the next one is written. */
  #mustTruncate = false;

  private constructor(handle: JournalHandle, length: number, onSync: JournalOptions['onSync']) {
    this.#handle = handle;
    this.#length = length;
    this.#onSync = onSync;
  }

  /** A new, empty journal whose name survives a power cut. */
  static async create(path: string, { open: openJournal = open, onSync }: JournalOptions = {}): Promise<Journal> {
    await mkdir(dirname(path), { recursive: true });
    const handle = await openJournal(path, 'wx+');
    await syncDirectory(dirname(path));
    return new Journal(handle, 0, onSync);
  }

  /** Continues a journal after its last whole line, dropping a torn one that was never acknowledged. */
  static async reopen(path: string, length: number, { open: openJournal = open, onSync }: JournalOptions = {}): Promise<Journal> {
    const handle = await openJournal(path, 'r+');
    const journal = new Journal(handle, length, onSync);
    await journal.#cutBack();
    return journal;
  }

  /** Resolves once the batch is on disk; on failure the file is as it was before. Returns the bytes written. */
  async append(batch: Batch): Promise<number> {
    if (this.#mustTruncate) await this.#cutBack();
    const line = Buffer.from(`${JSON.stringify(batch)}\n`);
    try {
      await writeAll(this.#handle, line, this.#length);
      const syncing = performance.now();
      await this.#handle.datasync();
      this.#onSync?.((performance.now() - syncing) / 1000);
    } catch (error) {
      // A partial line must not be read back as an event, nor a later line be glued onto it.
      await this.#cutBack().catch(() => (this.#mustTruncate = true));
      throw error;
    }
    this.#length += line.length;
    return line.length;
  }

  close(): Promise<void> {
    return this.#handle.close();
  }

  async #cutBack() {
    await this.#handle.truncate(this.#length);
    await this.#handle.datasync();
    this.#mustTruncate = false;
  }
}

/** A file write may take several calls; a short write is not an error. */
async function writeAll(handle: JournalHandle, bytes: Buffer, position: number) {
  let written = 0;
  while (written < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, written, bytes.length - written, position + written);
    written += bytesWritten;
  }
}

/**
 * Reads a journal's batches. A last line without its newline is a write that
 * was cut short by a crash, so it was never acknowledged: it is left out, and
 * `length` ends before it. Any other line that is not a batch is damage.
 */
export async function readJournal(path: string, log: Logger): Promise<{ batches: Batch[]; length: number }> {
  const bytes = await readFile(path);
  const batches: Batch[] = [];
  let start = 0;
  for (let end = bytes.indexOf(NEWLINE); end !== -1; end = bytes.indexOf(NEWLINE, start)) {
    const line = bytes.subarray(start, end).toString('utf8');
    let batch: unknown;
    try {
      batch = JSON.parse(line);
    } catch {
      batch = undefined;
    }
    if (!isBatch(batch)) throw new StoreUnreadableError(path, `line ${batches.length + 1} is not a bugday batch`);
    batches.push(batch);
    start = end + 1;
  }
  if (start < bytes.length) {
    log.warn({ file: path }, 'dropping an unfinished last line of the journal; it was never acknowledged');
  }
  return { batches, length: start };
}

/** Journals are numbered: `<file>.journal.<n>`, a higher number written later. */
export const journalPath = (file: string, generation: number) => `${file}.journal.${generation}`;

/** The generations of the journals beside `file`, oldest first. */
export async function journalGenerations(file: string): Promise<number[]> {
  const prefix = `${basename(file)}.journal.`;
  let names: string[];
  try {
    names = await readdir(dirname(file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new StoreUnreadableError(dirname(file), (error as Error).message);
  }
  return names
    .filter((name) => name.startsWith(prefix) && /^\d+$/.test(name.slice(prefix.length)))
    .map((name) => Number(name.slice(prefix.length)))
    .sort((a, b) => a - b);
}

/** Removes the journals older than `generation`, once a snapshot holds all they held. */
export async function removeJournalsBefore(file: string, generation: number) {
  const old = (await journalGenerations(file)).filter((n) => n < generation);
  await Promise.all(old.map((n) => rm(journalPath(file, n), { force: true })));
}
