import { FIRST_SYNC_ELEMENT, type SyncPayload } from '../../shared/protocol.ts';

/**
 * The board the server put in the page (see FIRST_SYNC_ELEMENT), taken out of
 * the DOM once read. Without it (the Vite dev server, an old page) or when it
 * does not parse, `undefined`: the socket's own sync then does the job.
 */
export function readFirstSync(doc: Document = document): SyncPayload | undefined {
  const element = doc.getElementById(FIRST_SYNC_ELEMENT);
  if (!element) return undefined;
  element.remove();
  try {
    const payload = JSON.parse(element.textContent ?? '') as Partial<SyncPayload> | null;
    const whole =
      typeof payload?.seq === 'number' &&
      typeof payload.log === 'string' &&
      ('snapshot' in payload ? typeof payload.snapshot === 'object' && payload.snapshot !== null : Array.isArray((payload as { events?: unknown }).events));
    return whole ? (payload as SyncPayload) : undefined;
  } catch {
    return undefined;
  }
}
