import type { Ack, Refusal } from '../../shared/protocol.ts';

export type Reply<T> = (answer: Ack<T>) => void;

/**
 * Takes apart what a client emitted: exactly one payload and an ack callback.
 * Returns undefined when there is no callback, since there is then nobody to
 * answer and a command whose outcome its sender cannot learn is not run.
 */
export function inbound<T>(args: unknown[]): { payload: unknown; reply: Reply<T>; extra: boolean } | undefined {
  const last = args.at(-1);
  if (typeof last !== 'function') return undefined;
  const reply = once(last as Reply<T>);
  return { payload: args[0], reply, extra: args.length !== 2 };
}

export const refusal = (code: Refusal['code'], message: string): Ack<never> => ({ ok: false, error: { code, message } });

/** A client can only be answered once; a second answer would be a bug on our side, not theirs. */
function once<T>(reply: Reply<T>): Reply<T> {
  let answered = false;
  return (answer) => {
    if (answered) return;
    answered = true;
    reply(answer);
  };
}
