import { describe, expect, it } from 'vitest';
import { headcount, headcountLine } from '../../client/lib/headcount.ts';
import { expectedFirstTimers, registered, registrationNamed } from '../../client/lib/registrations.ts';
import { emptyState } from '../../shared/domain/state.ts';
import type { BoardState, Registration } from '../../shared/protocol.ts';

function board(venues: string[], registrations: Array<Omit<Registration, 'id' | 'at'>>): BoardState {
  const state = emptyState();
  state.event.venues = venues;
  registrations.forEach((registration, index) => {
    const id = `r${index + 1}`;
    // Registered in reverse: the list follows `at`, not the order of the record.
    state.registrations[id] = { id, at: 1_000 - index, ...registration };
  });
  return state;
}

const BOARD = board(
  ['Montreal', 'Lyon'],
  [
    { name: 'bea', venue: 'Montreal', firstTime: true },
    { name: 'cal', venue: ' montreal ', firstTime: false, personId: 'p1' },
    { name: 'dan', venue: 'remote', firstTime: true, personId: 'p2' },
    { name: 'eve', firstTime: true },
    { name: 'fox', venue: 'Berlin', firstTime: false },
  ],
);

describe('headcount', () => {
  it('counts per venue, the event’s own first (even with nobody), typed ones after, none last', () => {
    expect(headcount(BOARD)).toEqual({
      venues: [
        { venue: 'Montreal', registered: 2, firstTimers: 1, joined: 1 },
        { venue: 'Lyon', registered: 0, firstTimers: 0, joined: 0 },
        { venue: 'Berlin', registered: 1, firstTimers: 0, joined: 0 },
        { venue: 'remote', registered: 1, firstTimers: 1, joined: 1 },
        { venue: undefined, registered: 1, firstTimers: 1, joined: 0 },
      ],
      total: { registered: 5, firstTimers: 3, joined: 2 },
    });
  });

  it('lists the event’s venues at zero before anyone registers, and no row for no venue', () => {
    expect(headcount(board(['Lyon', 'lyon '], []))).toEqual({
      venues: [{ venue: 'Lyon', registered: 0, firstTimers: 0, joined: 0 }],
      total: { registered: 0, firstTimers: 0, joined: 0 },
    });
  });
});

describe('who registered', () => {
  it('lists everyone in the order they registered, and the first-timers still to come', () => {
    expect(registered(BOARD).map((r) => r.name)).toEqual(['fox', 'eve', 'dan', 'cal', 'bea']);
    expect(expectedFirstTimers(BOARD).map((r) => r.name)).toEqual(['eve', 'bea']);
  });
});

describe('registrationNamed', () => {
  it('finds the registration a join under that nick claims: unclaimed, whatever its case', () => {
    expect(registrationNamed(BOARD, ' BEA ')?.id).toBe('r1');
    expect(registrationNamed(BOARD, 'cal')).toBeUndefined();
    expect(registrationNamed(BOARD, 'zed')).toBeUndefined();
  });
});

describe('headcountLine', () => {
  it.each<[number, number, number, string]>([
    [1, 0, 0, '1 person registered, no first-timers; nobody has joined yet.'],
    [1, 1, 1, '1 person registered, a first-timer; 1 has joined so far.'],
    [3, 1, 2, '3 people registered, 1 of them a first-timer; 2 have joined so far.'],
    [12, 4, 0, '12 people registered, 4 of them first-timers; nobody has joined yet.'],
  ])('%i registered, %i first-timers, %i joined', (registered, firstTimers, joined, line) => {
    expect(headcountLine({ registered, firstTimers, joined })).toBe(line);
  });
});
