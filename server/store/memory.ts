import { emptyData, type Batch, type Store, type StoredData } from './store.ts';

/** A store that forgets on exit: for tests and throwaway demos. */
export class MemoryStore implements Store {
  readonly #data: StoredData = emptyData();

  async load(): Promise<StoredData> {
    return structuredClone(this.#data);
  }

  async append(batch: Batch): Promise<void> {
    const { events, sessions, commands } = structuredClone(batch);
    this.#data.events.push(...events);
    this.#data.sessions.push(...sessions);
    this.#data.commands.push(...commands);
  }

  async close(): Promise<void> {}
}
