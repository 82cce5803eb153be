/**
 * The one place that knows uPlot: draws the event's chart on a canvas in `target` and keeps it
 * as wide as `target`. It is only ever loaded with the Stats view, never with the first screen.
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { CHART_LINES, timeRange, type ChartColours, type ChartData } from './stats-chart.ts';

export interface Chart {
  /** New numbers, drawn on the same canvas: nothing is rebuilt, so nothing flickers. */
  update(data: ChartData): void;
  /** The colour scheme changed: the same chart, in the new colours. */
  restyle(colours: ChartColours): void;
  destroy(): void;
}

export type DrawChart = (target: HTMLElement, data: ChartData, colours: ChartColours) => Chart;

const HEIGHT = 220;
// Counts of issues: whole numbers on the axis, however few.
const WHOLE_STEPS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1_000, 2_000, 5_000];

export const drawChart: DrawChart = (target, data, colours) => {
  let current = colours;
  // Functions, read at every draw, so a change of scheme needs only a redraw.
  const axis = (): uPlot.Axis => ({
    stroke: () => current.text,
    grid: { stroke: () => current.grid, width: 1 },
    ticks: { stroke: () => current.grid, width: 1 },
  });
  // A count holds until the next change: steps, not slopes, between the minutes it changed in.
  const steps = uPlot.paths.stepped!({ align: 1 });
  const plot = new uPlot(
    {
      width: target.clientWidth,
      height: HEIGHT,
      // The page says what the lines are and shows the numbers in a table; uPlot's legend and zoom are not needed.
      legend: { show: false },
      cursor: { show: false, drag: { x: false, y: false } },
      // From the data itself: for a lone point uPlot offers a range of a thousand days (its 86400 ÷ 1e-3).
      scales: { x: { time: true, range: (self) => timeRange(self.data[0][0] ?? 0, self.data[0].at(-1) ?? 0) }, y: { range: (_plot, _min, max) => [0, Math.max(4, Math.ceil(max * 1.1))] } },
      series: [
        {},
        ...CHART_LINES.map(({ key, label }) => ({
          label,
          stroke: () => current[key],
          width: 2,
          paths: steps,
          points: { fill: () => current.surface },
          // In progress is dashed, so the two lines differ by more than their colour.
          ...(key === 'inProgress' ? { dash: [6, 4] } : {}),
        })),
      ],
      axes: [axis(), { ...axis(), incrs: WHOLE_STEPS, values: (_plot, splits) => splits.map(String) }],
    },
    data,
    target,
  );
  const resize = new ResizeObserver(() => plot.setSize({ width: target.clientWidth, height: HEIGHT }));
  resize.observe(target);
  return {
    update: (next) => plot.setData(next),
    restyle: (next) => {
      current = next;
      plot.redraw(false);
    },
    destroy: () => {
      resize.disconnect();
      plot.destroy();
    },
  };
};
