import { describe, expect, it } from 'vitest';
import { cardKey, nextTarget } from '../../client/lib/card-keys.ts';
import { issueByKey, issueHref, issueKey } from '../../client/lib/issue-route.ts';
import { emptyState } from '../../shared/domain/index.ts';
import type { Column, Issue } from '../../shared/protocol.ts';

const issue = (id: string, column: Column, number?: number): Issue => ({
  id,
  title: id,
  type: 'bug',
  labels: [],
  column,
  createdBy: 'p1',
  createdAt: 0,
  patches: [],
  reports: [],
  checks: [],
  ...(number !== undefined ? { number } : {}),
});

describe('a card’s address', () => {
  const board = emptyState();
  board.issues = { i1: issue('i1', 'open', 4191), i2: issue('i2', 'open'), i3: issue('i3', 'open', 2) };
  board.issueOrder = ['i1', 'i2', 'i3'];

  it('is its tracker number, or its id without one, and reads back to the card', () => {
    expect(issueHref(board.issues.i1!)).toBe('#/issue/4191');
    expect(issueHref(board.issues.i2!)).toBe('#/issue/i2');
    expect(issueByKey(board, issueKey('#/issue/4191')!)?.id).toBe('i1');
    expect(issueByKey(board, issueKey('#/issue/i2')!)?.id).toBe('i2');
  });

  it.each(['', '#', '#/issue/', '#organizer-key=abc', '#issue-i1', '#/issues/1'])('%j names no card', (hash) => {
    expect(issueKey(hash)).toBeUndefined();
  });

  it.each(['999', 'i99', 'constructor', '__proto__', 'toString'])('%s finds nothing on the board', (key) => {
    expect(issueByKey(board, key)).toBeUndefined();
  });
});

describe('moving a card by keyboard', () => {
  it('reads j/k/h/l, the arrows and [ ] and nothing else', () => {
    expect(cardKey('j')).toEqual({ kind: 'row', step: 1 });
    expect(cardKey('ArrowUp')).toEqual({ kind: 'row', step: -1 });
    expect(cardKey('l')).toEqual({ kind: 'column', step: 1 });
    expect(cardKey(']')).toEqual({ kind: 'move', step: 1 });
    expect(cardKey('[')).toEqual({ kind: 'move', step: -1 });
    for (const key of ['Enter', 'x', 'constructor', 'J']) expect(cardKey(key)).toBeUndefined();
  });

  it.each<[Column, Column[], 1 | -1, Column | undefined]>([
    ['in-progress', ['open', 'review'], 1, 'review'],
    ['in-progress', ['open', 'review'], -1, 'open'],
    // A participant's card in review: on is a mentor's call, so there is nowhere on to go.
    ['review', ['open', 'in-progress'], 1, undefined],
    ['review', ['open', 'in-progress'], -1, 'in-progress'],
    // The nearest allowed column, skipping those the person may not use.
    ['open', ['review', 'done'], 1, 'review'],
    ['done', ['open', 'in-progress'], -1, 'in-progress'],
  ])('from %s with targets %j, step %i goes to %s', (from, targets, step, to) => {
    expect(nextTarget(issue('i1', from), targets, step)).toBe(to);
  });
});
