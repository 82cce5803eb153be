/**
 * One formatter for every line: toLocaleTimeString builds a new one per call, which shows on a
 * long chat. Made by the first line that needs it, not as the page's script loads: a page's first
 * Intl formatter loads the browser's locale data (20-40 ms in Chromium), which the first screen of
 * cards need not wait for.
 */
let hourMinute: Intl.DateTimeFormat | undefined;

/** Wall-clock HH:MM in the reader's own zone (refusals from the server use UTC instead). */
export function clockTime(ms: number): string {
  hourMinute ??= new Intl.DateTimeFormat([], { hour: '2-digit', minute: '2-digit' });
  return hourMinute.format(ms);
}

/** A coarse "how long": minutes are as precise as a bug day needs. */
export function duration(fromMs: number, nowMs: number): string {
  const minutes = Math.max(0, Math.floor((nowMs - fromMs) / 60_000));
  if (minutes < 1) return 'under a minute';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}
