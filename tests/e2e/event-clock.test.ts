/**
 * The event's clock in the header, in a real browser whose clock the test holds
 * (playwright's page clock): before the start, during the day and after it, in a viewer's
 * zone other than the event's, with the event's times on hover and on keyboard focus, and a
 * header that does not move as the clock changes.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectClean } from './axe.ts';
import { launch, openIn, socketPerson, tabTo, TestServer } from './harness.ts';

const KEY = 'an-event-clock-organizer-key';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
// Sat 14 Mar 2026, 10:00–18:00 in Berlin: 05:00–13:00 in New York, where the viewer is.
const startsAt = Date.UTC(2026, 2, 14, 9);
const endsAt = Date.UTC(2026, 2, 14, 17);

describe('the event’s clock in a real browser', () => {
  const server = new TestServer({ organizerKey: KEY });
  let browser: Browser;
  let page: Page;

  const clock = () => page.getByRole('banner').getByRole('button', { name: /Starts in|in ·|Ended/ });
  /**
   * Where the header's connection status and counts sit: anything that moved the header would move
   * them. (A jump of hours may drop the socket, whose heartbeat runs on the same clock: the status
   * keeps its width whatever it says.)
   */
  const headerAt = () =>
    page
      .getByRole('banner')
      .locator('.status, .counts')
      .evaluateAll((elements) => elements.map((element) => element.getBoundingClientRect().toJSON()));

  beforeAll(async () => {
    browser = await launch();
    await server.start();
    const olga = await socketPerson(server.url, { nick: 'olga', key: KEY });
    await olga.send('event:update', { title: 'Spring bug day', startsAt, endsAt, timeZone: 'Europe/Berlin' });
    olga.close();
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-GB', timezoneId: 'America/New_York' });
    context.setDefaultTimeout(10_000);
    // The page's time runs from here (a paused one would never connect); a countdown rounds up, so it says 2 h 15 min for a minute.
    await context.clock.install({ time: startsAt - (2 * HOUR + 15 * MINUTE) });
    page = await openIn(context, server.url);
  });

  afterAll(async () => {
    await browser?.close();
    await server.dispose();
  });

  it('counts down to the start', async () => {
    expect(await clock().getAttribute('aria-describedby')).toBeTruthy();
    await page.getByRole('banner').getByRole('button', { name: 'Starts in 2 h 15 min' }).waitFor();
  });

  it('shows the times where the event happens, and where the viewer is, on hover and on keyboard focus', async () => {
    const times = page.getByRole('tooltip');
    expect(await times.isVisible()).toBe(false);
    await clock().hover();
    await times.waitFor();
    expect(await times.innerText()).toBe('Sat 14 Mar, 10:00–18:00 Europe/Berlin\nSat 14 Mar, 05:00–13:00 your time');
    await expectClean(page, 'the header with the event’s times shown');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expectClean(page, 'the header with the event’s times shown, dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.mouse.move(700, 600);
    await times.waitFor({ state: 'hidden' });

    await tabTo(page, clock());
    await times.waitFor();
    await page.keyboard.press('Escape');
    await times.waitFor({ state: 'hidden' });
    expect(await clock().evaluate((element) => element === document.activeElement)).toBe(true);
  });

  it('shows elapsed and remaining during the day, then that it ended, and the header stays put', async () => {
    const before = await headerAt();
    await page.clock.pauseAt(startsAt + 3 * HOUR + 10 * MINUTE);
    await page.getByRole('banner').getByRole('button', { name: '3 h 10 min in · 4 h 50 min left' }).waitFor();
    expect(await headerAt()).toEqual(before);
    await page.clock.pauseAt(endsAt + MINUTE);
    await page.getByRole('banner').getByRole('button', { name: 'Ended' }).waitFor();
    expect(await headerAt()).toEqual(before);
  });
});
