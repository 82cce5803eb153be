/**
 * Everything the bridge says in the channel waits here, in order, and leaves
 * no faster than IRC servers tolerate: one token bucket for every line, a long
 * line costing more than a short one. A line counts as said only once the
 * server has answered a PING sent after it (it handles a connection's lines in
 * order), so a line lost with a dropped connection is said again after the
 * reconnect, and one the server had is not. Pure: time comes in as `now`.
 */

/** How fast the bridge may talk. Libera allows a burst of 5 and then about 2 lines a second; RFC 1459 one per 2 s after 5. */
export interface Pace {
  /** Full lines that may go at once. */
  burst: number;
  /** How long a full line's worth of allowance takes to come back. */
  lineMs: number;
}

export const IRC_PACE: Pace = { burst: 4, lineMs: 1_500 };

export interface OutLine {
  command: 'PRIVMSG' | 'NOTICE';
  target: string;
  text: string;
  action: boolean;
  /** The board event it tells; none for an answer to someone's command. */
  seq?: number;
  /** When it happened on the board. */
  at?: number;
  /** Held back by an outage: said with its time. */
  late?: boolean;
  /** Who wrote the chat message it carries: they are told while it waits. */
  by?: string;
}

interface Queued extends OutLine {
  id: number;
}

/** A line of at most `fullBytes` costs between half an allowance (a short one) and a whole one. */
export const lineCost = (bytes: number, fullBytes: number) => 0.5 + 0.5 * Math.min(1, bytes / fullBytes);

export class Outbox {
  readonly #pace: Pace;
  readonly #fullBytes: number;
  #tokens: number;
  #filledAt: number;
  #nextId = 1;
  #waiting: Queued[] = [];
  /** Sent, and not yet known to have reached the server. */
  #unconfirmed: Queued[] = [];

  constructor(pace: Pace, fullBytes: number, now: number) {
    this.#pace = pace;
    this.#fullBytes = fullBytes;
    this.#tokens = pace.burst;
    this.#filledAt = now;
  }

  push(lines: OutLine[]) {
    for (const line of lines) this.#waiting.push({ ...line, id: this.#nextId++ });
  }

  /** Lines not yet sent. */
  get waiting(): number {
    return this.#waiting.length;
  }

  /** Whether lines are out that the server has not yet confirmed. */
  get inFlight(): boolean {
    return this.#unconfirmed.length > 0;
  }

  /** The next line if the allowance has room for it now (it is then counted as sent), else how long until it will. */
  take(now: number): { line: OutLine & { id: number } } | { waitMs: number } | undefined {
    const head = this.#waiting[0];
    if (!head) return undefined;
    this.#refill(now);
    const cost = lineCost(Buffer.byteLength(head.text), this.#fullBytes);
    // Less a hair, so float dust does not add a millisecond.
    if (this.#tokens < cost) return { waitMs: Math.max(1, Math.ceil((cost - this.#tokens) * this.#pace.lineMs - 1e-6)) };
    this.#tokens -= cost;
    this.#waiting.shift();
    this.#unconfirmed.push(head);
    return { line: head };
  }

  /** The server has handled line `id` and every line sent before it. */
  confirm(id: number) {
    const index = this.#unconfirmed.findIndex((line) => line.id === id);
    if (index >= 0) this.#unconfirmed.splice(0, index + 1);
  }

  /**
   * The connection is gone: what it may not have carried goes back in front,
   * to be said once the bridge is back. Answers to commands are dropped: by
   * then they answer nothing anyone is waiting for.
   */
  requeue() {
    this.#waiting = [...this.#unconfirmed, ...this.#waiting].filter((line) => line.command === 'PRIVMSG').map((line) => ({ ...line, late: true }));
    this.#unconfirmed = [];
  }

  /**
   * After an outage, only the last `keep` board events are said; the lines of
   * the others are dropped, and how many there were is answered so it can be told.
   */
  keepLast(keep: number): number {
    const events = [...new Set(this.#waiting.flatMap((line) => (line.seq === undefined ? [] : [line.seq])))];
    if (events.length <= keep) return 0;
    const first = events[events.length - keep]!;
    this.#waiting = this.#waiting.filter((line) => line.seq === undefined || line.seq >= first);
    return events.length - keep;
  }

  /** Puts lines before everything waiting (a summary of what was dropped). */
  pushFront(lines: OutLine[]) {
    this.#waiting.unshift(...lines.map((line) => ({ ...line, id: this.#nextId++ })));
  }

  /** The oldest chat message still waiting (sent or not), if any. */
  get queuedFrom(): number | undefined {
    let oldest: number | undefined;
    for (const line of [...this.#unconfirmed, ...this.#waiting]) {
      if (line.by !== undefined && line.seq !== undefined && (oldest === undefined || line.seq < oldest)) oldest = line.seq;
    }
    return oldest;
  }

  /** Who has chat messages waiting. */
  get senders(): Set<string> {
    return new Set([...this.#unconfirmed, ...this.#waiting].flatMap((line) => (line.by === undefined ? [] : [line.by])));
  }

  #refill(now: number) {
    const elapsed = Math.max(0, now - this.#filledAt);
    this.#tokens = Math.min(this.#pace.burst, this.#tokens + elapsed / this.#pace.lineMs);
    this.#filledAt = now;
  }
}
