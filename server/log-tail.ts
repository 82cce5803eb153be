import { setTimeout as pause } from 'node:timers/promises';
import type { Board } from './board.ts';
import type { Logger } from './log.ts';
import type { SharedStore } from './store/store.ts';

const MAX_BACKOFF_MS = 2_000;

/**
 * Keeps a node's board current with what other nodes append to the shared
 * log: it waits in Redis for an event past the board's seq, then has the
 * board catch up in turn with its own commands, which folds and publishes
 * each event once, whoever wrote it. While Redis is away it tries again with
 * backoff, and it always resumes from the board's seq, so nothing is skipped.
 */
export class LogTail {
  #stopped = false;

  constructor(
    private readonly store: SharedStore,
    private readonly board: Board,
    private readonly log: Logger,
  ) {}

  start() {
    void this.#follow();
  }

  stop() {
    this.#stopped = true;
  }

  async #follow() {
    let failures = 0;
    while (!this.#stopped) {
      try {
        if (await this.store.waitAfter(this.board.seq)) await this.board.catchUp();
        if (failures > 0) this.log.info({ seq: this.board.seq }, 'following the shared log again');
        failures = 0;
      } catch (error) {
        if (this.#stopped) return;
        if (failures === 0) this.log.warn({ err: error, seq: this.board.seq }, 'cannot follow the shared log; trying again with backoff');
        failures += 1;
        await pause(Math.min(50 * 2 ** failures, MAX_BACKOFF_MS) + Math.random() * 50);
      }
    }
  }
}
