import { decide, type Decision, type DomainCommand } from './domain.ts';
import type { BoardState, Person } from '../../shared/protocol.ts';

/**
 * Whether the server would accept `command` from `me` right now, asked of the
 * same pure `decide` the server runs, on this page's copy of the board. It
 * covers the role table, ownership, a muted or removed person and a closed
 * event in one place. Controls use it to hide what would be refused; the
 * server still has the last word.
 */
export function allowed(board: BoardState, me: Person | undefined, command: DomainCommand): boolean {
  return verdict(board, me, command)?.ok === true;
}

/** The whole answer, refusal message included, for a control that explains why it is off; none for a lurker. */
export function verdict(board: BoardState, me: Person | undefined, command: DomainCommand): Decision | undefined {
  return me && decide(board, me.id, command, { now: Date.now(), nextSeq: board.seq + 1 });
}
