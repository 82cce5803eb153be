import type { Ack, ClientToServerEvents, Refusal } from '../../shared/protocol.ts';
import type { Parsed } from '../../shared/schemas.ts';
import type { BugdaySocket, ServerContext } from '../context.ts';

export type Reply<T> = (answer: Ack<T>) => void;

export const refusal = (code: Refusal['code'], message: string): Ack<never> => ({ ok: false, error: { code, message } });

const RATE_LIMITED = refusal('rate_limited', 'Slow down: you are sending too fast. Wait a moment and try again.');

/**
 * The door every inbound message goes through: exactly one payload and an ack
 * callback, within the sender's rate, and parsed by its schema. Anything else
 * is answered here and goes no further. Returns undefined when there is no
 * callback, since there is then nobody to answer, and a command whose outcome
 * its sender cannot learn is not run.
 */
export function receive<P, T>(
  ctx: ServerContext,
  socket: BugdaySocket,
  name: keyof ClientToServerEvents,
  args: unknown[],
  parse: (payload: unknown) => Parsed<P>,
): { value: P; reply: Reply<T> } | undefined {
  const last = args.at(-1);
  if (typeof last !== 'function') return undefined;
  const reply = once(last as Reply<T>, ctx.metrics.commandReceived(name));
  if (args.length !== 2) return void reply(refusal('invalid_payload', `${name} takes one payload object and a callback.`));
  // Counted before parsing: a flood of garbage costs the sender, not everyone else.
  const who = { personId: socket.data.personId, connectionId: socket.id, address: socket.data.address };
  if (!ctx.limits.allow(who, name)) return void reply(RATE_LIMITED);
  const parsed = parse(args[0]);
  if (!parsed.ok) return void reply(parsed);
  return { value: parsed.value, reply };
}

/** Answers a message with a callback that names no command. */
export function replyUnknown(ctx: ServerContext, name: unknown, args: unknown[]) {
  const last = args.at(-1);
  if (typeof last !== 'function') return;
  const reply = once(last as Reply<never>, ctx.metrics.commandReceived('unknown'));
  reply(refusal('unknown_command', `bugday has no command called ${String(name).slice(0, 40)}.`));
}

/**
 * A client can only be answered once; a second answer would be a bug on our side, not theirs.
 * `answered` hears the one answer, for the metrics.
 */
function once<T>(reply: Reply<T>, answered: (answer: Ack<T>) => void): Reply<T> {
  let done = false;
  return (answer) => {
    if (done) return;
    done = true;
    reply(answer);
    answered(answer);
  };
}
