/**
 * Hostile text everywhere a person can put text, rendered on several pages in
 * Chromium under the server's real Content-Security-Policy: it must stay text.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IssueDraft } from '../../shared/protocol.ts';
import type { JoinResult } from '../../shared/protocol.ts';
import { launch, openCard, socketPerson, TestServer, type SocketPerson } from './harness.ts';

const KEY = 'a-test-organizer-key-123';

const HOSTILE = [
  '<script>window.__xss=1</script>',
  '<img src=x onerror="window.__xss=1">',
  '<svg onload=window.__xss=1>',
  'javascript:window.__xss=1',
  '"><iframe srcdoc="<script>parent.__xss=1</script>">',
  "{@html '<b>x</b>'}",
  'abc\u202edcba \u200bzero\u200dwidth\ufeff',
  '[click](javascript:alert(1))',
  `${'W'.repeat(300)}`,
];
const HOSTILE_URLS = ['https://example.org/"><script>window.__xss=1</script>', 'https://example.org/?q=<img src=x onerror=alert(1)>'];

interface Watch {
  problems: string[];
}

/** A page watched from its first byte: CSP violations are collected in window.__csp by an init script. */
async function open(browser: Browser, url: string, name: string, into: Watch, options: { joined?: JoinResult; phone?: boolean } = {}) {
  const context = await browser.newContext({ viewport: options.phone ? { width: 390, height: 844 } : { width: 1440, height: 900 } });
  context.setDefaultTimeout(10_000);
  await context.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (event) => w.__csp.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
  if (options.joined) {
    const saved = JSON.stringify({ token: options.joined.token, personId: options.joined.person.id });
    await context.addInitScript((value) => localStorage.setItem('bugday.session', value), saved);
  }
  const page = await context.newPage();
  watch(page, name, into);
  await page.goto(url);
  await page.getByText('Live', { exact: true }).waitFor();
  if (options.joined) await page.getByText(`You are ${options.joined.person.nick}`).waitFor();
  return page;
}

