/**
 * A component loaded the first time it is wanted, then kept: the organizer's
 * panel and a card's panel are code most pages never run, so they are not in
 * the script every page loads before its first render.
 */
export class Lazy<T> {
  loaded: T | undefined = $state();
  #loading: Promise<T> | undefined;

  constructor(readonly load: () => Promise<{ default: T }>) {}

  /** Fetches it, once; resolves when it is here. */
  want(): Promise<T> {
    this.#loading ??= this.load().then((module) => (this.loaded = module.default));
    return this.#loading;
  }

  /**
   * Wants it as soon as `needed()` holds, whatever makes it so: a click, the address, a role.
   * It sets up an effect, so call it while a component initialises.
   */
  wantWhen(needed: () => boolean) {
    $effect(() => {
      if (needed()) void this.want();
    });
  }
}
