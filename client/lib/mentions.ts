/** Mentions of the reader (@nick in a chat message): which messages name them, and where in the text. */
import { CHAT_LINKS } from '../../shared/domain/issue-history.ts';
import { mentionedNicks } from './domain.ts';

/** Nicks compare as findPersonByNick compares them. */
const keyOf = (nick: string) => nick.toLocaleLowerCase('en');

/** Whether `text` mentions `nick` with @, in any case. */
export function mentions(text: string, nick: string): boolean {
  if (!text.includes('@')) return false;
  const key = keyOf(nick);
  return mentionedNicks(text).some((named) => keyOf(named) === key);
}

/** Sentence punctuation that ends a mention without being part of it, as mentionedNicks strips it. */
const TRAILING = /[.,:;!?)]+$/;

/**
 * Where `text` mentions `nick`: the [start, end) of each "@nick" as typed. Links are blanked
 * out first, keeping every position, so each remaining word holds at most one mention, at its
 * end (a mention runs to the end of its word): mentionedNicks says whether the word mentions
 * `nick`, and the word's end says where.
 */
export function mentionRanges(text: string, nick: string): [number, number][] {
  if (!text.includes('@')) return [];
  const key = keyOf(nick);
  const outsideLinks = text.replace(CHAT_LINKS, (link: string, url?: string) => (url ? ' '.repeat(link.length) : link));
  const ranges: [number, number][] = [];
  for (const { 0: word, index } of outsideLinks.matchAll(/\S+/g)) {
    if (!mentions(word, nick)) continue;
    const end = word.replace(TRAILING, '').length;
    const start = end - 1 - nick.length;
    if (word[start] === '@' && keyOf(word.slice(start + 1, end)) === key) ranges.push([index + start, index + end]);
  }
  return ranges;
}
