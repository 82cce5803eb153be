/**
 * The link a registration is answered with: this page's address with the code
 * that claims the registration, and the nick it was made for, in the fragment
 * (`#join=…&nick=…`), which browsers never send to a server. Opened later, it
 * fills the Join dialog. Like the organizer link it is taken out of the address
 * as soon as it is read, so the code stays neither in the URL bar nor in the history.
 */
const CODE = 'join';
const NICK = 'nick';

export interface RegistrationLink {
  code: string;
  nick: string;
}

export function registrationLink(page: Pick<Location, 'origin' | 'pathname'>, { code, nick }: RegistrationLink): string {
  return `${page.origin}${page.pathname}#${new URLSearchParams({ [CODE]: code, [NICK]: nick })}`;
}

/** The registration a link opened this page with, if it did; the rest of the fragment is left as it was. */
export function takeRegistration(location: Location = window.location, history: History = window.history): RegistrationLink | undefined {
  const params = new URLSearchParams(location.hash.replace(/^#/, ''));
  if (!params.has(CODE)) return undefined;
  const code = params.get(CODE)!.trim();
  const nick = params.get(NICK)?.trim() ?? '';
  params.delete(CODE);
  params.delete(NICK);
  const rest = params.toString();
  history.replaceState(history.state, '', `${location.pathname}${location.search}${rest ? `#${rest}` : ''}`);
  return code ? { code, nick } : undefined;
}
