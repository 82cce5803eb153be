/** Reading and writing the organizer's event form: dates as datetime-local in the event's zone, venues and resources one a line. */
import { LIMITS, type Resource } from '../../shared/protocol.ts';
import { safeHref } from './links.ts';

const pad = (n: number) => String(n).padStart(2, '0');

/** The zones a browser knows, for the form's suggestions. */
export const timeZones = (): string[] => Intl.supportedValuesOf('timeZone');

/** Whether the runtime knows `zone` as an IANA name; the server asks the same before storing it. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** What the wall clock reads in `zone` at `ms`, as the UTC instant with the same reading. */
function wallClock(ms: number, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
  }).formatToParts(ms);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'));
}

/** Epoch ms → the "YYYY-MM-DDTHH:MM" a datetime-local input shows, as the clock reads in `zone`. */
export function toZonedInput(ms: number | undefined, zone: string): string {
  if (ms === undefined) return '';
  const d = new Date(wallClock(ms, zone));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** A datetime-local value, read as the clock in `zone` → epoch ms; undefined when empty or unreadable. */
export function fromZonedInput(value: string, zone: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!match) return undefined;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  const reading = Date.UTC(year, month - 1, day, hour, minute);
  // The zone's offset at a first guess, then at the instant that gives: the two differ only
  // when the guess and the answer lie either side of a change of offset (summer time).
  const guess = reading - (wallClock(reading, zone) - reading);
  return reading - (wallClock(guess, zone) - guess);
}

const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

export function parseVenues(text: string): string[] | string {
  const venues = lines(text);
  if (venues.length > LIMITS.venues) return `At most ${LIMITS.venues} venues, please.`;
  const long = venues.find((venue) => venue.length > LIMITS.venue);
  if (long) return `The venue “${long.slice(0, 20)}…” is longer than ${LIMITS.venue} characters.`;
  return venues;
}

/** "label url" per line: the last word is the link, everything before it the label. */
export function parseResources(text: string): Resource[] | string {
  const resources: Resource[] = [];
  for (const [index, line] of lines(text).entries()) {
    const cut = line.search(/\S+$/);
    const url = line.slice(cut);
    const label = line.slice(0, cut).trim();
    if (!label || !safeHref(url)) return `Resource line ${index + 1}: write a label, a space, then an http:// or https:// link.`;
    if (label.length > LIMITS.title) return `Resource line ${index + 1}: the label is longer than ${LIMITS.title} characters.`;
    if (url.length > LIMITS.url) return `Resource line ${index + 1}: the link is longer than ${LIMITS.url} characters.`;
    resources.push({ label, url });
  }
  if (resources.length > LIMITS.resources) return `At most ${LIMITS.resources} resources, please.`;
  return resources;
}

export const venuesText = (venues: string[]) => venues.join('\n');
export const resourcesText = (resources: Resource[]) => resources.map((r) => `${r.label} ${r.url}`).join('\n');
