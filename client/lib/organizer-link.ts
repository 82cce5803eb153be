/**
 * The organizer link carries its key in the fragment (`#organizer-key=…`), which
 * browsers never send to a server. It is taken out of the address at once, with
 * replaceState, so it stays neither in the URL bar nor in the history.
 */
const PARAM = 'organizer-key';

export function takeOrganizerKey(location: Location = window.location, history: History = window.history): string | undefined {
  const hash = location.hash.replace(/^#/, '');
  if (!hash) return undefined;
  const params = new URLSearchParams(hash);
  if (!params.has(PARAM)) return undefined;
  const key = params.get(PARAM)?.trim() ?? '';
  params.delete(PARAM);
  const rest = params.toString();
  history.replaceState(history.state, '', `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`);
  return key || undefined;
}
