import { createSubscriber } from 'svelte/reactivity';

const TICK_MS = 15_000;

// Only ticks while some component reads it, so an idle page or a test sets no timer it cannot see.
const subscribe = createSubscriber((update) => {
  const timer = setInterval(update, TICK_MS);
  return () => clearInterval(timer);
});

/** The current time, re-read by any template or $derived that calls it every few seconds. */
export function now(): number {
  subscribe();
  return Date.now();
}
