/**
 * Restores an event from its `/export/event.json` into an empty data file:
 * the log is appended as it was, seqs and all, so the restored board is the
 * exported one. Sessions and secrets are not in an export; people join again
 * and the first start makes new keys.
 */
import { readFile } from 'node:fs/promises';
import { applyAll, emptyState } from '../../shared/domain/index.ts';
import type { DomainEvent } from '../../shared/protocol.ts';
import { EXPORT_FORMAT, EXPORT_VERSION, type EventExport } from '../export/event-json.ts';
import type { Store } from '../store/store.ts';

export class RestoreError extends Error {}

/** Events in a batch when appending: a weekend's log in a few writes, not one huge one. */
const BATCH = 1_000;

export async function readExport(file: string): Promise<EventExport> {
  let body: unknown;
  try {
    body = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new RestoreError(`${file} is not a JSON file bugday can read (${(error as Error).message}).`);
  }
  const exported = body as Partial<EventExport>;
  if (exported.format !== EXPORT_FORMAT || exported.version !== EXPORT_VERSION || !Array.isArray(exported.events)) {
    throw new RestoreError(`${file} is not a bugday event export (format ${EXPORT_FORMAT}, version ${EXPORT_VERSION}).`);
  }
  return exported as EventExport;
}

/** Appends the export's log to `store`, which must hold no events. Answers how many were restored. */
export async function restore(exported: EventExport, store: Store): Promise<number> {
  const { events } = exported;
  // Folding it first proves the log is whole and in order (apply refuses a gap) before anything is written.
  try {
    applyAll(emptyState(), events as DomainEvent[]);
  } catch (error) {
    throw new RestoreError(`The export's log does not fold into a board: ${(error as Error).message}.`);
  }
  const held = await store.load();
  if (held.events.length > 0) {
    throw new RestoreError(`The data file already holds ${held.events.length} events; restore into a new, empty one.`);
  }
  for (let start = 0; start < events.length; start += BATCH) {
    await store.append({ events: events.slice(start, start + BATCH), sessions: [], commands: [] });
  }
  return events.length;
}
