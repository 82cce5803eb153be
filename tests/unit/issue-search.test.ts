import { describe, expect, it } from 'vitest';
import type { Issue } from '../../shared/protocol.ts';
import { issueLabel, matchIssues } from '../../client/lib/issue-search.ts';

const issue = (id: string, title: string, number?: number): Issue => ({
  id,
  title,
  ...(number !== undefined ? { number } : {}),
  type: 'bug',
  labels: [],
  column: 'open',
  createdBy: 'p1',
  createdAt: 0,
  patches: [],
  reports: [],
  checks: [],
});

const board = [
  issue('a', 'Settings dialog crashes', 1201),
  issue('b', 'Crash on save', 12),
  issue('c', 'Dark theme for settings', 120),
  issue('d', 'Typo in docs'),
  issue('e', 'Unicode crash in the crash reporter', 3120),
];
const ids = (query: string, limit = 10) => matchIssues(board, query, limit).shown.map((match) => match.id);

describe('matchIssues', () => {
  it('ranks an exact number before numbers that start with it; "#" means a number only', () => {
    expect(ids('120')).toEqual(['c', 'a']);
    expect(ids('#12')).toEqual(['b', 'a', 'c']);
    expect(ids('#312')).toEqual(['e']);
    expect(ids('#999')).toEqual([]);
  });

  it('ranks a title that starts with the words before a word that does before anywhere, ties in board order', () => {
    expect(ids('crash')).toEqual(['b', 'a', 'e']);
    expect(ids('rash')).toEqual(['a', 'b', 'e']);
    expect(ids('SETTINGS')).toEqual(['a', 'c']);
  });

  it('wants every word to match', () => {
    expect(ids('crash settings')).toEqual(['a']);
    // The weaker of its words ranks an issue: a title that starts "settings" beats a later word.
    expect(ids('settings 120')).toEqual(['a', 'c']);
  });

  it('keeps the board order for an empty query, and counts what it leaves out', () => {
    expect(matchIssues(board, '  ', 2)).toEqual({ shown: [board[0], board[1]], more: 3 });
    expect(matchIssues(board, 'crash', 1)).toEqual({ shown: [board[1]], more: 2 });
  });

  it('labels an issue by number and title', () => {
    expect(issueLabel(board[1]!)).toBe('#12 Crash on save');
    expect(issueLabel(board[3]!)).toBe('Typo in docs');
  });
});
