import type { Ack, CommandResult } from '../../shared/protocol.ts';
import type { FakeClient } from './fake-client.svelte.ts';

const queues = new WeakMap<FakeClient, Ack<CommandResult>[]>();

/** Makes the next commands answered `answers`, in turn after any queued before (each still recorded in `sent`); then `client.answer` again. */
export function answerInTurn(client: FakeClient, ...answers: Ack<CommandResult>[]) {
  const queued = queues.get(client);
  if (queued) return void queued.push(...answers);
  const queue = [...answers];
  queues.set(client, queue);
  const send = client.send.bind(client);
  client.send = (async (name, payload) => {
    const fallback = await send(name, payload);
    return queue.shift() ?? fallback;
  }) as FakeClient['send'];
}

/** The server's answer to a claim against the event's focus, in its words. */
export const NEEDS_CONFIRMATION: Ack<CommandResult> = {
  ok: false,
  error: { code: 'needs_confirmation', message: "#102 is a feature request, and this event's focus is “Bug fixes and docs only”. Claim it anyway?" },
};

/**
 * Holds the answer to the `nth` command sent from now (1 for the next) until the test lets go,
 * so it can look at the page, or close and open a panel, while that command waits.
 */
export function holdAnswer(client: FakeClient, nth: number): { sent: Promise<void>; release: () => void } {
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  let told = () => {};
  const sent = new Promise<void>((resolve) => (told = resolve));
  let count = 0;
  const send = client.send.bind(client);
  client.send = (async (name, payload) => {
    const answer = send(name, payload);
    count += 1;
    if (count === nth) {
      told();
      await held;
    }
    return answer;
  }) as FakeClient['send'];
  return { sent, release };
}
