/**
 * Screenshots of the event at a glance: the header's clock with its times shown, and the
 * Stats view with its chart, on a desktop and a phone, in the light and the dark scheme, on a
 * bug day worked through over five hours (34 issues, seven people). Run after `npx vite build`:
 *   node --import tsx tests/e2e/screenshots-stats.ts
 * Writes to /tmp/bugday-shots/ for looking at.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { bugDay, ORGANIZER_KEY } from './bug-day.ts';
import { workThroughTheDay } from './day-over-time.ts';
import { launch, openAs, TestServer } from './harness.ts';
import { TestClock } from '../fixtures/test-clock.ts';

const OUT = '/tmp/bugday-shots';
mkdirSync(OUT, { recursive: true });
const HOUR = 3_600_000;

// The day began five hours ago: the server's clock goes back, then forward step by step.
const clock = new TestClock();
clock.skip(-5 * HOUR);
const server = new TestServer({ organizerKey: ORGANIZER_KEY, clock });
await server.start();
const day = await bugDay(server);
const startsAt = clock.now();
await day.people.olga.send('event:update', { startsAt, endsAt: startsAt + 8 * HOUR, timeZone: 'Europe/Berlin' });
await workThroughTheDay(day, clock, 14);

const browser = await launch();
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

async function shoot(viewport: typeof DESKTOP, name: string, before: (page: Page) => Promise<void>) {
  for (const colorScheme of ['light', 'dark'] as const) {
    const page = await openAs(browser, server.url, day.people.ana.joined, viewport, { colorScheme, timezoneId: 'America/New_York' });
    await before(page);
    await page.screenshot({ path: `${OUT}/${name}-${colorScheme}.png` });
    console.log(`wrote ${OUT}/${name}-${colorScheme}.png`);
    await page.context().close();
  }
}

const chartDrawn = (page: Page) => page.locator('.u-wrap canvas').waitFor();

await shoot(DESKTOP, 'stats-clock', async (page) => {
  await page.getByRole('banner').getByRole('button', { name: / in · / }).hover();
  await page.getByRole('tooltip').waitFor();
});
await shoot(DESKTOP, 'stats-desktop', async (page) => {
  await page.getByRole('banner').getByRole('button', { name: 'Stats' }).click();
  await chartDrawn(page);
});
await shoot(DESKTOP, 'stats-desktop-table', async (page) => {
  await page.getByRole('banner').getByRole('button', { name: 'Stats' }).click();
  await chartDrawn(page);
  await page.getByText('Show the numbers as a table').click();
  await page.getByRole('dialog').getByRole('table', { name: 'Most done' }).scrollIntoViewIfNeeded();
});
await shoot(PHONE, 'stats-phone', async (page) => {
  await page.getByRole('tab', { name: 'Stats' }).click();
  await chartDrawn(page);
});
await shoot(PHONE, 'stats-phone-numbers', async (page) => {
  await page.getByRole('tab', { name: 'Stats' }).click();
  await chartDrawn(page);
  await page.getByRole('table', { name: 'So far' }).scrollIntoViewIfNeeded();
});

day.close();
await browser.close();
await server.dispose();
