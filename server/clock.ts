/**
 * Wakes the board when the next deadline comes (a lease, a hold, a flag
 * whose asker or mentor left). It changes nothing
 * itself: `Board.runClock` decides what is due against the state and appends
 * it like any command. The one timer is re-aimed after every commit from the
 * state, so a restart finds the same deadlines in the log and neither loses
 * nor repeats a stale mark or an expiry.
 */
import { nextDeadline } from '../shared/domain/index.ts';
import type { Board } from './board.ts';
import type { Logger } from './log.ts';
import type { PresenceTracker } from './presence.ts';

/** Sets a one-off timer and answers how to cancel it; tests hand in a clock they move by hand. */
export interface Timers {
  set(run: () => void, ms: number): () => void;
}

export const REAL_TIMERS: Timers = {
  set(run, ms) {
    const timer = setTimeout(run, ms);
    // A lease days away must not keep a stopping process alive.
    timer.unref();
    return () => clearTimeout(timer);
  },
};

/** setTimeout's longest delay; a later deadline is aimed at again when this one fires. */
const LONGEST_DELAY_MS = 2 ** 31 - 1;
/** When the store refused the clock's events, how long before it tries again. */
const RETRY_MS = 5_000;

export class BoardClock {
  readonly #board: Board;
  readonly #now: () => number;
  readonly #timers: Timers;
  readonly #log: Logger;
  readonly #presence: PresenceTracker;
  #aimedAt: number | undefined;
  #cancel: (() => void) | undefined;
  #stopCommits: (() => void) | undefined;
  #stopPresence: (() => void) | undefined;

  constructor(board: Board, presence: PresenceTracker, now: () => number, timers: Timers, log: Logger) {
    this.#board = board;
    this.#presence = presence;
    this.#now = now;
    this.#timers = timers;
    this.#log = log;
  }

  start() {
    this.#stopCommits = this.#board.onCommit(() => this.#aim());
    // A person's last page closing starts a grace time; their page opening again ends it.
    this.#stopPresence = this.#presence.onOnlineChange(() => this.#aim());
    this.#aim();
  }

  stop() {
    this.#stopCommits?.();
    this.#stopPresence?.();
    this.#stopCommits = undefined;
    this.#disarm();
  }

  #aim(due = nextDeadline(this.#board.state, this.#presence.offlineSince)) {
    if (!this.#stopCommits || due === this.#aimedAt) return;
    this.#disarm();
    if (due === undefined) return;
    this.#aimedAt = due;
    this.#cancel = this.#timers.set(() => void this.#fire(), Math.min(Math.max(due - this.#now(), 0), LONGEST_DELAY_MS));
  }

  #disarm() {
    this.#cancel?.();
    this.#cancel = undefined;
    this.#aimedAt = undefined;
  }

  async #fire() {
    this.#cancel = undefined;
    this.#aimedAt = undefined;
    const result = await this.#board.runClock(this.#presence.offlineSince);
    if (result.ok) return this.#aim();
    this.#log.warn({ code: result.error.code }, 'the lease clock could not append what is due; trying again shortly');
    this.#aim(this.#now() + RETRY_MS);
  }
}
