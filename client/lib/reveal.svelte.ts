import { flushSync } from 'svelte';

/**
 * How long building one slice may take. A task that runs longer keeps a tap
 * waiting on a slow phone; Lighthouse's mobile run counts one past 50 ms on a
 * CPU four times slower than the one it measures on as blocking.
 */
const SLICE_MS = 6;
/**
 * The first slice, and the smallest: each slice also pays for the whole list being looked over
 * again, and where that alone takes the budget (a slow phone, jsdom) the list must still get out.
 */
const MIN_STEP = 10;

/**
 * How many items at least `itemPx` tall fill the window's height: what the first paint needs,
 * on a phone and on a tall screen alike.
 */
export function screenful(itemPx: number): number {
  return Math.ceil(window.innerHeight / itemPx);
}

/**
 * A long list put on screen in slices: `first` items at once, then a slice
 * at a time until all `total()` are out. The first paint does not wait for a
 * thousand cards or a long chat to be built, and the page answers input
 * between slices. Each slice is sized by how long the last one took to build,
 * so a fast machine needs few and a slow phone more, with no long task on
 * either; each runs as a task of its own, not in an animation frame, where the
 * browser's own layout and paint of the page would be added to it. Once
 * everything is out the limit is gone, so what arrives later shows at once.
 * It starts when `ready()` (the first sync).
 *
 * Made while a component initialises: its effect belongs to that component.
 */
export class Reveal {
  count = $state(0);
  /** The first screenful: on screen from the first paint. */
  readonly first: number;
  #step = MIN_STEP;

  constructor(first: number, total: () => number, ready: () => boolean) {
    this.first = this.count = first;
    $effect(() => {
      if (!ready() || this.count === Infinity) return;
      const timer = setTimeout(() => this.#grow(total()));
      return () => clearTimeout(timer);
    });
  }

  #grow(total: number) {
    const started = performance.now();
    this.count = this.count + this.#step >= total ? Infinity : this.count + this.#step;
    // Built now, not after this callback, so what the slice cost is known here.
    flushSync();
    const took = Math.max(performance.now() - started, 0.1);
    // Smaller at once after a slow slice; at most twice as large after a quick one, which may have been luck.
    this.#step = Math.max(MIN_STEP, Math.round(this.#step * Math.min(2, SLICE_MS / took)));
  }

  /** The first items of `list` that are out. */
  head<T>(list: T[]): T[] {
    return list.length > this.count ? list.slice(0, this.count) : list;
  }

  /** The last items of `list` that are out, for a list read from the bottom up. */
  tail<T>(list: T[]): T[] {
    return list.length > this.count ? list.slice(list.length - this.count) : list;
  }
}
