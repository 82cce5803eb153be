import type { DomainEvent } from '../../shared/protocol.ts';

/** Links a session token (stored only as a hash) to the person it stands for. */
export interface SessionRecord {
  tokenHash: string;
  personId: string;
}

export interface StoredData {
  events: DomainEvent[];
  sessions: SessionRecord[];
}

/**
 * Where the event log lives. Every implementation passes the same contract
 * suite (tests/integration/store-contract.test.ts).
 */
export interface Store {
  /** What is stored, read once at start-up. Rejects with StoreUnreadableError when it cannot be trusted. */
  load(): Promise<StoredData>;
  /**
   * Resolves once the events (and sessions) are durably stored; rejects having
   * stored none of them. Calls are never concurrent: the board waits for each.
   */
  append(events: DomainEvent[], sessions?: SessionRecord[]): Promise<void>;
  close(): Promise<void>;
}

/** The stored data exists but cannot be read: starting would risk writing over it. */
export class StoreUnreadableError extends Error {
  constructor(
    readonly location: string,
    reason: string,
  ) {
    super(`cannot read the bugday data file ${location}: ${reason}`);
    this.name = 'StoreUnreadableError';
  }
}

/** Checks the shape of a loaded document before any of it is trusted. */
export function assertStoredData(data: unknown, location: string): asserts data is StoredData {
  const doc = data as Partial<StoredData> | null;
  if (!doc || typeof doc !== 'object' || !Array.isArray(doc.events) || !Array.isArray(doc.sessions)) {
    throw new StoreUnreadableError(location, 'it is not a bugday data file (no events and sessions lists)');
  }
  doc.events.forEach((event, index) => {
    if (event?.seq !== index + 1) {
      throw new StoreUnreadableError(location, `event ${index + 1} is missing or out of order`);
    }
  });
}
