import type { Ack } from '../../shared/protocol.ts';

/**
 * One control's request to the server: busy while it waits, and the refusal
 * (written by the server for people) kept next to the control that caused it.
 */
export class Action {
  busy = $state(false);
  error = $state('');

  /** Resolves true when the server accepted. */
  async run(request: () => Promise<Ack<unknown>>): Promise<boolean> {
    return (await this.answer(request)).ok;
  }

  /** The whole answer, for a caller that needs the seq it was given. */
  async answer<T>(request: () => Promise<Ack<T>>): Promise<Ack<T>> {
    this.busy = true;
    this.error = '';
    try {
      const answer = await request();
      if (!answer.ok) this.error = answer.error.message;
      return answer;
    } finally {
      this.busy = false;
    }
  }

  clear() {
    this.error = '';
  }
}
