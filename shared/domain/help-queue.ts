/**
 * The help queue as a mentor takes it and as an asker waits in it: the
 * order, a place in line, and an estimate of the wait honest enough to
 * explain in one sentence. Pure reads of the state; `now` and who is online
 * come from the caller.
 */
import type { BoardState, HelpFlag } from '../protocol.ts';
import { MINUTE_MS } from './clock.ts';

/** Until this many flags are resolved, the mean help time is a default, and the page says so. */
export const MEASURED_AFTER = 5;
export const DEFAULT_HELP_MINUTES = 10;
const DAY_MS = 24 * 60 * MINUTE_MS;

const waiting = (flag: HelpFlag) => flag.status === 'open' || flag.status === 'held';

/** Whether this asker was helped (a flag of theirs resolved) in the day before `now`. */
function helpedLately(state: BoardState, personId: string, now: number): boolean {
  return Object.values(state.help).some((f) => f.by === personId && f.status === 'resolved' && (f.closedAt ?? 0) > now - DAY_MS);
}

/**
 * The flags waiting for a mentor, in the order mentors should take them:
 * first come, first served by the time each was raised (a flag handed back
 * or back from a hold keeps its place); with `firstTimersFirst`, first-timers
 * not helped in the last day go ahead. Held flags keep their place in line.
 */
export function helpQueue(state: BoardState, now: number): HelpFlag[] {
  const flags = Object.values(state.help).filter(waiting);
  const ahead = (flag: HelpFlag) =>
    state.event.help.firstTimersFirst && state.people[flag.by]?.firstTime === true && !helpedLately(state, flag.by, now) ? 0 : 1;
  return flags.sort((a, b) => ahead(a) - ahead(b) || a.raisedAt - b.raisedAt || a.id.localeCompare(b.id, 'en', { numeric: true }));
}

/** 1 for the next in line; undefined for a flag not waiting. */
export function queuePosition(state: BoardState, helpId: string, now: number): number | undefined {
  const index = helpQueue(state, now).findIndex((flag) => flag.id === helpId);
  return index === -1 ? undefined : index + 1;
}

/** "1st", "2nd", "3rd", "11th", "22nd". */
export function ordinal(n: number): string {
  const lastTwo = n % 100;
  if (lastTwo >= 11 && lastTwo <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
}

export interface HelpTime {
  minutes: number;
  /** How many resolved flags it was measured from; 0 while it is the default. */
  samples: number;
}

/** The mean time a mentor spends on a flag, from take to resolve, over this event's resolved flags. */
export function meanHelpTime(state: BoardState): HelpTime {
  const spans = Object.values(state.help)
    .filter((f) => f.status === 'resolved' && f.takenAt !== undefined && f.closedAt !== undefined)
    .map((f) => (f.closedAt! - f.takenAt!) / MINUTE_MS);
  if (spans.length < MEASURED_AFTER) return { minutes: DEFAULT_HELP_MINUTES, samples: 0 };
  return { minutes: spans.reduce((sum, m) => sum + m, 0) / spans.length, samples: spans.length };
}

export type WaitEstimate =
  | { kind: 'no-mentor' }
  | { kind: 'range'; low: number; high: number; ahead: number; mentors: number; help: HelpTime };

/**
 * CS61A's estimate: (people ahead + 1) × mean help time ÷ mentors online,
 * shown as a range from half to one and a half times that, in whole minutes.
 * With no mentor online there is no number to give, and the page says so.
 */
export function waitEstimate(state: BoardState, position: number, mentorsOnline: number): WaitEstimate {
  if (mentorsOnline === 0) return { kind: 'no-mentor' };
  const help = meanHelpTime(state);
  const expected = (position * help.minutes) / mentorsOnline;
  return { kind: 'range', low: Math.max(1, Math.round(expected / 2)), high: Math.max(2, Math.round(expected * 1.5)), ahead: position - 1, mentors: mentorsOnline, help };
}

/** The sentence the estimate is explained with, on hover. */
export function explainEstimate(estimate: WaitEstimate): string {
  if (estimate.kind === 'no-mentor') return 'No mentor is online right now, so there is no wait to estimate.';
  const { ahead, mentors, help } = estimate;
  const how = help.samples
    ? `${Math.round(help.minutes)} min, the mean over the ${help.samples} flags resolved so far`
    : `${DEFAULT_HELP_MINUTES} min, a default until ${MEASURED_AFTER} flags are resolved`;
  return `(${ahead} ahead + 1) × ${how} ÷ ${mentors} ${mentors === 1 ? 'mentor' : 'mentors'} online, from half to one and a half times that.`;
}

export interface HelpStats {
  raised: number;
  taken: number;
  resolved: number;
  cancelled: number;
  /** Minutes from raise to take, over flags taken; undefined with none. */
  medianWait: number | undefined;
  p90Wait: number | undefined;
  /** Flags resolved per mentor id, most first. */
  helpedBy: { mentor: string; resolved: number }[];
  /** Each flag that named an issue, for the write-up: which help unblocked which fix. */
  aboutIssues: { helpId: string; by: string; issueId: string; status: HelpFlag['status'] }[];
}

/** Nearest-rank percentile of sorted values. */
const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.ceil((p / 100) * sorted.length) - 1] : undefined);

export function helpStats(state: BoardState): HelpStats {
  const flags = Object.values(state.help);
  const waits = flags
    .filter((f) => f.takenAt !== undefined)
    .map((f) => (f.takenAt! - f.raisedAt) / MINUTE_MS)
    .sort((a, b) => a - b);
  const helped = new Map<string, number>();
  for (const f of flags) if (f.status === 'resolved' && f.mentor) helped.set(f.mentor, (helped.get(f.mentor) ?? 0) + 1);
  return {
    raised: flags.length,
    taken: flags.filter((f) => f.takenAt !== undefined).length,
    resolved: flags.filter((f) => f.status === 'resolved').length,
    cancelled: flags.filter((f) => f.status === 'cancelled').length,
    medianWait: percentile(waits, 50),
    p90Wait: percentile(waits, 90),
    helpedBy: [...helped].map(([mentor, resolved]) => ({ mentor, resolved })).sort((a, b) => b.resolved - a.resolved),
    aboutIssues: flags.flatMap((f) => (f.issueId ? [{ helpId: f.id, by: f.by, issueId: f.issueId, status: f.status }] : [])),
  };
}
