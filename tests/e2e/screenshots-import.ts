/**
 * Screenshots of the import section (a GitHub import half-way, a CSV file with a problem) and of
 * the downloads in About this event, over a bug day in full swing (tests/e2e/bug-day.ts), on a
 * desktop and a phone, light and dark. Run after `npx vite build`:
 *   node --import tsx tests/e2e/screenshots-import.ts
 * Writes to /tmp/bugday-shots-import/ for looking at.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { fakeHost, recorded, type Recorded, type Request } from '../integration/helpers/fake-github.ts';
import { bugDay, ORGANIZER_KEY } from './bug-day.ts';
import { launch, openAs, TestServer } from './harness.ts';

const OUT = '/tmp/bugday-shots-import';
mkdirSync(OUT, { recursive: true });

let release = () => {};
const secondPage = new Promise<void>((resolve) => (release = resolve));
async function answer({ url }: Request): Promise<Recorded> {
  if (url.pathname === '/repos/octo-org/bugday-demo/issues') return recorded('issues-open-1');
  if (url.searchParams.get('page') === '2') await secondPage;
  return recorded(`issues-open-${url.searchParams.get('page')}`);
}
const github = await fakeHost(answer, () => ({ api: github.url }));
const server = new TestServer({ organizerKey: ORGANIZER_KEY, githubApiUrl: github.url });
await server.start();
const day = await bugDay(server);
const browser = await launch();

const VARIANTS = [
  ['desktop', { width: 1440, height: 900 }, 'light'],
  ['desktop', { width: 1440, height: 900 }, 'dark'],
  ['phone', { width: 390, height: 844 }, 'light'],
  ['phone', { width: 390, height: 844 }, 'dark'],
] as const;

/** The same page in every size and scheme, `show` bringing the part to look at into view each time. */
async function shoot(page: Page, name: string, show: () => Promise<void>) {
  for (const [size, viewport, colorScheme] of VARIANTS) {
    await page.setViewportSize(viewport);
    await page.emulateMedia({ colorScheme });
    await show();
    const file = `${OUT}/${name}-${size}-${colorScheme}.png`;
    await page.screenshot({ path: file });
    console.log(`wrote ${file}`);
  }
}

const page = await openAs(browser, server.url, day.people.olga.joined);
page.on('pageerror', (error) => console.error(error.message));
await page.getByRole('banner').getByRole('button', { name: 'Organize' }).click();
const section = page.getByRole('dialog', { name: 'Organize' }).getByRole('region', { name: 'Import issues' });
const form = section.getByRole('form', { name: 'Import from GitHub' });
await form.getByLabel('Repository, as owner/name').fill('octo-org/bugday-demo');
await form.getByLabel('Labels, separated by commas').fill('easy');
await form.getByLabel('Token (optional)').fill('ghp_notARealToken');
await form.getByRole('button', { name: 'Import from GitHub' }).click();
await form.getByText('22 of 222 issues').waitFor();
await shoot(page, 'github-progress', () => section.scrollIntoViewIfNeeded());

release();
await form.getByRole('status').waitFor();
await shoot(page, 'github-done', () => form.getByRole('status').scrollIntoViewIfNeeded());

await section.getByRole('radio', { name: 'From a CSV file' }).check();
const csv = [
  'id;title;url;type;keywords',
  '6001;"Crash; then a hang on exit";https://bugs.example.org/6001;crash;"easy, crash"',
  '6002;"Says ""hello""\ntwice";;enhancement;',
  '6003;;https://bugs.example.org/6003;;',
  '6004;Document the export formats;https://bugs.example.org/6004;docs;docs',
  '6005;Bad link;ftp://bugs.example.org/6005;behavior;',
  '6006;A very long title that goes on and on about the file dialog forgetting the last folder on every start;https://bugs.example.org/issue6006;behavior;ui',
  '6007;Sixth;;;',
].join('\n');
await section.getByLabel('CSV file, with a header row').setInputFiles({ name: 'roundup.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
await section.getByRole('list', { name: 'Rows that cannot be imported' }).waitFor();
await shoot(page, 'csv', () => section.getByRole('table').scrollIntoViewIfNeeded());
await shoot(page, 'csv-problems', () => section.getByRole('button', { name: /^Import the/ }).scrollIntoViewIfNeeded());

await page.keyboard.press('Escape');
await page.getByRole('banner').getByRole('button', { name: 'About this event' }).click();
const about = page.getByRole('dialog', { name: /^About/ });
await shoot(page, 'about', () => about.getByRole('list', { name: 'Downloads' }).scrollIntoViewIfNeeded());
await page.keyboard.press('Escape');
await shoot(page, 'board', async () => {});

day.close();
await browser.close();
await server.dispose();
await github.close();