/** Fails on any dialog (alert, confirm, prompt) and any CSP violation the page reports. */
function watch(page: Page, name: string, into: Watch) {
  page.on('dialog', (dialog) => {
    into.problems.push(`${name}: a ${dialog.type()} dialog opened: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('console', (message) => {
    if (/Content[- ]Security[- ]Policy/i.test(message.text())) into.problems.push(`${name}: ${message.text()}`);
  });
  page.on('pageerror', (error) => into.problems.push(`${name}: ${error.message}`));
}

async function assertInert(page: Page) {
  const report = await page.evaluate(() => ({
    xss: (window as unknown as { __xss?: unknown }).__xss,
    csp: (window as unknown as { __csp?: string[] }).__csp ?? [],
    hrefs: [...document.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')!),
    injected: document.querySelectorAll('body script, body iframe, body img, body svg, body object, body embed, body b').length,
    handlers: [...document.querySelectorAll('body *')].filter((element) => [...element.attributes].some((attr) => attr.name.startsWith('on')))
      .length,
    overflow: document.documentElement.scrollWidth - window.innerWidth,
  }));
  expect(report.xss).toBeUndefined();
  expect(report.csp).toEqual([]);
  expect(report.injected).toBe(0);
  expect(report.handlers).toBe(0);
  // Web links, the page's own routes, and the About dialog's downloads.
  for (const href of report.hrefs) expect(href).toMatch(/^(https?:|#|\/export\/)/);
  // Very long words wrap instead of pushing the page sideways.
  expect(report.overflow).toBeLessThanOrEqual(0);
}

describe('hostile text stays text', () => {
  const server = new TestServer({ organizerKey: KEY });
  let browser: Browser;
  const watched: Watch = { problems: [] };
  const people: SocketPerson[] = [];

  beforeAll(async () => {
    browser = await launch();
    await server.start();
  });

  afterAll(async () => {
    for (const person of people) person.close();
    await browser?.close();
    await server.dispose();
  });

  it('renders every hostile string as text on lurker, participant and organizer pages', async () => {
    const olga = await socketPerson(server.url, { nick: 'olga', key: KEY });
    const angle = await socketPerson(server.url, { nick: '<b>x</b>', venue: HOSTILE[1]! });
    const quote = await socketPerson(server.url, { nick: '"onmouseover=alert(1)', venue: HOSTILE[4]! });
    people.push(olga, angle, quote);

    const pages = await Promise.all([
      open(browser, server.url, 'lurker', watched),
      open(browser, server.url, 'participant', watched, { joined: angle.joined }),
      open(browser, server.url, 'organizer', watched, { joined: olga.joined }),
      open(browser, server.url, 'phone', watched, { phone: true }),
    ]);

    // Everything goes in live, so it is rendered, narrated and announced as it arrives.
    await olga.send('event:update', {
      title: HOSTILE[4]!,
      description: HOSTILE.join('\n'),
      venues: HOSTILE.map((h) => h.slice(0, 64)),
      resources: [
        ...HOSTILE.slice(0, 6).map((label, index) => ({ label, url: `https://example.org/r${index}` })),
        ...HOSTILE_URLS.map((url) => ({ label: HOSTILE[2]!, url })),
      ],
    });
    const drafts: IssueDraft[] = HOSTILE.map((title, index) => ({
      title: title.slice(0, 200),
      number: 500 + index,
      labels: [HOSTILE[index % 6]!.slice(0, 40)],
      ...(index < HOSTILE_URLS.length ? { url: HOSTILE_URLS[index]! } : {}),
    }));
    const { seq } = await olga.send('issue:import', { issues: drafts });
    const firstIssue = seq - drafts.length + 1;
    for (const [index, url] of HOSTILE_URLS.entries()) {
      await angle.send('issue:patch', { issueId: `i${firstIssue + index}`, url, note: HOSTILE[index]! });
    }
    await angle.send('issue:patch', { issueId: `i${firstIssue + 2}`, url: 'https://example.org/p', note: HOSTILE[4]! });
    await quote.send('issue:report', { issueId: `i${firstIssue}`, result: 'fails', note: HOSTILE[1]! });
    await quote.send('help:raise', { note: HOSTILE[0]!, issueId: `i${firstIssue + 1}` });
    for (const [index, text] of HOSTILE.entries()) await (index % 2 ? angle : quote).send('chat:send', { text });
    await olga.send('chat:send', { text: HOSTILE_URLS.join(' and ') });

    // A page opened afterwards gets it all by replay instead.
    pages.push(await open(browser, server.url, 'late', watched));

    for (const page of pages) {
      const history = page.getByRole('region', { name: 'Chat history' });
      if (!(await history.isVisible())) await page.getByRole('tab', { name: 'Chat' }).click();
      await history.getByText(HOSTILE_URLS.join(' and ').slice(0, 30)).waitFor();
      await history.getByText(HOSTILE[0]!, { exact: true }).first().waitFor();
      await history.getByText(HOSTILE[5]!, { exact: true }).waitFor();
      await history.getByText(HOSTILE[7]!, { exact: true }).waitFor();
      await history.getByText(HOSTILE[6]!, { exact: true }).waitFor();
      await history.getByText(HOSTILE[8]!, { exact: true }).waitFor();
      await page.getByRole('heading', { level: 1, name: HOSTILE[4]! }).waitFor();
      if (await page.getByRole('tab', { name: 'Board' }).count()) await page.getByRole('tab', { name: 'Board' }).click();
      await page.getByRole('article', { name: HOSTILE[1]! }).waitFor();
      // Patch notes are in the card's panel, with the card's history.
      const panel = await openCard(page, HOSTILE[2]!);
      await panel.getByRole('region', { name: 'Patches' }).getByText(HOSTILE[4]!).waitFor();
      await assertInert(page);
      await page.keyboard.press('Escape');
      await panel.waitFor({ state: 'hidden' });
      await page.getByRole('button', { name: 'About this event' }).click();
      const about = page.getByRole('dialog', { name: `About ${HOSTILE[4]}` });
      await about.getByRole('link', { name: HOSTILE[3]! }).waitFor();
      await assertInert(page);
      await about.getByRole('button', { name: 'Close' }).click();
    }
    // The organizer sees the people list with its own controls on those nicks.
    await pages[2]!.getByRole('button', { name: 'Mute <b>x</b>' }).waitFor();
    for (const page of pages) await assertInert(page);
    expect(watched.problems).toEqual([]);
  });
});
