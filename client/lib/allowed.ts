import type { Decision, DomainCommand } from './domain.ts';
import type { BoardState, Person } from '../../shared/protocol.ts';
import { loadedDecide } from './rules.ts';

/**
 * Whether the server would accept `command` from `me` right now, asked of the
 * same pure `decide` the server runs, on this page's copy of the board. It
 * covers the role table, ownership, a muted or removed person and a closed
 * event in one place. Controls use it to hide what would be refused; the
 * server still has the last word. Until the rules have loaded (just after the
 * first paint) nothing is allowed, as for a lurker.
 */
export function allowed(board: BoardState, me: Person | undefined, command: DomainCommand): boolean {
  return verdict(board, me, command)?.ok === true;
}

/** The whole answer, refusal message included, for a control that explains why it is off; none for a lurker. */
export function verdict(board: BoardState, me: Person | undefined, command: DomainCommand): Decision | undefined {
  const decide = loadedDecide();
  return me && decide ? decide(board, me.id, command, { now: Date.now(), nextSeq: board.seq + 1 }) : undefined;
}
