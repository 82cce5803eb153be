import { describe, expect, it } from 'vitest';
import { emptyState } from '../../shared/domain/index.ts';
import type { EventStats, StatsPoint } from '../../shared/protocol.ts';
import { chartColours, chartData, chartRows, chartSummary, nothingYet, timeRange } from '../../client/lib/stats-chart.ts';
import { columnRows, leaderRows, soFarRows } from '../../client/lib/stats-numbers.ts';
import { clockTime } from '../../client/lib/time.ts';

const MINUTE = 60_000;
const T = Date.UTC(2026, 2, 14, 9);
const series: StatsPoint[] = [
  { at: T, done: 0, inProgress: 1 },
  { at: T + 5 * MINUTE, done: 0, inProgress: 3 },
  { at: T + 42 * MINUTE, done: 2, inProgress: 1 },
];

function stats(overrides: Partial<EventStats> = {}): EventStats {
  return {
    seq: 9,
    columns: { open: 4, 'in-progress': 1, review: 0, ready: 0, done: 2 },
    totals: { claims: 3, patches: 2, reports: 1, checks: 0, helpRaised: 2, helpResolved: 1, newcomersHelped: 1 },
    helpWait: { median: 4.5, p90: 75 },
    leaders: [
      { personId: 'p1', done: 2 },
      { personId: 'p2', done: 1 },
    ],
    series,
    ...overrides,
  };
}

describe('the chart’s data', () => {
  it('is the series as uPlot takes it: seconds, then done, then in progress', () => {
    expect(chartData(series)).toEqual([[T / 1000, T / 1000 + 300, T / 1000 + 2520], [0, 0, 2], [1, 3, 1]]);
    expect(chartData([])).toEqual([[], [], []]);
  });

  it('reads back, point by point, as the series it came from, for the table', () => {
    expect(chartRows(chartData(series))).toEqual(series);
  });

  it('spans at least an hour, so a first claim alone is a point in its hour', () => {
    expect(timeRange(10_000, 10_000)).toEqual([8_200, 11_800]);
    expect(timeRange(10_000, 11_200)).toEqual([8_800, 12_400]);
    expect(timeRange(10_000, 20_000)).toEqual([10_000, 20_000]);
  });

  it('is nothing worth drawing until an issue has been in progress', () => {
    expect(nothingYet([])).toBe(true);
    expect(nothingYet([{ at: T, done: 0, inProgress: 0 }])).toBe(true);
    expect(nothingYet(series)).toBe(false);
  });

  it('takes its colours from the page’s custom properties', () => {
    const page: Record<string, string> = { '--ok': '#1a7f37', '--accent': '#0b5cc4', '--muted': '#4f5862', '--border': '#c3cbd4', '--surface': '#ffffff' };
    expect(chartColours((property) => page[property]!)).toEqual({ done: '#1a7f37', inProgress: '#0b5cc4', text: '#4f5862', grid: '#c3cbd4', surface: '#ffffff' });
  });

  it('says in a sentence what it shows', () => {
    expect(chartSummary(series)).toBe(
      `A chart of issues done and in progress over time, from ${clockTime(T)} to ${clockTime(T + 42 * MINUTE)}: 2 done and 1 in progress by then, at most 3 in progress at once.`,
    );
    expect(chartSummary([])).toBe('A chart of issues done and in progress over time: nothing yet.');
  });
});

describe('the Stats view’s numbers', () => {
  it('lists the columns in the board’s order', () => {
    expect(columnRows(stats())).toEqual([
      ['Open', '4'],
      ['In progress', '1'],
      ['Needs review', '0'],
      ['Ready to commit', '0'],
      ['Done', '2'],
    ]);
  });

  it('words what was done so far and the waits for help', () => {
    expect(soFarRows(stats())).toEqual([
      ['Claims', '3'],
      ['Patches', '2'],
      ['Test reports', '1'],
      ['Branch checks', '0'],
      ['Help flags raised', '2'],
      ['Help flags resolved', '1'],
      ['Newcomers helped', '1'],
      ['Median wait for help', '4 min'],
      ['90th percentile wait for help', '1 h 15 min'],
    ]);
    expect(soFarRows(stats({ helpWait: { median: undefined, p90: undefined } })).slice(-2)).toEqual([
      ['Median wait for help', 'none taken yet'],
      ['90th percentile wait for help', 'none taken yet'],
    ]);
  });

  it('names the leaders as the board does, leaving out at once whoever asked not to be listed since', () => {
    const board = emptyState();
    board.people.p1 = { id: 'p1', nick: 'ana', role: 'participant', joinedAt: T };
    board.people.p2 = { id: 'p2', nick: 'bob', role: 'participant', joinedAt: T };
    expect(leaderRows(stats(), board)).toEqual([
      { personId: 'p1', nick: 'ana', done: 2 },
      { personId: 'p2', nick: 'bob', done: 1 },
    ]);
    board.people.p1.unlisted = true;
    expect(leaderRows(stats(), board).map((row) => row.nick)).toEqual(['bob']);
  });
});
