import { describe, expect, it } from 'vitest';
import { fromZonedInput, isTimeZone, toZonedInput } from '../../client/lib/event-form.ts';

const MINUTE = 60_000;

describe('the event form’s dates, in the event’s zone', () => {
  it('reads and writes the wall clock of the zone, in winter and in summer', () => {
    expect(fromZonedInput('2026-03-14T10:00', 'Europe/Berlin')).toBe(Date.UTC(2026, 2, 14, 9));
    expect(fromZonedInput('2026-07-04T10:00', 'Europe/Berlin')).toBe(Date.UTC(2026, 6, 4, 8));
    expect(fromZonedInput('2026-07-04T10:00', 'America/New_York')).toBe(Date.UTC(2026, 6, 4, 14));
    expect(fromZonedInput('2026-07-04T10:00', 'Asia/Kolkata')).toBe(Date.UTC(2026, 6, 4, 4, 30));
    expect(toZonedInput(Date.UTC(2026, 2, 14, 9), 'Europe/Berlin')).toBe('2026-03-14T10:00');
    expect(toZonedInput(Date.UTC(2026, 11, 31, 23, 30), 'Asia/Tokyo')).toBe('2027-01-01T08:30');
    expect(toZonedInput(undefined, 'UTC')).toBe('');
  });

  it('gives back every minute it wrote, across the year’s changes of offset', () => {
    for (const zone of ['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'UTC']) {
      for (let at = Date.UTC(2026, 0, 1); at < Date.UTC(2027, 0, 1); at += 3_001 * MINUTE) {
        const minute = Math.floor(at / MINUTE) * MINUTE;
        const written = toZonedInput(minute, zone);
        // In the hour that autumn repeats, a reading is two instants: it must be one of them.
        expect(toZonedInput(fromZonedInput(written, zone)!, zone), `${zone} ${written}`).toBe(written);
      }
    }
  });

  it('reads the hours either side of a change of offset by the offset in force then', () => {
    // Berlin goes from UTC+1 to UTC+2 at 01:00 UTC on 29 March, and back at 01:00 UTC on 25 October.
    expect(fromZonedInput('2026-03-29T01:30', 'Europe/Berlin')).toBe(Date.UTC(2026, 2, 29, 0, 30));
    expect(fromZonedInput('2026-03-29T03:30', 'Europe/Berlin')).toBe(Date.UTC(2026, 2, 29, 1, 30));
    expect(fromZonedInput('2026-10-25T01:30', 'Europe/Berlin')).toBe(Date.UTC(2026, 9, 24, 23, 30));
    expect(fromZonedInput('2026-10-25T03:30', 'Europe/Berlin')).toBe(Date.UTC(2026, 9, 25, 2, 30));
    expect([Date.UTC(2026, 9, 25, 0, 30), Date.UTC(2026, 9, 25, 1, 30)]).toContain(fromZonedInput('2026-10-25T02:30', 'Europe/Berlin'));
  });

  it('puts a reading the spring change skips just past it', () => {
    // At 02:00 on 29 March Berlin's clocks go to 03:00: 02:30 is not a time there that day.
    expect(toZonedInput(fromZonedInput('2026-03-29T02:30', 'Europe/Berlin'), 'Europe/Berlin')).toBe('2026-03-29T03:30');
  });

  it('answers nothing for an empty or unreadable value', () => {
    expect(fromZonedInput('', 'UTC')).toBeUndefined();
    expect(fromZonedInput('soon', 'UTC')).toBeUndefined();
  });

  it('knows a zone from a mistake', () => {
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('Berlin')).toBe(false);
    expect(isTimeZone('')).toBe(false);
  });
});
