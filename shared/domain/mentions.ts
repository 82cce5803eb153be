/**
 * Who a chat line names with @. Its own module, beside the slash commands rather than in them:
 * every page shows mentions, and only someone who has joined types commands.
 */
import { LIMITS } from '../protocol.ts';
import { CHAT_LINKS } from './issue-history.ts';

/**
 * An @ with no letter or digit glued before it, so a@b.c is an address and
 * not a mention; Unicode-aware, for josé@example.org too.
 */
const MENTION = /(?<![\p{L}\p{M}\p{N}_])@([^\s\p{C}]+)/gu;

/**
 * The nicks `text` mentions with @, without the @ and as typed, each once
 * (compared as findPersonByNick compares nicks), in order. Punctuation that
 * ends a sentence or a bracket is not part of the nick.
 */
export function mentionedNicks(text: string): string[] {
  // An @ inside a link is the link's, as a # is (CHAT_LINKS): https://example.org/@ana names no one here.
  const outsideLinks = text.replace(CHAT_LINKS, (link: string, url?: string) => (url ? ' ' : link));
  const nicks = new Map<string, string>();
  for (const [, run = ''] of outsideLinks.matchAll(MENTION)) {
    const nick = run.replace(/[.,:;!?)]+$/, '');
    const key = nick.toLocaleLowerCase('en');
    if (nick && [...nick].length <= LIMITS.nick && !nicks.has(key)) nicks.set(key, nick);
  }
  return [...nicks.values()];
}
