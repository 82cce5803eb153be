/**
 * Screenshots of the board's filter bar and of registration, on a bug day in full swing with a
 * few people registered: a filtered board, the phone's folded filters, the Register dialog and
 * its answer, the organizer's headcount and a mentor's expected first-timers, each in the light
 * and the dark scheme. Run after `npx vite build`:
 *   node --import tsx tests/e2e/screenshots-find.ts
 * Writes to /tmp/bugday-shots/ for looking at.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { io } from 'socket.io-client';
import { bugDay, ORGANIZER_KEY } from './bug-day.ts';
import { launch, openAs, openPage, TestServer } from './harness.ts';
import type { JoinResult } from '../../shared/protocol.ts';

const OUT = '/tmp/bugday-shots';
mkdirSync(OUT, { recursive: true });

const server = new TestServer({ organizerKey: ORGANIZER_KEY });
await server.start();
const day = await bugDay(server);
const { olga, mira } = day.people;
await olga.send('event:update', { venues: ['Montreal', 'Lyon', 'Berlin office'], friendlyLabel: 'easy' });
const lurker = io(server.url, { transports: ['websocket'] });
for (const registration of [
  { name: 'bea', venue: 'Montreal', firstTime: true, email: 'bea@example.org' },
  { name: 'cal', venue: 'Lyon', firstTime: false, email: 'cal@example.org' },
  { name: 'dora', venue: 'remote', firstTime: true },
  { name: 'eun', venue: 'montreal', firstTime: true, email: 'eun@example.org' },
  { name: 'fin', firstTime: false },
]) {
  const answer = await lurker.emitWithAck('person:register', registration);
  if (!answer.ok) throw new Error(answer.error.message);
}
lurker.close();

const browser = await launch();
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

async function shoot(name: string, open: (viewport: typeof DESKTOP) => Promise<Page>, viewport: typeof DESKTOP, before?: (page: Page) => Promise<void>) {
  for (const scheme of ['light', 'dark'] as const) {
    const page = await open(viewport);
    await page.emulateMedia({ colorScheme: scheme });
    await before?.(page);
    const path = `${OUT}/find-${name}-${scheme}.png`;
    await page.screenshot({ path });
    console.log(`wrote ${path}`);
    await page.context().close();
  }
}

const as = (joined: JoinResult, path = '/') => (viewport: typeof DESKTOP) => openAs(browser, `${server.url}${path}`, joined, viewport);
const anyone = (path = '/') => (viewport: typeof DESKTOP) => openPage(browser, `${server.url}${path}`, viewport);

await shoot('desktop', as(day.people.ana.joined), DESKTOP);
await shoot('desktop-filtered', as(day.people.ana.joined, '/?q=the&type=bug&free=1'), DESKTOP, (page) =>
  page.getByRole('button', { name: /^Filters/ }).click(),
);
await shoot('lurker-friendly', anyone('/?friendly=1'), DESKTOP);
await shoot('phone-filtered', as(day.people.ana.joined, '/?label=easy&free=1'), PHONE);
await shoot('phone-filters-open', as(day.people.ana.joined, '/?label=easy&free=1'), PHONE, (page) =>
  page.getByRole('button', { name: /^Filters/ }).click(),
);
await shoot('register', anyone(), DESKTOP, async (page) => {
  await page.getByRole('banner').getByRole('button', { name: 'Register' }).click();
  const dialog = page.getByRole('dialog', { name: /^Register for/ });
  await dialog.getByRole('textbox', { name: 'Name' }).fill('gus');
  await dialog.getByRole('combobox', { name: 'Venue (optional)' }).fill('Lyon');
});
await shoot('register-phone', anyone(), PHONE, async (page) => {
  await page.getByRole('banner').getByRole('button', { name: 'Register' }).click();
  await page.getByRole('dialog', { name: /^Register for/ }).waitFor();
});
let n = 0;
await shoot('registered', anyone(), DESKTOP, async (page) => {
  await page.getByRole('banner').getByRole('button', { name: 'Register' }).click();
  const dialog = page.getByRole('dialog', { name: /^Register for/ });
  await dialog.getByRole('textbox', { name: 'Name' }).fill(`hal${(n += 1)}`);
  await dialog.getByRole('button', { name: 'Register' }).click();
  await page.getByRole('dialog', { name: 'You are registered' }).waitFor();
});
await shoot('headcount', as(olga.joined), DESKTOP, async (page) => {
  await page.getByRole('banner').getByRole('button', { name: 'Organize' }).click();
  const headcount = page.getByRole('region', { name: 'Headcount' });
  await headcount.getByText(/^Who registered/).click();
  await headcount.scrollIntoViewIfNeeded();
});
await shoot('mentor', as(mira.joined), DESKTOP, (page) => page.getByRole('list', { name: /^Expected first-timers/ }).scrollIntoViewIfNeeded());

day.close();
await browser.close();
await server.dispose();
