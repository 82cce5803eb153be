import { allowed } from './allowed.ts';
import { COLUMNS, type BoardState, type Column, type Issue, type Person } from '../../shared/protocol.ts';

/**
 * The columns `me` may move `issue` to, as decide sees it: mentors move any
 * card anywhere; others move their own, but not to Ready or Done; nobody moves
 * anything in a closed event.
 */
export function moveTargets(board: BoardState, issue: Issue, me: Person | undefined): Column[] {
  if (!me) return [];
  return COLUMNS.filter(
    (column) => column !== issue.column && allowed(board, me, { name: 'issue:move', payload: { issueId: issue.id, column } }),
  );
}
