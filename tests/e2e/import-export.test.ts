/**
 * Import and export through the page, with the real server and Chromium: an organizer imports
 * from a local GitHub (recorded answers, real HTTP) and from a CSV file, watching the progress and
 * the counts while a lurker's page gets the cards; anyone downloads the offline archive, which
 * then opens in a browser with every request refused and shows the event without running anything.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeHost, recorded, type FakeHost, type Recorded, type Request } from '../integration/helpers/fake-github.ts';
import { expectClean } from './axe.ts';
import { card, launch, openAs, openPage, socketPerson, type SocketPerson, TestServer } from './harness.ts';

const KEY = 'import-export-organizer-key';
const TOKEN = 'ghp_pageTypedThis0123456789';

function held() {
  let release = () => {};
  const until = new Promise<void>((resolve) => (release = resolve));
  return { until, release };
}

const isFocused = (locator: Locator) => locator.evaluate((element) => element === document.activeElement);

describe('import and export from the page', () => {
  let browser: Browser;
  let github: FakeHost;
  let server: TestServer;
  let olga: SocketPerson;
  let organizer: Page;
  let lurker: Page;
  const downloads = mkdtempSync(join(tmpdir(), 'bugday-downloads-'));
  /** GitHub's second page waits for this, so the page can be seen half-way. */
  let secondPage = held();

  async function answer({ url }: Request): Promise<Recorded> {
    if (url.pathname === '/repos/octo-org/bugday-demo/issues') return recorded('issues-open-1');
    if (url.pathname !== '/repositories/4242/issues') return recorded('not-found');
    if (url.searchParams.get('page') === '2') await secondPage.until;
    return recorded(`issues-open-${url.searchParams.get('page')}`);
  }

  beforeAll(async () => {
    github = await fakeHost(answer, () => ({ api: github.url }));
    server = new TestServer({ organizerKey: KEY, githubApiUrl: github.url });
    await server.start();
    browser = await launch();
    olga = await socketPerson(server.url, { nick: 'olga', key: KEY });
    await olga.send('event:update', { title: 'Autumn bug day' });
    organizer = await openAs(browser, server.url, olga.joined);
    lurker = await openPage(browser, server.url);
  });

  afterAll(async () => {
    await browser?.close();
    olga?.close();
    await server?.dispose();
    await github?.close();
    rmSync(downloads, { recursive: true, force: true });
  });

  async function importSection(): Promise<Locator> {
    const panel = organizer.getByRole('dialog', { name: 'Organize' });
    if (!(await panel.isVisible())) await organizer.getByRole('banner').getByRole('button', { name: 'Organize' }).click();
    const section = panel.getByRole('region', { name: 'Import issues' });
    await section.scrollIntoViewIfNeeded();
    return section;
  }

  it('imports from GitHub with a progress bar and the counts, while a lurker sees the cards come', async () => {
    const section = await importSection();
    const form = section.getByRole('form', { name: 'Import from GitHub' });
    await form.getByLabel('Repository, as owner/name').fill('octo-org/bugday-demo');
    await form.getByLabel('Token (optional)').fill(TOKEN);
    const button = form.getByRole('button', { name: 'Import from GitHub' });
    await button.click();

    // GitHub's first page is in (22 issues, #123 is a pull request), two more are said to be left.
    await form.getByText('22 of 222 issues').waitFor();
    const bar = form.getByRole('progressbar', { name: 'GitHub import progress' });
    expect(await bar.evaluate((element: HTMLProgressElement) => [element.value, element.max])).toEqual([22, 222]);
    await card(lurker, 'Error message names the wrong file').waitFor();
    await expectClean(organizer, 'the GitHub import under way', 'dialog[open]');

    secondPage.release();
    await form.getByRole('status').filter({ hasText: 'Added 27, updated 0, unchanged 0' }).waitFor();
    await card(lurker, 'Flaky test_watch_rename').waitFor();
    expect(await bar.count()).toBe(0);
    expect(await isFocused(button)).toBe(true);
    expect(await form.getByLabel('Token (optional)').inputValue()).toBe('');
    // The token went to GitHub with every request, and stayed nowhere on the page.
    expect(github.requests.map((request) => request.headers.authorization)).toEqual(github.requests.map(() => `Bearer ${TOKEN}`));
    const kept = await organizer.evaluate(() => [location.href, JSON.stringify({ ...localStorage }), JSON.stringify({ ...sessionStorage })].join());
    expect(kept).not.toContain(TOKEN);
  });

  it("says GitHub's refusal in the server's words, beside the form, keeping what was typed", async () => {
    const section = await importSection();
    const form = section.getByRole('form', { name: 'Import from GitHub' });
    await form.getByLabel('Repository, as owner/name').fill('octo-org/nowhere');
    await form.getByLabel('Repository, as owner/name').press('Enter');
    await form.getByRole('alert').filter({ hasText: 'github.com/octo-org/nowhere does not exist, or the token cannot see it.' }).waitFor();
    expect(await form.getByLabel('Repository, as owner/name').inputValue()).toBe('octo-org/nowhere');
  });

  it("goes on sending the page's other commands while an import runs", async () => {
    secondPage = held();
    const asked = github.requests.length;
    const lastPageAsked = () => github.requests.slice(asked).some((request) => request.url.searchParams.get('page') === '3');
    const section = await importSection();
    const form = section.getByRole('form', { name: 'Import from GitHub' });
    await form.getByLabel('Repository, as owner/name').fill('octo-org/bugday-demo');
    await form.getByRole('button', { name: 'Import from GitHub' }).click();
    await form.getByText('22 of 222 issues').waitFor();
    await organizer.keyboard.press('Escape');
    await organizer.getByRole('textbox', { name: 'Message' }).fill('Re-importing the demo repository, hold on');
    await organizer.getByRole('button', { name: 'Send' }).click();
    await lurker.getByText('Re-importing the demo repository, hold on').waitFor();
    expect(lastPageAsked()).toBe(false);
    secondPage.release();
    // The next import would be refused while this one is still running.
    await expect.poll(lastPageAsked).toBe(true);
  });

  it('imports a CSV file with quoted commas and newlines, reporting its bad row by line, then the valid rows', async () => {
    const section = await importSection();
    // Reached from the keyboard: the three ways are one group of radio buttons.
    await section.getByRole('radio', { name: 'From GitHub' }).focus();
    await organizer.keyboard.press('ArrowRight');
    expect(await section.getByRole('radio', { name: 'From a CSV file' }).isChecked()).toBe(true);
    const csv = section.getByRole('group', { name: 'Import from a CSV file' });
    const text = [
      'id,title,url,type,keywords',
      '5001,"Crash, then a hang on exit",https://bugs.example.org/5001,crash,"easy, crash"',
      '5002,"Says ""hello""',
      'twice",,enhancement,',
      '5003,,https://bugs.example.org/5003,,',
      '5004,Document the export formats,https://bugs.example.org/5004,docs,docs',
    ].join('\r\n');
    await csv.getByLabel('CSV file, with a header row').setInputFiles({ name: 'roundup.csv', mimeType: 'text/csv', buffer: Buffer.from(`\uFEFF${text}`) });
    const problems = csv.getByRole('list', { name: 'Rows that cannot be imported' });
    await problems.waitFor();
    expect(await problems.getByRole('listitem').allTextContents()).toEqual(['Line 5: the title cannot be empty']);
    expect(await csv.getByRole('table').getByRole('row').nth(2).getByRole('cell').allTextContents()).toEqual([
      '3',
      '#5002',
      'Says "hello" twice',
      '',
      'feature',
      '',
    ]);
    await expectClean(organizer, 'the CSV import with a problem', 'dialog[open]');
    await organizer.emulateMedia({ colorScheme: 'dark' });
    await expectClean(organizer, 'the CSV import with a problem, dark', 'dialog[open]');
    await organizer.emulateMedia({ colorScheme: 'light' });

    const importValid = csv.getByRole('button', { name: 'Import the 3 valid rows' });
    await importValid.click();
    await csv.getByRole('status').filter({ hasText: 'Added 3, updated 0, unchanged 0' }).waitFor();
    expect(await isFocused(importValid)).toBe(true);
    await card(lurker, 'Crash, then a hang on exit').waitFor();
    await card(lurker, 'Says "hello" twice').waitFor();
  });

  it('downloads the offline archive, which shows the event with every request refused and runs nothing', async () => {
    await olga.send('chat:send', { text: 'Thanks all, 30 issues in one day!' });
    await olga.send('chat:send', { text: '<script>window.__ran = 1</script><img src=x onerror="window.__ran = 1">' });
    await lurker.getByText('Thanks all, 30 issues in one day!').waitFor();
    await lurker.getByRole('banner').getByRole('button', { name: 'About this event' }).click();
    const about = lurker.getByRole('dialog', { name: 'About Autumn bug day' });
    const [download] = await Promise.all([lurker.waitForEvent('download'), about.getByRole('link', { name: 'Offline archive (HTML)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^autumn-bug-day-\d{4}-\d{2}-\d{2}-archive\.html$/);
    const file = join(downloads, download.suggestedFilename());
    await download.saveAs(file);
    expect(await readFile(file, 'utf8')).toContain('Crash, then a hang on exit');

    const offline = await browser.newContext();
    const url = pathToFileURL(file).href;
    const asked: string[] = [];
    // Everything but the file itself is refused, and noted.
    await offline.route('**', (route) => {
      if (route.request().url() === url) return route.continue();
      asked.push(route.request().url());
      return route.abort();
    });
    await offline.addInitScript(() => {
      const seen = window as unknown as { __csp: string[] };
      seen.__csp = [];
      document.addEventListener('securitypolicyviolation', (event) => seen.__csp.push(`${event.violatedDirective} ${event.blockedURI}`));
    });
    const archive = await offline.newPage();
    const said: string[] = [];
    archive.on('console', (message) => said.push(message.text()));
    archive.on('pageerror', (error) => said.push(error.message));
    await archive.goto(url);
    await archive.getByRole('heading', { level: 1, name: 'Autumn bug day' }).waitFor();
    await archive.getByText('Flaky test_watch_rename').waitFor();
    await archive.getByText('Thanks all, 30 issues in one day!').waitFor();
    // The hostile line is there to read, as text.
    await archive.getByText('<script>window.__ran = 1</script>', { exact: false }).waitFor();
    const ran = await archive.evaluate(() => ({
      ran: (window as unknown as { __ran?: number }).__ran,
      csp: (window as unknown as { __csp: string[] }).__csp,
      scripts: document.scripts.length,
      images: document.images.length,
    }));
    expect(ran).toEqual({ ran: undefined, csp: [], scripts: 0, images: 0 });
    expect(asked).toEqual([]);
    expect(said).toEqual([]);
    await expectClean(archive, 'the offline archive');
    await archive.emulateMedia({ colorScheme: 'dark' });
    await expectClean(archive, 'the offline archive, dark');
    await offline.close();
  });
});
