import { Low } from 'lowdb';
import type { DomainEvent } from '../../shared/protocol.ts';
import { DurableJsonFile } from './durable-json-file.ts';
import { assertStoredData, type SessionRecord, type Store, type StoredData } from './store.ts';

/** The embedded default: the whole log in one JSON file, no database server to run. */
export class LowdbStore implements Store {
  readonly #db: Low<StoredData>;
  readonly #file: string;

  constructor(file: string) {
    this.#file = file;
    this.#db = new Low<StoredData>(new DurableJsonFile<StoredData>(file), { events: [], sessions: [] });
  }

  async load(): Promise<StoredData> {
    await this.#db.read();
    assertStoredData(this.#db.data, this.#file);
    return structuredClone(this.#db.data);
  }

  async append(events: DomainEvent[], sessions: SessionRecord[] = []): Promise<void> {
    const data = this.#db.data;
    const before = { events: data.events.length, sessions: data.sessions.length };
    data.events.push(...events);
    data.sessions.push(...sessions);
    try {
      await this.#db.write();
    } catch (error) {
      // Nothing reached the disk, so nothing may stay in the document either.
      data.events.length = before.events;
      data.sessions.length = before.sessions;
      throw error;
    }
  }

  async close(): Promise<void> {}
}
