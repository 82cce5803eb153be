/**
 * A long list put on screen in slices: `first` items at once, then `step`
 * more each animation frame until all `total()` are out. The first paint does
 * not wait for a thousand cards or a long chat to be built, and the page
 * answers input between slices. Once everything is out the limit is gone, so
 * what arrives later shows at once. It starts when `ready()` (the first sync).
 *
 * Made while a component initialises: its effect belongs to that component.
 */
export class Reveal {
  count = $state(0);

  constructor(first: number, step: number, total: () => number, ready: () => boolean) {
    this.count = first;
    $effect(() => {
      if (!ready() || this.count === Infinity) return;
      const frame = requestAnimationFrame(() => (this.count = this.count + step >= total() ? Infinity : this.count + step));
      return () => cancelAnimationFrame(frame);
    });
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
