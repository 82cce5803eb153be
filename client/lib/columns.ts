import { COLUMN_LABELS } from './domain.ts';
import { isReopen } from './moves.ts';
import type { Column, Issue } from '../../shared/protocol.ts';

/** Taking a card out of Ready to commit or Done is a reopen, a mentor's explicit step, and is called that. */
export const moveLabel = (issue: Pick<Issue, 'column'>, to: Column): string =>
  `${isReopen(issue, to) ? 'Reopen to' : 'Move to'} ${COLUMN_LABELS[to]}`;
