/**
 * Screenshots of the organizer's view (the page, and the Organize panel) and of
 * a closed event, desktop and phone, from a real server. Run after `npx vite build`:
 *   node --import tsx tests/e2e/screenshots-roles.ts
 * Writes to /tmp/bugday-shots/ for looking at, and docs/screenshot-organizer.png (the organizer scrolled to People).
 */
import { copyFileSync, mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import type { JoinResult } from '../../shared/protocol.ts';
import { launch, socketPerson, TestServer } from './harness.ts';

const KEY = 'a-screenshot-organizer-key';
const OUT = '/tmp/bugday-shots';
mkdirSync(OUT, { recursive: true });

const server = new TestServer({ organizerKey: KEY });
await server.start();
const olga = await socketPerson(server.url, { nick: 'olga', key: KEY, venue: 'Berlin office' });
const { code } = await olga.send('mentorCode:show', {});
const bob = await socketPerson(server.url, { nick: 'bob', key: code!, venue: 'Berlin office' });
const ana = await socketPerson(server.url, { nick: 'ana', venue: 'remote' });
const cy = await socketPerson(server.url, { nick: 'cy', venue: 'Lyon' });

await olga.send('event:update', {
  title: 'Autumn bug day 2026',
  description: 'Two days of fixing bugs together. Newcomers welcome: raise a help flag and a mentor comes to you.',
  startsAt: Date.UTC(2026, 10, 21, 8),
  endsAt: Date.UTC(2026, 10, 22, 17),
  venues: ['Berlin office', 'Lyon hackerspace', 'remote'],
  resources: [
    { label: 'Contributing guide', url: 'https://example.org/contributing' },
    { label: 'Build instructions', url: 'https://example.org/build' },
  ],
});
const { seq } = await olga.send('issue:import', {
  issues: [
    { title: 'Crash when saving a file with an emoji name', number: 48213, url: 'https://bugs.example.org/48213', labels: ['crash', 'unicode'] },
    { title: 'Dark theme for the settings dialog', number: 48240, type: 'feature', labels: ['ui'] },
    { title: 'Typo in the contributing guide', number: 48251, type: 'docs', labels: ['easy'] },
    { title: 'Search ignores accents', number: 48302, url: 'https://bugs.example.org/48302', labels: ['i18n'] },
    { title: 'Flaky test in the sync module', number: 48310, labels: ['tests'] },
  ],
});
const id = (index: number) => `i${seq - 4 + index}`;
await ana.send('chat:send', { text: 'Morning! Taking #48213.' });
await ana.send('issue:claim', { issueId: id(0) });
await ana.send('issue:patch', { issueId: id(0), url: 'https://example.org/patches/48213-1', note: 'first attempt' });
await cy.send('issue:claim', { issueId: id(2) });
await cy.send('issue:move', { issueId: id(2), column: 'review' });
await bob.send('issue:report', { issueId: id(0), result: 'works', note: 'fixed on Linux' });
await cy.send('chat:send', { text: 'buy cheap watches at https://spam.example.com' });
await olga.send('chat:remove', { chatSeq: (await cy.send('chat:send', { text: 'more spam' })).seq });
await olga.send('person:mute', { personId: cy.joined.person.id, muted: true });
await ana.send('help:raise', { note: 'Where do the collation tables live?', issueId: id(3) });
await bob.send('chat:send', { text: 'ana: look in src/text/collate, I can show you.' });

async function shoot(browser: Browser, joined: JoinResult | undefined, name: string, panel: boolean) {
  for (const [size, viewport] of [
    ['desktop', { width: 1440, height: 900 }],
    ['phone', { width: 390, height: 844 }],
  ] as const) {
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
    if (joined) {
      const saved = JSON.stringify({ token: joined.token, personId: joined.person.id });
      await context.addInitScript((value) => localStorage.setItem('bugday.session', value), saved);
    }
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error(`${name}-${size}: ${error.message}`));
    page.on('console', (message) => message.type() === 'error' && console.error(`${name}-${size}: ${message.text()}`));
    await page.goto(server.url);
    await page.getByText('Live', { exact: true }).waitFor();
    if (joined) await page.getByText(`You are ${joined.person.nick}`).waitFor();
    await page.getByRole('article', { name: /Crash when saving/ }).waitFor();
    if (panel) {
      await page.getByRole('button', { name: 'Organize' }).click();
      await page.getByRole('button', { name: 'Show mentor code' }).click();
      await page.getByRole('textbox', { name: 'Current mentor code' }).waitFor();
    }
    const file = `${OUT}/${name}-${size}.png`;
    await page.screenshot({ path: file });
    console.log(`wrote ${file}`);
    if (!panel && joined && size === 'desktop') {
      // The help queue and the people list sit under the board.
      await page.locator('#panel-people').scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${OUT}/${name}-${size}-people.png` });
    }
    await context.close();
  }
}

const browser = await launch();
await shoot(browser, olga.joined, 'organizer', false);
await shoot(browser, olga.joined, 'organize-panel', true);
await olga.send('event:close', {});
await shoot(browser, ana.joined, 'closed', false);
copyFileSync(`${OUT}/organizer-desktop-people.png`, 'docs/screenshot-organizer.png');
for (const person of [olga, bob, ana, cy]) person.close();
await browser.close();
await server.dispose();
