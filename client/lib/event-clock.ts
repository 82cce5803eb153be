/**
 * The event's clock in the header: how long until it starts, how long it has
 * run and has left, or that it ended; and, on hover, its times as the clock on
 * the wall reads them where it happens.
 */
import type { EventInfo } from '../../shared/protocol.ts';

/** The zone this page runs in: the viewer's, and an organizer's event's until they name another. */
export const viewerTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

type Times = Pick<EventInfo, 'startsAt' | 'endsAt' | 'timeZone'>;

const MINUTE_MS = 60_000;
const HOUR = 60;
const DAY = 24 * HOUR;

/**
 * "45 min", "3 h 10 min", "2 days 5 h". What is still to come rounds up, so a countdown never
 * says 0 before it is over, and what has passed rounds down: the two halves add up to the day.
 */
function span(ms: number, round: 'up' | 'down'): string {
  const minutes = Math.max(0, (round === 'up' ? Math.ceil : Math.floor)(ms / MINUTE_MS));
  if (minutes < HOUR) return `${minutes} min`;
  if (minutes < DAY) {
    const rest = minutes % HOUR;
    return `${Math.floor(minutes / HOUR)} h${rest ? ` ${rest} min` : ''}`;
  }
  const days = Math.floor(minutes / DAY);
  const hours = Math.floor((minutes % DAY) / HOUR);
  return `${days} day${days === 1 ? '' : 's'}${hours ? ` ${hours} h` : ''}`;
}

/** "Starts in 2 h 15 min", "3 h 10 min in · 4 h 50 min left", "Ended"; nothing for an event without times. */
export function eventClock({ startsAt, endsAt }: Times, now: number): string | undefined {
  if (startsAt === undefined && endsAt === undefined) return undefined;
  if (endsAt !== undefined && now >= endsAt) return 'Ended';
  if (startsAt !== undefined && now < startsAt) return `Starts in ${span(startsAt - now, 'up')}`;
  const parts: string[] = [];
  if (startsAt !== undefined) parts.push(`${span(now - startsAt, 'down')} in`);
  if (endsAt !== undefined) parts.push(`${span(endsAt - now, 'up')} left`);
  return parts.join(' · ');
}

// The widest each form of `span` gets, up to 99 days, with every digit a 0.
const HOURS_WIDEST = '00 h 00 min';
const DAYS_WIDEST = '00 days 00 h';

/**
 * Lines at least as wide as anything `eventClock` says for these times, whatever the hour: with
 * digits of equal width (tabular figures), every text it shows, its digits read as 0s, is made
 * of the letters of one of these lines in order. Stacked invisibly under the clock, they keep
 * its width, so the header does not move as it ticks or as the event starts and ends.
 */
export function clockReserve({ startsAt, endsAt }: Times): string[] {
  const lines: string[] = [];
  if (startsAt !== undefined) lines.push(`Starts in ${HOURS_WIDEST}`, `Starts in ${DAYS_WIDEST}`);
  if (endsAt !== undefined) lines.push('Ended');
  const running = startsAt !== undefined && endsAt !== undefined ? runningWidest(endsAt - startsAt) : [HOURS_WIDEST, DAYS_WIDEST];
  const passed = startsAt === undefined ? [''] : running.map((widest) => `${widest} in`);
  const left = endsAt === undefined ? [''] : running.map((widest) => `${widest} left`);
  if (lines.length) for (const a of passed) for (const b of left) lines.push([a, b].filter(Boolean).join(' · '));
  return lines;
}

/** What has passed and what is left are each at most the whole event: an 8-hour day needs one digit of hours, and no days. */
function runningWidest(length: number): string[] {
  const hours = Math.floor(length / (HOUR * MINUTE_MS));
  return hours < 24 ? [`${'0'.repeat(String(hours).length)} h 00 min`] : [HOURS_WIDEST, DAYS_WIDEST];
}

/**
 * The event's times as they read where it happens, "Sat 14 Mar, 10:00–18:00 Europe/Berlin", then
 * as they read for the viewer when that is elsewhere; an event naming no zone is told in the
 * viewer's. `locale` is the viewer's unless a test fixes one.
 */
export function eventTimes({ startsAt, endsAt, timeZone }: Times, viewerZone: string, locale?: string): string[] {
  const inZone = (zone: string) => {
    const format = new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone: zone });
    if (startsAt !== undefined && endsAt !== undefined) return format.formatRange(startsAt, endsAt);
    if (startsAt !== undefined) return `From ${format.format(startsAt)}`;
    return endsAt === undefined ? '' : `Until ${format.format(endsAt)}`;
  };
  if (startsAt === undefined && endsAt === undefined) return [];
  const viewers = `${inZone(viewerZone)} your time`;
  if (!timeZone) return [viewers];
  const there = `${inZone(timeZone)} ${timeZone}`;
  return sameClock(timeZone, viewerZone, [startsAt, endsAt]) ? [there] : [there, viewers];
}

/** Two zone names for one clock (Europe/Berlin and Europe/Paris) would say the same twice. */
function sameClock(a: string, b: string, instants: (number | undefined)[]): boolean {
  const wall = (zone: string) => new Intl.DateTimeFormat('en', { timeZone: zone, dateStyle: 'short', timeStyle: 'short' });
  return instants.every((at) => at === undefined || wall(a).format(at) === wall(b).format(at));
}
