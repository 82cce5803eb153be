/**
 * Runs `run` at once, then at most once every `ms`: what asks meanwhile is answered by one more
 * run when the wait is over, so the last change always shows, however many came in a burst.
 */
export class Throttle {
  #last = -Infinity;
  #trailing: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly run: () => void,
    readonly ms: number,
  ) {}

  poke() {
    if (this.#trailing !== undefined) return;
    const wait = this.#last + this.ms - Date.now();
    if (wait <= 0) return this.#fire();
    this.#trailing = setTimeout(() => {
      this.#trailing = undefined;
      this.#fire();
    }, wait);
  }

  /** Runs at once, whenever the last run was: a person asked, and the wait would look like nothing happened. */
  now() {
    this.cancel();
    this.#fire();
  }

  /** Forgets a run still to come: nobody is looking any more. */
  cancel() {
    clearTimeout(this.#trailing);
    this.#trailing = undefined;
  }

  #fire() {
    this.#last = Date.now();
    this.run();
  }
}
