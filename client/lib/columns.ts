import { isReopen } from './moves.ts';
import type { Column, Issue } from '../../shared/protocol.ts';

/** What a person calls each column; the ids stay the protocol's. */
export const COLUMN_LABELS: Record<Column, string> = {
  open: 'Open',
  'in-progress': 'In progress',
  review: 'Needs review',
  ready: 'Ready to commit',
  done: 'Done',
};

/** Taking a card out of Ready to commit or Done is a reopen, a mentor's explicit step, and is called that. */
export const moveLabel = (issue: Pick<Issue, 'column'>, to: Column): string =>
  `${isReopen(issue, to) ? 'Reopen to' : 'Move to'} ${COLUMN_LABELS[to]}`;
