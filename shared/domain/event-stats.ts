/**
 * The event at a glance, folded from the log: what is where now, what has
 * been done so far, and how the day went over time (issues done and in
 * progress). The server keeps one fold beside the board and answers
 * `stats:get` from it; the fold reads each issue's column off the state
 * after each event, so it never second-guesses `apply`.
 */
import { COLUMNS, type BoardState, type Column, type DomainEvent, type EventStats, type StatsPoint } from '../protocol.ts';
import { MINUTE_MS } from './clock.ts';
import { helpStats } from './help-queue.ts';
import { issueOf } from './issue-history.ts';

/** The columns the chart counts as work in progress: claimed and not yet finished. */
const IN_PROGRESS = new Set<Column>(['in-progress', 'review']);
/** People shown as having done the most. */
export const LEADERS_SHOWN = 10;

export class StatsFold {
  readonly #columns = new Map<string, Column>();
  readonly #totals = { claims: 0, patches: 0, reports: 0, checks: 0, helpRaised: 0 };
  readonly #series: StatsPoint[] = [];
  #done = 0;
  #inProgress = 0;

  /** Folds `event`, already applied to `state`. */
  add(event: DomainEvent, state: BoardState) {
    this.#count(event);
    // Removing a person can release every card they held; anything else moves at most the card it names.
    const touched = event.type === 'person.removed' ? state.issueOrder : [issueOf(event)];
    for (const id of touched) if (id !== undefined) this.#place(id, state.issues[id]?.column);
    this.#mark(event.at);
  }

  /** The stats as of `state`, the board this fold has reached. */
  stats(state: BoardState): EventStats {
    const columns = Object.fromEntries(COLUMNS.map((c) => [c, 0])) as Record<Column, number>;
    for (const id of state.issueOrder) columns[state.issues[id]!.column] += 1;
    const help = helpStats(state);
    const newcomersHelped = new Set(
      Object.values(state.help)
        .filter((f) => f.status === 'resolved' && state.people[f.by]?.firstTime)
        .map((f) => f.by),
    ).size;
    return {
      seq: state.seq,
      columns,
      totals: { ...this.#totals, helpResolved: help.resolved, newcomersHelped },
      helpWait: { median: help.medianWait, p90: help.p90Wait },
      leaders: leaders(state),
      series: this.#series.map((point) => ({ ...point })),
    };
  }

  #count(event: DomainEvent) {
    if (event.type === 'issue.claimed' || event.type === 'issue.assigned') this.#totals.claims += 1;
    else if (event.type === 'issue.patched') this.#totals.patches += 1;
    else if (event.type === 'issue.tested') this.#totals.reports += 1;
    else if (event.type === 'issue.checked') this.#totals.checks += 1;
    else if (event.type === 'help.raised') this.#totals.helpRaised += 1;
  }

  #place(issueId: string, column: Column | undefined) {
    const before = this.#columns.get(issueId);
    if (before === column) return;
    if (before === 'done') this.#done -= 1;
    if (before && IN_PROGRESS.has(before)) this.#inProgress -= 1;
    if (column === 'done') this.#done += 1;
    if (column && IN_PROGRESS.has(column)) this.#inProgress += 1;
    if (column === undefined) this.#columns.delete(issueId);
    else this.#columns.set(issueId, column);
  }

  /** One point per minute at most: the last change within a minute stands for it. */
  #mark(at: number) {
    const last = this.#series.at(-1);
    if (last && last.done === this.#done && last.inProgress === this.#inProgress) return;
    const minute = Math.floor(at / MINUTE_MS) * MINUTE_MS;
    if (last && last.at === minute) {
      last.done = this.#done;
      last.inProgress = this.#inProgress;
    } else this.#series.push({ at: minute, done: this.#done, inProgress: this.#inProgress });
  }
}

/** Who has the most cards done (their fix, or held in Done), leaving out whoever asked not to be listed. */
function leaders(state: BoardState): EventStats['leaders'] {
  const done = new Map<string, number>();
  for (const id of state.issueOrder) {
    const issue = state.issues[id]!;
    const by = issue.column === 'done' ? (issue.claimant ?? issue.fixedBy) : undefined;
    if (by && !state.people[by]?.unlisted) done.set(by, (done.get(by) ?? 0) + 1);
  }
  return [...done]
    .map(([personId, count]) => ({ personId, done: count }))
    .sort((a, b) => b.done - a.done)
    .slice(0, LEADERS_SHOWN);
}
