import type { DomainEvent } from '../../shared/protocol.ts';
import type { SessionRecord, Store, StoredData } from './store.ts';

/** A store that forgets on exit: for tests and throwaway demos. */
export class MemoryStore implements Store {
  #data: StoredData = { events: [], sessions: [] };

  async load(): Promise<StoredData> {
    return structuredClone(this.#data);
  }

  async append(events: DomainEvent[], sessions: SessionRecord[] = []): Promise<void> {
    this.#data.events.push(...structuredClone(events));
    this.#data.sessions.push(...structuredClone(sessions));
  }

  async close(): Promise<void> {}
}
