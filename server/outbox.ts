import type { DomainEvent } from '../shared/protocol.ts';

/**
 * Gathers committed events into fewer broadcasts. The first event after a
 * quiet spell goes out at once; events committed within `windowMs` after a
 * broadcast wait for the window to end and go out together. With ten
 * thousand pages open a broadcast is ten thousand writes, so under load this
 * turns one broadcast per command into one per window, and when nothing is
 * happening it adds no delay at all.
 */
export class Outbox {
  readonly #send: (events: DomainEvent[], except?: string) => void;
  readonly #windowMs: number;
  #pending: DomainEvent[] = [];
  #timer: NodeJS.Timeout | undefined;

  /** `send` broadcasts to every connection, or every one but `except`. */
  constructor(send: (events: DomainEvent[], except?: string) => void, windowMs: number) {
    this.#send = send;
    this.#windowMs = windowMs;
  }

  add(events: DomainEvent[]) {
    if (this.#timer) {
      this.#pending.push(...events);
      return;
    }
    this.#send(events);
    this.#cool();
  }

  /**
   * Sends what is waiting now, to everyone but `except`: a page that is being
   * brought up to date gets those events in its sync instead, so every page
   * hears each event once and in order. Also used before shutting down.
   */
  flush(except?: string) {
    if (this.#pending.length === 0) return;
    const batch = this.#pending;
    this.#pending = [];
    this.#send(batch, except);
  }

  #cool() {
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (this.#pending.length === 0) return;
      const batch = this.#pending;
      this.#pending = [];
      this.#send(batch);
      this.#cool();
    }, this.#windowMs);
  }

  stop() {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
