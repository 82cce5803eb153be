/** The Stats view's numbers as the rows of its tables, worded for people. */
import { COLUMNS, type BoardState, type EventStats } from '../../shared/protocol.ts';
import { COLUMN_LABELS, nickOf } from './domain.ts';
import { duration } from './time.ts';

export type Row = [label: string, value: string];

/** Issues per column now, in the board's order. */
export const columnRows = (stats: EventStats): Row[] => COLUMNS.map((column) => [COLUMN_LABELS[column], String(stats.columns[column])]);

const waited = (minutes: number | undefined) => (minutes === undefined ? 'none taken yet' : duration(0, minutes * 60_000));

/** What has been done so far, and how long help took to come. */
export function soFarRows({ totals, helpWait }: EventStats): Row[] {
  return [
    ['Claims', String(totals.claims)],
    ['Patches', String(totals.patches)],
    ['Test reports', String(totals.reports)],
    ['Branch checks', String(totals.checks)],
    ['Help flags raised', String(totals.helpRaised)],
    ['Help flags resolved', String(totals.helpResolved)],
    ['Newcomers helped', String(totals.newcomersHelped)],
    ['Median wait for help', waited(helpWait.median)],
    ['90th percentile wait for help', waited(helpWait.p90)],
  ];
}

/**
 * The people with the most done, named as the board names them. Whoever asked not to be listed
 * since the stats were fetched is left out at once rather than at the next fetch.
 */
export const leaderRows = (stats: EventStats, board: BoardState): { personId: string; nick: string; done: number }[] =>
  stats.leaders.filter(({ personId }) => !board.people[personId]?.unlisted).map(({ personId, done }) => ({ personId, nick: nickOf(board, personId), done }));
