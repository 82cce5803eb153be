/**
 * Token buckets: each key may spend `capacity` at once and earns `perSecond`
 * back. Refills are computed on use, so idle keys cost no timers; keys that
 * are full again are forgotten when the map grows.
 */
export interface BucketSpec {
  capacity: number;
  perSecond: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

class RateLimiter {
  readonly #spec: BucketSpec;
  readonly #now: () => number;
  readonly #buckets = new Map<string, Bucket>();

  constructor(spec: BucketSpec, now: () => number = Date.now) {
    this.#spec = spec;
    this.#now = now;
  }

  /** Spends one token for `key`; false when there is none left. */
  take(key: string): boolean {
    const now = this.#now();
    const bucket = this.#buckets.get(key) ?? { tokens: this.#spec.capacity, at: now };
    bucket.tokens = Math.min(this.#spec.capacity, bucket.tokens + ((now - bucket.at) / 1000) * this.#spec.perSecond);
    bucket.at = now;
    if (bucket.tokens < 1) {
      this.#buckets.set(key, bucket);
      return false;
    }
    bucket.tokens -= 1;
    this.#buckets.set(key, bucket);
    if (this.#buckets.size > 10_000) this.#forgetFull(now);
    return true;
  }

  #forgetFull(now: number) {
    const { capacity, perSecond } = this.#spec;
    for (const [key, bucket] of this.#buckets) {
      if (bucket.tokens + ((now - bucket.at) / 1000) * perSecond >= capacity) this.#buckets.delete(key);
    }
  }
}

/**
 * Counts open connections per address. The handshake asks `admits`; the count
 * moves only once a connection is really open and when it closes, so a
 * handshake that fails later leaves nothing behind.
 */
export class ConnectionCap {
  readonly #max: number;
  readonly #open = new Map<string, number>();

  constructor(max: number) {
    this.#max = max;
  }

  admits(address: string): boolean {
    return (this.#open.get(address) ?? 0) < this.#max;
  }

  open(address: string) {
    this.#open.set(address, (this.#open.get(address) ?? 0) + 1);
  }

  close(address: string) {
    const count = (this.#open.get(address) ?? 1) - 1;
    if (count > 0) this.#open.set(address, count);
    else this.#open.delete(address);
  }
}

export interface LimitSpecs {
  /** Every command, chat included. */
  commands: BucketSpec;
  /** Chat messages on top of that: a flood of chat is the usual abuse. */
  chat: BucketSpec;
  /**
   * Reads that can cost the server a whole snapshot or a long page of
   * history (`session:sync`, `chat:history`, `issue:history`): anyone may
   * send them, lurkers too, so they are also limited per address, where a
   * crowd of connections would add up.
   */
  reads: BucketSpec;
}

const READS = new Set(['session:sync', 'chat:history', 'issue:history', 'stats:get']);

/** A person (over all their tabs) and each connection are limited separately; both must have room. */
export class CommandLimits {
  readonly #commands: RateLimiter;
  readonly #chat: RateLimiter;
  readonly #reads: RateLimiter;

  constructor(specs: LimitSpecs, now?: () => number) {
    this.#commands = new RateLimiter(specs.commands, now);
    this.#chat = new RateLimiter(specs.chat, now);
    this.#reads = new RateLimiter(specs.reads, now);
  }

  allow(who: { personId: string | null; connectionId: string; address: string }, command: string): boolean {
    const connection = `c:${who.connectionId}`;
    if (READS.has(command)) return [connection, `a:${who.address}`].every((key) => this.#reads.take(key));
    const keys = who.personId === null ? [connection] : [connection, `p:${who.personId}`];
    const buckets = command === 'chat:send' ? [this.#commands, this.#chat] : [this.#commands];
    return buckets.every((limiter) => keys.every((key) => limiter.take(key)));
  }
}
