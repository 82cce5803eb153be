import { untrack } from 'svelte';
import type { EventStats } from '../../shared/protocol.ts';
import type { BugdayClient } from './client.ts';
import { Throttle } from './throttle.ts';

/** Often enough to feel live, seldom enough that a busy event does not make every open view fold its whole log on each event. */
export const REFRESH_MS = 2_000;

/**
 * The event's stats for a view that is open: fetched at once, then again as events arrive, at
 * most once every `everyMs`, the last change always shown. Made while the view initialises: its
 * effects belong to the view, so the fetching stops when the view goes.
 */
export class LiveStats {
  stats: EventStats | undefined = $state();
  error = $state('');
  readonly #throttle: Throttle;
  #asked = 0;
  #shown = 0;

  constructor(client: () => BugdayClient, everyMs = REFRESH_MS) {
    this.#throttle = new Throttle(() => void this.#fetch(client()), everyMs);
    // Effects because they follow the board: every event folded in may change the numbers.
    $effect(() => {
      void client().board.seq;
      untrack(() => this.#throttle.poke());
    });
    $effect(() => () => this.#throttle.cancel());
  }

  retry() {
    this.#throttle.now();
  }

  async #fetch(client: BugdayClient) {
    const asked = ++this.#asked;
    const answer = await client.stats();
    // Answers may overtake each other; only a newer ask than the one shown may replace it.
    if (asked < this.#shown) return;
    this.#shown = asked;
    if (answer.ok) {
      this.stats = answer.data;
      this.error = '';
    } else this.error = answer.error.message;
  }
}
