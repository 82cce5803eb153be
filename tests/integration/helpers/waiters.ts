/**
 * Waiting for something a test client has heard, instead of sleeping: `until`
 * checks its test each time `wake` says something arrived, and fails after `ms`
 * with `what` (and, if given, what was heard) in its message.
 */
export class Waiters {
  readonly #waiting = new Set<() => void>();

  until(test: () => boolean, what: string, ms: number, heard?: () => string): Promise<void> {
    if (test()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!test()) return;
        clearTimeout(timer);
        this.#waiting.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.#waiting.delete(check);
        reject(new Error(`timed out after ${ms} ms waiting for ${what}${heard ? `; heard: ${heard()}` : ''}`));
      }, ms);
      this.#waiting.add(check);
    });
  }

  wake() {
    for (const check of [...this.#waiting]) check();
  }
}
