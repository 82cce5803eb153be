import { describe, expect, it } from 'vitest';
import { clockReserve, eventClock, eventTimes } from '../../client/lib/event-clock.ts';
import type { EventInfo } from '../../shared/protocol.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
// Sat 14 Mar 2026, 10:00–18:00 in Berlin (UTC+1 then).
const startsAt = Date.UTC(2026, 2, 14, 9);
const endsAt = Date.UTC(2026, 2, 14, 17);
const day = { startsAt, endsAt, timeZone: 'Europe/Berlin' };

describe('eventClock', () => {
  it('counts down before the start, shows elapsed and remaining during, and says when it ended', () => {
    expect(eventClock(day, startsAt - (2 * HOUR + 15 * MINUTE))).toBe('Starts in 2 h 15 min');
    expect(eventClock(day, startsAt + 3 * HOUR + 10 * MINUTE)).toBe('3 h 10 min in · 4 h 50 min left');
    expect(eventClock(day, endsAt)).toBe('Ended');
    expect(eventClock(day, endsAt + 5 * HOUR)).toBe('Ended');
  });

  it('rounds what is to come up and what has passed down, so the two halves make the whole day', () => {
    expect(eventClock(day, startsAt - 30_000)).toBe('Starts in 1 min');
    expect(eventClock(day, startsAt)).toBe('0 min in · 8 h left');
    expect(eventClock(day, startsAt + 90 * MINUTE + 30_000)).toBe('1 h 30 min in · 6 h 30 min left');
    expect(eventClock(day, endsAt - 1)).toBe('7 h 59 min in · 1 min left');
  });

  it('counts in days and hours past a day', () => {
    expect(eventClock(day, startsAt - 3 * 24 * HOUR)).toBe('Starts in 3 days');
    expect(eventClock(day, startsAt - (24 * HOUR + 5 * HOUR + 1))).toBe('Starts in 1 day 5 h');
    const weekend = { startsAt, endsAt: startsAt + 50 * HOUR };
    expect(eventClock(weekend, startsAt + 26 * HOUR)).toBe('1 day 2 h in · 1 day left');
  });

  it('makes do with a start or an end alone, and says nothing without either', () => {
    expect(eventClock({ startsAt }, startsAt + 45 * MINUTE)).toBe('45 min in');
    expect(eventClock({ startsAt }, startsAt - 45 * MINUTE)).toBe('Starts in 45 min');
    expect(eventClock({ endsAt }, endsAt - 45 * MINUTE)).toBe('45 min left');
    expect(eventClock({ endsAt }, endsAt)).toBe('Ended');
    expect(eventClock({}, startsAt)).toBeUndefined();
    expect(clockReserve({})).toEqual([]);
  });
});

describe('clockReserve', () => {
  /** Whether `text`, its digits read as 0s, is `line` with some letters left out. */
  const fitsIn = (text: string, line: string) => {
    let at = 0;
    for (const letter of text.replace(/\d/g, '0')) {
      at = line.indexOf(letter, at) + 1;
      if (at === 0) return false;
    }
    return true;
  };

  it.each<[string, Pick<EventInfo, 'startsAt' | 'endsAt'>]>([
    ['a day', day],
    ['a long day', { startsAt, endsAt: startsAt + 14 * HOUR }],
    ['a weekend', { startsAt, endsAt: startsAt + 60 * HOUR }],
    ['a start alone', { startsAt }],
    ['an end alone', { endsAt }],
  ])('holds everything the clock says over %s, minute by minute', (_name, times) => {
    const reserve = clockReserve(times);
    const from = (times.startsAt ?? times.endsAt!) - 40 * 24 * HOUR;
    const to = (times.endsAt ?? times.startsAt!) + HOUR;
    for (let now = from; now <= to; now += 7 * MINUTE + 13_000) {
      const text = eventClock(times, now)!;
      expect(reserve.some((line) => fitsIn(text, line)), `${text} fits none of ${reserve.join(' | ')}`).toBe(true);
    }
  });

  it('reserves no more room for a running day than its length needs', () => {
    expect(clockReserve(day)).toEqual(['Starts in 00 h 00 min', 'Starts in 00 days 00 h', 'Ended', '0 h 00 min in · 0 h 00 min left']);
    expect(clockReserve({ startsAt, endsAt: startsAt + 12 * HOUR }).at(-1)).toBe('00 h 00 min in · 00 h 00 min left');
  });
});

describe('eventTimes', () => {
  it('tells the times where the event happens, then where the viewer is', () => {
    expect(eventTimes(day, 'America/New_York', 'en-GB')).toEqual([
      'Sat 14 Mar, 10:00–18:00 Europe/Berlin',
      'Sat 14 Mar, 05:00–13:00 your time',
    ]);
  });

  it('says it once when the viewer’s clock reads the same, even under another zone’s name', () => {
    expect(eventTimes(day, 'Europe/Berlin', 'en-GB')).toEqual(['Sat 14 Mar, 10:00–18:00 Europe/Berlin']);
    expect(eventTimes(day, 'Europe/Paris', 'en-GB')).toEqual(['Sat 14 Mar, 10:00–18:00 Europe/Berlin']);
  });

  it('names both days of an event across midnight, a start or an end alone, and the viewer’s zone when the event has none', () => {
    const night = { startsAt, endsAt: startsAt + 20 * HOUR, timeZone: 'Asia/Tokyo' };
    // Intl puts thin spaces around the dash between two days.
    expect(eventTimes(night, 'Asia/Tokyo', 'en-GB')).toEqual(['Sat 14 Mar, 18:00\u2009–\u2009Sun 15 Mar, 14:00 Asia/Tokyo']);
    expect(eventTimes({ startsAt, timeZone: 'Europe/Berlin' }, 'Europe/Berlin', 'en-GB')).toEqual(['From Sat 14 Mar, 10:00 Europe/Berlin']);
    expect(eventTimes({ endsAt }, 'UTC', 'en-GB')).toEqual(['Until Sat 14 Mar, 17:00 your time']);
    expect(eventTimes({ timeZone: 'Europe/Berlin' }, 'UTC', 'en-GB')).toEqual([]);
  });
});
