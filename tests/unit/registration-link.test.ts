import { describe, expect, it } from 'vitest';
import { registrationLink, takeRegistration } from '../../client/lib/registration-link.ts';

describe('the registration link', () => {
  const page = (href: string) => {
    const url = new URL(href);
    const history = { state: { kept: true }, replaced: [] as string[], replaceState(_state: unknown, _unused: string, to: string) { this.replaced.push(to); } };
    return { location: url as unknown as Location, history };
  };

  it('is this page with the code and the nick in its fragment, and is read back', () => {
    const link = registrationLink({ origin: 'https://bugday.example.org', pathname: '/autumn' }, { code: 'r7.abc_-', nick: 'bea & co' });
    expect(link).toBe('https://bugday.example.org/autumn#join=r7.abc_-&nick=bea+%26+co');
    const { location, history } = page(`${link.replace('#', '?q=crash#')}`);
    expect(takeRegistration(location, history as unknown as History)).toEqual({ code: 'r7.abc_-', nick: 'bea & co' });
    expect(history.replaced).toEqual(['/autumn?q=crash']);
  });

  it('leaves the rest of the fragment, and an address without a code, as they were', () => {
    const other = page('https://bugday.example.org/#join=r7.x&nick=bea&organizer-key=k');
    expect(takeRegistration(other.location, other.history as unknown as History)).toEqual({ code: 'r7.x', nick: 'bea' });
    expect(other.history.replaced).toEqual(['/#organizer-key=k']);
    const plain = page('https://bugday.example.org/#/issue/12');
    expect(takeRegistration(plain.location, plain.history as unknown as History)).toBeUndefined();
    expect(plain.history.replaced).toEqual([]);
  });

  it('takes an empty code out, and answers nothing for it', () => {
    const empty = page('https://bugday.example.org/#join=&nick=bea');
    expect(takeRegistration(empty.location, empty.history as unknown as History)).toBeUndefined();
    expect(empty.history.replaced).toEqual(['/']);
  });
});
