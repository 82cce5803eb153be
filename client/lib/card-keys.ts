/** The board's keys, read off a keydown on a card: walking the cards, and moving one without a select. */
import { COLUMNS, type Column, type Issue } from '../../shared/protocol.ts';

export type CardKey = { kind: 'row' | 'column' | 'move'; step: 1 | -1 };

const KEYS: Record<string, CardKey> = {
  j: { kind: 'row', step: 1 },
  ArrowDown: { kind: 'row', step: 1 },
  k: { kind: 'row', step: -1 },
  ArrowUp: { kind: 'row', step: -1 },
  l: { kind: 'column', step: 1 },
  ArrowRight: { kind: 'column', step: 1 },
  h: { kind: 'column', step: -1 },
  ArrowLeft: { kind: 'column', step: -1 },
  ']': { kind: 'move', step: 1 },
  '[': { kind: 'move', step: -1 },
};

export const cardKey = (key: string): CardKey | undefined => (Object.hasOwn(KEYS, key) ? KEYS[key] : undefined);

/** The nearest column on (step 1) or back (step -1) from the card's own that the person may move it to. */
export function nextTarget(issue: Issue, targets: readonly Column[], step: 1 | -1): Column | undefined {
  const from = COLUMNS.indexOf(issue.column);
  const ahead = targets.filter((column) => Math.sign(COLUMNS.indexOf(column) - from) === step);
  return step > 0 ? ahead[0] : ahead.at(-1);
}

/** The board's shortcuts, for the `?` list. */
export const SHORTCUTS: { keys: string; what: string }[] = [
  { keys: 'j / ↓, k / ↑', what: 'Next or previous card in the column' },
  { keys: 'l / →, h / ←', what: 'The card beside it in the next or previous column' },
  { keys: 'Enter', what: 'Open the card: its details, records and every action' },
  { keys: ']  [', what: 'Move the card one column on or back (where you may)' },
  { keys: 'Escape', what: 'Close the card, a menu or a dialog' },
  { keys: '?', what: 'This list' },
];
