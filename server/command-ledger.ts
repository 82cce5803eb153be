import type { Ack, CommandResult, ErrorCode } from '../shared/protocol.ts';

type Answer = Ack<CommandResult>;

/** A command as its sender named it: what a retry repeats. */
export interface NamedCommand {
  personId: string;
  commandId: string;
}

const TRANSIENT = new Set<ErrorCode>(['storage_unavailable', 'rate_limited', 'internal_error']);

/** How many answers are remembered, by the ledger and by the board each. */
const REMEMBERED_COMMANDS = 50_000;

export const commandKey = ({ personId, commandId }: NamedCommand) => `${personId}\u0000${commandId}`;

/** Sets `key` as the newest entry, forgetting the oldest beyond REMEMBERED_COMMANDS. */
export function remember<V>(map: Map<string, V>, key: string, value: V) {
  map.delete(key);
  map.set(key, value);
  // Maps iterate in insertion order, so the first key is the oldest.
  if (map.size > REMEMBERED_COMMANDS) map.delete(map.keys().next().value!);
}

/**
 * Makes a retried command (same person, same commandId) act once. A retry
 * that arrives while the first try is still running waits for its answer. A
 * command that took effect is remembered by the board, durably, with its
 * events; what is remembered here, in memory, is a refusal, which changed
 * nothing and so is not worth a write.
 */
export class CommandLedger {
  readonly #refusals = new Map<string, Answer>();
  readonly #running = new Map<string, Array<(answer: Answer) => void>>();

  /**
   * Runs `run` unless the same command is running or was refused; those
   * calls get the first call's answer. Without a commandId there is nothing to remember.
   */
  once(
    personId: string,
    commandId: string | undefined,
    reply: (answer: Answer) => void,
    run: (done: (answer: Answer) => void, named?: NamedCommand) => void,
  ) {
    if (commandId === undefined) return run(reply);
    const named = { personId, commandId };
    const key = commandKey(named);
    const waiting = this.#running.get(key);
    if (waiting) return void waiting.push(reply);
    const refused = this.#refusals.get(key);
    if (refused) return reply(refused);
    const waiters = [reply];
    this.#running.set(key, waiters);
    run((answer) => {
      this.#running.delete(key);
      // A refusal for a passing reason is not the command's answer: a retry should try again.
      if (!answer.ok && !TRANSIENT.has(answer.error.code)) remember(this.#refusals, key, answer);
      for (const waiter of waiters) waiter(answer);
    }, named);
  }
}
