import type { Column } from '../../shared/protocol.ts';

/** What a person calls each column; the ids stay the protocol's. */
export const COLUMN_LABELS: Record<Column, string> = {
  open: 'Open',
  'in-progress': 'In progress',
  review: 'Needs review',
  ready: 'Ready to commit',
  done: 'Done',
};
