import { allowed } from './allowed.ts';
import { reopens } from '../../shared/domain/rules.ts';
import { COLUMNS, type BoardState, type Column, type Issue, type Person } from '../../shared/protocol.ts';

/**
 * The columns `me` may move `issue` to, as decide sees it: mentors move any
 * card anywhere; others move their own among Open, In progress and Review, and
 * never a card out of Ready to commit or Done; nobody moves anything in a
 * closed event.
 */
export function moveTargets(board: BoardState, issue: Issue, me: Person | undefined): Column[] {
  if (!me) return [];
  return COLUMNS.filter(
    (column) => column !== issue.column && allowed(board, me, { name: 'issue:move', payload: { issueId: issue.id, column } }),
  );
}

/** Whether moving `issue` to `column` takes finished work back (a mentor's "Reopen"), so a control can say so. */
export const isReopen = (issue: Pick<Issue, 'column'>, column: Column): boolean => reopens(issue.column, column);
