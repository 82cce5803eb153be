/**
 * A card's detail panel has an address of its own, `#/issue/<number or id>`,
 * so a link pasted into chat or a fresh page opens the same card. The tracker
 * number is what people type and share; the id covers cards without one.
 */
import type { BoardState, Issue } from '../../shared/protocol.ts';
import { issueNumbered, ISSUE_ROUTE as PREFIX } from './domain.ts';

export { issueHref } from './domain.ts';

/** The number or id a hash names, if it is a card's address. */
export function issueKey(hash: string): string | undefined {
  if (!hash.startsWith(PREFIX)) return undefined;
  const key = decodeURIComponent(hash.slice(PREFIX.length)).trim();
  return key || undefined;
}

/** The card a key names: a tracker number first (what people share), else an id. */
export function issueByKey(board: BoardState, key: string): Issue | undefined {
  const numbered = /^\d+$/.test(key) ? issueNumbered(board, Number(key)) : undefined;
  return numbered ?? (Object.hasOwn(board.issues, key) ? board.issues[key] : undefined);
}
