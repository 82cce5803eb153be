import type { IncomingMessage } from 'node:http';

/**
 * Whether a handshake may proceed, judged by its Origin header. Browsers
 * always send Origin on a WebSocket or XHR, so a page on another site is
 * stopped here (the `cors` option would not stop a WebSocket). Clients that
 * are not browsers send none and are let through: they cannot ride a
 * visitor's session, since the token lives in the page's own storage.
 */
export function originAllowed(req: IncomingMessage, allowed: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  if (allowed.includes(parsed.origin)) return true;
  // Same origin: the page was served by this very host (behind a proxy the scheme may differ, the host does not).
  return parsed.host === req.headers.host;
}
