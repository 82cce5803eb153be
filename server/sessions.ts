import { createHash, randomBytes } from 'node:crypto';
import type { SessionRecord } from './store/store.ts';

/** 256 random bits, base64url: 43 characters. */
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export const newToken = (): string => randomBytes(32).toString('base64url');

/**
 * Only a hash of each token is kept, so a leaked data file does not let anyone
 * act as the people in it. Lookups go by hash in a Map, which compares whole
 * digests and so leaks nothing useful about the token through timing.
 */
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('base64url');

export type TokenCheck = { kind: 'lurker' } | { kind: 'person'; personId: string } | { kind: 'refused'; reason: string };

export class Sessions {
  readonly #byHash = new Map<string, string>();

  constructor(records: SessionRecord[]) {
    for (const record of records) this.#byHash.set(record.tokenHash, record.personId);
  }

  add(record: SessionRecord) {
    this.#byHash.set(record.tokenHash, record.personId);
  }

  /** Who a handshake's token stands for. No token is a lurker; a bad one is refused outright. */
  check(token: unknown): TokenCheck {
    if (token === undefined || token === null) return { kind: 'lurker' };
    if (typeof token !== 'string' || !TOKEN_SHAPE.test(token)) return { kind: 'refused', reason: 'invalid_token' };
    const personId = this.#byHash.get(hashToken(token));
    return personId ? { kind: 'person', personId } : { kind: 'refused', reason: 'unknown_token' };
  }
}
