import { addBatch, emptyData, type Batch, type Store, type StoredData } from './store.ts';

/** A store that forgets on exit: for tests and throwaway demos. */
export class MemoryStore implements Store {
  readonly #data: StoredData = emptyData();

  async load(): Promise<StoredData> {
    return structuredClone(this.#data);
  }

  async append(batch: Batch): Promise<void> {
    addBatch(this.#data, structuredClone(batch));
  }

  async close(): Promise<void> {}
}
