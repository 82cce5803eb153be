/**
 * The page's short notices: "Copied", "#123 is held by ana since 14:02". Anything may show
 * one through the shared `toasts`; `<Toasts />` (components/shell/Toasts.svelte), mounted once
 * in the App, puts them on screen and in front of a screen reader.
 *
 *   import { toasts } from './lib/toasts.svelte.ts';
 *   toasts.show('Link copied');
 *   toasts.show(answer.error.message, { tone: 'error' });
 *   toasts.show('#123 went stale: …', { timeoutMs: Infinity, action: { label: 'Extend', run: () => extend('i12') } });
 */

export type ToastTone = 'info' | 'error';

/** One thing the toast lets a person do about what it says, as a button beside Dismiss. */
export interface ToastAction {
  /** The button's word, e.g. "Extend"; its accessible name adds the toast's text. */
  label: string;
  /** Answers once done; the button is disabled meanwhile. Whoever shows the toast takes it away when it is settled. */
  run: () => Promise<unknown> | void;
}

export interface Toast {
  readonly id: number;
  readonly text: string;
  readonly tone: ToastTone;
  readonly action?: ToastAction;
}

export interface ShowOptions {
  tone?: ToastTone;
  /** How long it stays; `Infinity` keeps it until dismissed. By default 6 s, an error 10 s. */
  timeoutMs?: number;
  action?: ToastAction;
}

export const TOAST_TIMEOUT_MS: Record<ToastTone, number> = { info: 6_000, error: 10_000 };
/** More than this at once is a wall, not a notice: the oldest goes. */
export const TOASTS_SHOWN = 4;

export class Toasts {
  #items: Toast[] = $state([]);
  #nextId = 1;
  /**
   * Each toast's time and, while it runs, its timer. Plain on purpose: nothing on screen
   * follows it, and a dismissed toast's timer goes with it, so none outlives a test.
   */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #clocks = new Map<number, { timeoutMs: number; timer?: ReturnType<typeof setTimeout> }>();
  #paused = false;

  /** Oldest first. */
  get items(): readonly Toast[] {
    return this.#items;
  }

  /**
   * Shows `text` and answers its id. The same text already showing is not shown twice: it takes
   * the new tone and action, and its time starts again.
   */
  show(text: string, options: ShowOptions = {}): number {
    const tone = options.tone ?? 'info';
    const timeoutMs = options.timeoutMs ?? TOAST_TIMEOUT_MS[tone];
    const { action } = options;
    const index = this.#items.findIndex((toast) => toast.text === text);
    let id: number;
    if (index >= 0) {
      id = this.#items[index]!.id;
      this.#items[index] = { id, text, tone, ...(action ? { action } : {}) };
    } else {
      id = this.#nextId++;
      this.#items.push({ id, text, tone, ...(action ? { action } : {}) });
      while (this.#items.length > TOASTS_SHOWN) this.dismiss(this.#items[0]!.id);
    }
    this.#stopTimer(id);
    this.#clocks.set(id, { timeoutMs });
    this.#startTimer(id);
    return id;
  }

  dismiss(id: number) {
    this.#stopTimer(id);
    this.#clocks.delete(id);
    const index = this.#items.findIndex((toast) => toast.id === id);
    if (index >= 0) this.#items.splice(index, 1);
  }

  /** Dismisses every toast. */
  clear() {
    for (const { id } of [...this.#items]) this.dismiss(id);
  }

  /**
   * Holds every toast on screen while someone is reading or reaching for one (the pointer over
   * them, focus in them): a notice must not vanish from under the person about to dismiss it.
   */
  pause() {
    this.#paused = true;
    for (const id of this.#clocks.keys()) this.#stopTimer(id);
  }

  /** Lets them go again, each with its whole time: the person may have read none of it yet. */
  resume() {
    if (!this.#paused) return;
    this.#paused = false;
    for (const { id } of this.#items) this.#startTimer(id);
  }

  #startTimer(id: number) {
    const clock = this.#clocks.get(id);
    if (!clock || this.#paused || !Number.isFinite(clock.timeoutMs)) return;
    clearTimeout(clock.timer);
    clock.timer = setTimeout(() => this.dismiss(id), clock.timeoutMs);
  }

  #stopTimer(id: number) {
    const clock = this.#clocks.get(id);
    clearTimeout(clock?.timer);
    if (clock) delete clock.timer;
  }
}

/** The page's one set of toasts; tests make their own `new Toasts()`. */
export const toasts = new Toasts();
