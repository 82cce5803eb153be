/**
 * The chart of the event over time, as data: the stats' series as the arrays uPlot draws, the
 * colours it draws them in (the page's own, so it reads in either scheme), and what the chart
 * says in words. The table under it is made of the same arrays, so it shows what uPlot holds.
 */
import type { StatsPoint } from '../../shared/protocol.ts';
import { clockTime } from './time.ts';

/** The chart's lines, in uPlot's order after the time, each drawn in the colour its CSS property holds. */
export const CHART_LINES = [
  { key: 'done', label: 'Done', colour: '--ok' },
  { key: 'inProgress', label: 'In progress or in review', colour: '--accent' },
] as const;

/** Time in seconds (uPlot's unit), then the number done and the number in progress at it. */
export type ChartData = [at: number[], done: number[], inProgress: number[]];

export function chartData(series: readonly StatsPoint[]): ChartData {
  return [series.map((point) => point.at / 1000), series.map((point) => point.done), series.map((point) => point.inProgress)];
}

/** The chart's points one by one, for its table: the minute in ms, then the counts. */
export function chartRows([at, done, inProgress]: ChartData): { at: number; done: number; inProgress: number }[] {
  return at.map((seconds, index) => ({ at: seconds * 1000, done: done[index]!, inProgress: inProgress[index]! }));
}

/** The least stretch of time the chart spans, in seconds: a first claim alone is a point in an hour, not in years. */
const LEAST_SPAN = 3_600;

/** The chart's time axis from its first point to its last, widened evenly to at least an hour. */
export function timeRange(first: number, last: number): [number, number] {
  const widen = Math.max(0, LEAST_SPAN - (last - first)) / 2;
  return [first - widen, last + widen];
}

/** Nothing worth a chart: no issue has been in progress or done yet. */
export const nothingYet = (series: readonly StatsPoint[]): boolean => series.every((point) => point.done === 0 && point.inProgress === 0);

export interface ChartColours {
  done: string;
  inProgress: string;
  /** The axes' words and numbers. */
  text: string;
  grid: string;
  /** What the chart is drawn on, for the insides of its points. */
  surface: string;
}

/** The colours from the page's custom properties (client/styles.css), which change with the colour scheme. */
export function chartColours(read: (property: string) => string): ChartColours {
  return { done: read('--ok'), inProgress: read('--accent'), text: read('--muted'), grid: read('--border'), surface: read('--surface') };
}

/** What the chart shows, in a sentence, for whoever cannot see it. */
export function chartSummary(series: readonly StatsPoint[]): string {
  const first = series[0];
  const last = series.at(-1);
  if (!first || !last) return 'A chart of issues done and in progress over time: nothing yet.';
  const most = Math.max(...series.map((point) => point.inProgress));
  return (
    `A chart of issues done and in progress over time, from ${clockTime(first.at)} to ${clockTime(last.at)}: ` +
    `${last.done} done and ${last.inProgress} in progress by then, at most ${most} in progress at once.`
  );
}
