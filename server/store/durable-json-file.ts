import { copyFile, link, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';
import { StoreUnreadableError } from './store.ts';

/**
 * A lowdb adapter that keeps lowdb's write-temp-then-rename but adds what
 * lowdb's own JSONFile leaves out: fsync of the file before the rename and of
 * the directory after it, so a resolved write survives a power cut. The file
 * it replaces stays beside it as `<file>.bak`, the way back if the new one is
 * ever damaged. A file that does not parse is reported, never treated as empty.
 */
export class DurableJsonFile<T> implements Adapter<T> {
  readonly file: string;
  readonly backup: string;
  readonly #temp: string;

  constructor(file: string) {
    this.file = file;
    this.backup = `${file}.bak`;
    this.#temp = join(dirname(file), `.${basename(file)}.tmp`);
  }

  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw new StoreUnreadableError(this.file, (error as Error).message);
    }
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      throw new StoreUnreadableError(this.file, `it is not valid JSON (${(error as Error).message})`);
    }
  }

  async write(data: T): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true });
    await writeSynced(this.#temp, JSON.stringify(data));
    await this.#keepPrevious();
    await rename(this.#temp, this.file);
    await syncDirectory(dirname(this.file));
  }

  /** A hard link costs nothing and never leaves a moment without the file itself in place. */
  async #keepPrevious() {
    await rm(this.backup, { force: true });
    try {
      await link(this.file, this.backup);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      // A filesystem without hard links.
      await copyFile(this.file, this.backup);
    }
  }
}

/** Writes `text` as the whole of `path` and resolves once it is on disk (its name is the caller's to sync). */
export async function writeSynced(path: string, text: string) {
  const handle = await open(path, 'w');
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Makes a created, renamed or removed name in `dir` survive a power cut. */
export async function syncDirectory(dir: string) {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
