/**
 * Makes the screenshots in docs/ from a real server with a bug day in full
 * swing on it (tests/e2e/bug-day.ts: 34 issues, five participants, a mentor,
 * an organizer). Run after `npx vite build`:
 *   node --import tsx tests/e2e/screenshots.ts
 * With SHOTS_DARK=1 it writes dark-scheme variants to /tmp instead, for
 * checking the other colour scheme by eye.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { bugDay, FIRST_NUMBER, ORGANIZER_KEY } from './bug-day.ts';
import { launch, openAs, TestServer } from './harness.ts';

const server = new TestServer({ organizerKey: ORGANIZER_KEY });
await server.start();
const day = await bugDay(server);
const browser = await launch();
const dark = process.env.SHOTS_DARK === '1';
const out = (name: string) => (dark ? `/tmp/dark-${name}.png` : `docs/screenshot-${name}.png`);
mkdirSync('docs', { recursive: true });

const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

async function shoot(who: keyof typeof day.people, viewport: typeof DESKTOP, name: string, before?: (page: Page) => Promise<void>) {
  const page = await openAs(browser, server.url, day.people[who].joined, viewport);
  if (dark) await page.emulateMedia({ colorScheme: 'dark' });
  await before?.(page);
  await page.screenshot({ path: out(name) });
  console.log(`wrote ${out(name)}`);
  await page.context().close();
}

const openCard = (number: number) => async (page: Page) => {
  await page.goto(`${server.url}/#/issue/${number}`);
  await page.getByRole('dialog').getByText('What happened').waitFor();
  await page.getByRole('dialog').getByRole('listitem').first().waitFor();
};

await shoot('ana', DESKTOP, 'desktop');
await shoot('ana', PHONE, 'phone');
await shoot('mira', DESKTOP, 'mentor');
await shoot('ana', DESKTOP, 'card', openCard(FIRST_NUMBER + 6));
await shoot('ana', PHONE, 'phone-card', openCard(FIRST_NUMBER + 6));
await shoot('ana', PHONE, 'phone-help', (page) => page.getByRole('tab', { name: /^Help/ }).click());

day.close();
await browser.close();
await server.dispose();
