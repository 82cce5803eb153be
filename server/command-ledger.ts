import type { Ack, CommandResult, ErrorCode } from '../shared/protocol.ts';

type Answer = Ack<CommandResult>;

const TRANSIENT = new Set<ErrorCode>(['storage_unavailable', 'rate_limited', 'internal_error']);

/**
 * Remembers the answer to recent commands by (person, commandId), so a client
 * that retries after a lost ack gets the original answer instead of acting
 * twice. A retry that arrives while the first try is still running waits for it.
 */
export class CommandLedger {
  readonly #answers = new Map<string, Answer | Array<(answer: Answer) => void>>();
  readonly #capacity: number;

  constructor(capacity = 50_000) {
    this.#capacity = capacity;
  }

  /**
   * Runs `run` once per key; every later call with the same key is answered
   * with the first call's answer. Without a commandId there is nothing to remember.
   */
  once(personId: string, commandId: string | undefined, reply: (answer: Answer) => void, run: (done: (answer: Answer) => void) => void) {
    if (commandId === undefined) return run(reply);
    const key = `${personId}\u0000${commandId}`;
    const known = this.#answers.get(key);
    if (Array.isArray(known)) return void known.push(reply);
    if (known) return reply(known);
    const waiting = [reply];
    this.#answers.set(key, waiting);
    run((answer) => {
      this.#remember(key, answer);
      for (const waiter of waiting) waiter(answer);
    });
  }

  #remember(key: string, answer: Answer) {
    this.#answers.delete(key);
    // A refusal for a passing reason is not the command's answer: a retry should try again.
    if (!answer.ok && TRANSIENT.has(answer.error.code)) return;
    this.#answers.set(key, answer);
    // Maps iterate in insertion order, so the first key is the oldest answer.
    if (this.#answers.size > this.#capacity) this.#answers.delete(this.#answers.keys().next().value!);
  }
}
