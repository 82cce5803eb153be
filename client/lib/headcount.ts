/**
 * "Please register to let us know how many people to expect": the organizer's
 * headcount from the registrations. Venues are typed as often as picked, so
 * "montreal " counts with the event's "Montreal".
 */
import type { BoardState } from '../../shared/protocol.ts';

export interface VenueCount {
  /** The event's spelling when it is one of its venues; undefined for registrations that named none. */
  venue: string | undefined;
  registered: number;
  firstTimers: number;
  /** Registered, and joined since. */
  joined: number;
}

export interface Headcount {
  /** The event's venues first, in its order (counted even when nobody registered there), then the others by name, then no venue. */
  venues: VenueCount[];
  total: Omit<VenueCount, 'venue'>;
}

const key = (venue: string) => venue.trim().toLocaleLowerCase();

export function headcount(board: BoardState): Headcount {
  const counts = new Map<string | undefined, VenueCount>();
  const count = (venue: string | undefined): VenueCount => {
    const at = venue === undefined ? undefined : key(venue);
    let found = counts.get(at);
    if (!found) counts.set(at, (found = { venue: venue?.trim(), registered: 0, firstTimers: 0, joined: 0 }));
    return found;
  };
  for (const venue of board.event.venues) count(venue);
  const planned = counts.size;
  const total = { registered: 0, firstTimers: 0, joined: 0 };
  for (const registration of Object.values(board.registrations)) {
    const venue = registration.venue?.trim() ? count(registration.venue) : count(undefined);
    for (const tally of [venue, total]) {
      tally.registered += 1;
      if (registration.firstTime) tally.firstTimers += 1;
      if (registration.personId) tally.joined += 1;
    }
  }
  const all = [...counts.values()];
  const others = all
    .slice(planned)
    .filter((tally) => tally.venue !== undefined)
    .sort((a, b) => a.venue!.localeCompare(b.venue!));
  const none = counts.get(undefined);
  return { venues: [...all.slice(0, planned), ...others, ...(none ? [none] : [])], total };
}

/** "3 people registered, 2 of them first-timers; 1 has joined so far." */
export function headcountLine({ registered, firstTimers, joined }: Headcount['total']): string {
  const people = registered === 1 ? '1 person registered' : `${registered} people registered`;
  const first = firstTimers === 0 ? 'no first-timers' : registered === 1 ? 'a first-timer' : firstTimers === 1 ? '1 of them a first-timer' : `${firstTimers} of them first-timers`;
  const come = joined === 0 ? 'nobody has joined yet' : joined === 1 ? '1 has joined so far' : `${joined} have joined so far`;
  return `${people}, ${first}; ${come}.`;
}
