import { existsSync } from 'node:fs';
import { mkdir, rename, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { newLogId } from '../secrets.ts';
import { syncDirectory, writeSynced } from './durable-json-file.ts';
import { readLog } from './read-log.ts';
import type { StoredData } from './store.ts';

const ATTEMPTS = 5;

/**
 * Copies the lowdb store at `source` into one snapshot file at `dest`, while
 * a server may be appending to it and compacting it. A server started with
 * `dest` as its data file, and no journals beside it, starts from exactly
 * what was read. Resolves with the number of events copied.
 */
export async function backUp(source: string, dest: string): Promise<number> {
  if (existsSync(dest)) throw new BackupError(`${dest} already exists; a backup never writes over a file. Name a new one.`);
  const data = await readConsistently(source);
  if (!data.secrets.logId) throw new BackupError(`there is no bugday data at ${source} (is BUGDAY_DATA or --data right?)`);
  // The copy's history parts from the live one here. With a log of its own, a page that saw later
  // events loads a restored board afresh instead of adding to the one it holds.
  data.secrets = { ...data.secrets, logId: newLogId() };
  await mkdir(dirname(dest), { recursive: true });
  const partial = `${dest}.partial`;
  await writeSynced(partial, JSON.stringify(data));
  await rename(partial, dest);
  await syncDirectory(dirname(dest));
  return data.events.length;
}

/**
 * The log as it stood at one moment, read from files that may change as they
 * are read. A compaction renames a new snapshot over the old one and only
 * then removes the journals the old one held. So when the snapshot is the
 * same file after the read as before it, every journal removed meanwhile was
 * held by the snapshot that was read, and the result is the log up to the
 * last line of the newest journal: everything acknowledged before the read
 * began and perhaps some more, never a gap. When the snapshot was replaced,
 * or a journal went before it could be read, the read starts again.
 */
async function readConsistently(source: string): Promise<StoredData> {
  for (let attempt = 1; ; attempt += 1) {
    const before = await identity(source);
    try {
      const { data } = await readLog(source);
      if ((await identity(source)) === before) return data;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' && (await identity(source)) === before) throw error;
    }
    if (attempt === ATTEMPTS) throw new BackupError(`${source} was compacted during each of ${ATTEMPTS} reads; try again`);
  }
}

async function identity(file: string): Promise<string> {
  try {
    const { dev, ino, mtimeMs, size } = await stat(file);
    return `${dev}:${ino}:${mtimeMs}:${size}`;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'none';
    throw error;
  }
}

/** A backup that cannot be made, said so an operator knows what to do. */
export class BackupError extends Error {}
