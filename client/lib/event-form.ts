/** Reading and writing the organizer's event form: dates as datetime-local, venues and resources one a line. */
import { LIMITS, type Resource } from '../../shared/protocol.ts';
import { safeHref } from './links.ts';

const pad = (n: number) => String(n).padStart(2, '0');

/** Epoch ms → the "YYYY-MM-DDTHH:MM" a datetime-local input shows, in the reader's zone. */
export function toLocalInput(ms: number | undefined): string {
  if (ms === undefined) return '';
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A datetime-local value (local time) → epoch ms; undefined when empty or unreadable. */
export function fromLocalInput(value: string): number | undefined {
  if (!value) return undefined;
  const ms = new Date(value).getTime();
  return Number.isFinite(ms) ? ms : undefined;
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
