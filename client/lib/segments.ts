/**
 * Splits user text into plain text, links, issue references and mentions of
 * the reader. The chat renders these with {#each}, never {@html}, so nothing a
 * person types can become markup.
 */
// The rule is shared: a card's history lists a chat line exactly when the line links that card.
import { CHAT_LINKS } from '../../shared/domain/issue-history.ts';
import { mentionRanges } from './mentions.ts';

export type Segment =
  | { kind: 'text'; text: string }
  | { kind: 'url'; text: string; href: string }
  | { kind: 'issue'; text: string; number: number }
  /** "@ana", as typed, where ana is the reader. */
  | { kind: 'mention'; text: string };

// Sentence punctuation after a URL is almost never part of it.
const TRAILING = /[.,;:!?'")\]]+$/;

/** `me`: the reader's nick, whose @mentions become segments of their own. */
export function segments(text: string, me?: string): Segment[] {
  const out: Segment[] = [];
  const mentions = me ? mentionRanges(text, me) : [];
  let last = 0;
  const pushText = (upTo: number) => {
    // A mention lies outside links by its own rule; one that still overlaps a link stays the link's text.
    for (const [start, end] of mentions) {
      if (start < last || end > upTo) continue;
      if (start > last) out.push({ kind: 'text', text: text.slice(last, start) });
      out.push({ kind: 'mention', text: text.slice(start, end) });
      last = end;
    }
    if (upTo > last) out.push({ kind: 'text', text: text.slice(last, upTo) });
  };
  for (const match of text.matchAll(CHAT_LINKS)) {
    const start = match.index;
    if (match[1] !== undefined) {
      const href = match[1].replace(TRAILING, '');
      pushText(start);
      out.push({ kind: 'url', text: href, href });
      last = start + href.length;
    } else {
      pushText(start);
      out.push({ kind: 'issue', text: match[0], number: Number(match[2]) });
      last = start + match[0].length;
    }
  }
  pushText(text.length);
  return out;
}
