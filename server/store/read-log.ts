import { stat } from 'node:fs/promises';
import { silentLogger, type Logger } from '../log.ts';
import { DurableJsonFile } from './durable-json-file.ts';
import { journalGenerations, journalPath, readJournal } from './journal.ts';
import { assertStoredData, emptyData, replayBatch, type StoredData } from './store.ts';

/** What the lowdb store's files hold, and where its journals stand. */
export interface ReadLog {
  data: StoredData;
  snapshotBytes: number;
  /** The bytes of the journals that added events the snapshot does not hold. */
  journalBytes: number;
  /** The newest journal's generation, if there is one, and where its whole lines end. */
  last: { generation: number; length: number } | undefined;
  /** The lowest journal generation that added events the snapshot does not hold. */
  uncoveredFrom: number | undefined;
}

/**
 * Reads the snapshot at `file` and replays every journal beside it over it,
 * batches the snapshot already holds skipped. It writes nothing: the store
 * opens its journal only after this, and a backup reads a live server's files
 * with it.
 */
export async function readLog(file: string, log: Logger = silentLogger): Promise<ReadLog> {
  const data = (await new DurableJsonFile<StoredData>(file).read()) ?? emptyData();
  assertStoredData(data, file);
  const snapshotBytes = await sizeOf(file);

  let journalBytes = 0;
  let uncoveredFrom: number | undefined;
  let last: ReadLog['last'];
  for (const generation of await journalGenerations(file)) {
    const path = journalPath(file, generation);
    const { batches, length } = await readJournal(path, log);
    const before = data.events.length;
    for (const batch of batches) replayBatch(data, batch, path);
    if (data.events.length > before) {
      uncoveredFrom ??= generation;
      journalBytes += length;
    }
    last = { generation, length };
  }
  return { data, snapshotBytes, journalBytes, last, uncoveredFrom };
}

export async function sizeOf(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch {
    return 0;
  }
}
