/**
 * The card side of a bug day's workflow, with the real server and Chromium: a claim against the
 * event's focus asks first; a lease runs out by the server's clock, its holder is told and extends
 * it, and left alone it expires; a first-timer's cap; a co-worker and a branch check from the
 * panel, seen live on another page; and axe over the new controls and marks.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../shared/protocol.ts';
import { TestClock } from '../fixtures/test-clock.ts';
import { expectClean } from './axe.ts';
import { card, launch, openAs, openCard, openPage, socketPerson, type SocketPerson, TestServer } from './harness.ts';

const ORGANIZER_KEY = 'workflow-card-organizer-key';
const LEASE = { leaseMinutes: 1, graceMinutes: 1 };
/** A minute of lease or grace, and a second past it. */
const PAST_A_MINUTE = 61_000;

interface Day {
  server: TestServer;
  clock: TestClock;
  olga: SocketPerson;
  /** Issue ids by number: 101 a bug, 102 a feature request, 103 a docs issue. */
  issue: (number: number) => string;
  join: (nick: string, extra?: { firstTime?: boolean }) => Promise<SocketPerson>;
}

/** The focused element's card title, if focus is in a card. */
const focusedCard = (page: Page) =>
  page.evaluate(() => {
    const article = document.activeElement?.closest('article');
    return article ? document.getElementById(article.getAttribute('aria-labelledby') ?? '')?.textContent?.trim() : undefined;
  });

const isFocused = (page: Page, locator: ReturnType<Page['locator']>) => locator.evaluate((element) => element === document.activeElement);

/** Everything the server has recorded, as a page that had nothing would be sent it. */
async function log(person: SocketPerson): Promise<DomainEvent[]> {
  const sync = await person.socket.emitWithAck('session:sync', { lastSeq: 0 });
  if (!sync.ok || !('events' in sync.data)) throw new Error('could not read the log back');
  return sync.data.events;
}

describe('the card side of the bug-day workflow', () => {
  let browser: Browser;
  /** Each test has a server of its own: a skip of its clock must not reach another's cards. */
  let current: { day: Day; people: SocketPerson[]; pages: Page[] } | undefined;

  beforeAll(async () => {
    browser = await launch();
  });

  afterEach(async () => {
    if (!current) return;
    for (const page of current.pages) await page.context().close();
    for (const person of current.people) person.close();
    await current.day.server.dispose();
    current = undefined;
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function bugDay(): Promise<Day> {
    const clock = new TestClock();
    const server = new TestServer({ organizerKey: ORGANIZER_KEY, clock });
    await server.start();
    const people: SocketPerson[] = [];
    const join = async (nick: string, extra: { firstTime?: boolean; key?: string } = {}) => {
      const person = await socketPerson(server.url, { nick, ...extra });
      people.push(person);
      return person;
    };
    const olga = await join('olga', { key: ORGANIZER_KEY });
    await olga.send('issue:import', {
      issues: [
        { title: 'Crash on save', number: 101 },
        { title: 'Dark theme', number: 102, type: 'feature' },
        { title: 'Typo in docs', number: 103, type: 'docs' },
      ],
    });
    const ids = new Map<number, string>();
    for (const event of await log(olga)) if (event.type === 'issue.created' && event.issue.number) ids.set(event.issue.number, event.issue.id);
    const day = { server, clock, olga, issue: (number: number) => ids.get(number)!, join };
    current = { day, people, pages: [] };
    return day;
  }

  /** A page of someone who joined on a socket (a first-timer, say), or a lurker's. */
  async function pageOf(day: Day, person?: SocketPerson, viewport?: { width: number; height: number }): Promise<Page> {
    const page = person ? await openAs(browser, day.server.url, person.joined, viewport) : await openPage(browser, day.server.url, viewport);
    current!.pages.push(page);
    return page;
  }

  it('asks before a claim against the focus: a no claims nothing, a yes claims it for every page', async () => {
    const day = await bugDay();
    await day.olga.send('event:update', { focus: { text: 'Bug fixes and docs only', discouraged: ['feature'] } });
    const ana = await day.join('ana');
    const [page, watcher] = await Promise.all([pageOf(day, ana), pageOf(day)]);
    await page.getByText(/^Focus: Bug fixes and docs only/).waitFor();

    // The feature card says so on hover and on keyboard focus; Escape puts the hint away.
    const dark = card(page, 'Dark theme');
    const hint = dark.getByText('Not this event’s focus (“Bug fixes and docs only”): claiming it asks you first.');
    await dark.hover();
    await hint.waitFor({ state: 'visible' });
    await page.keyboard.press('Escape');
    await hint.waitFor({ state: 'hidden' });
    await page.mouse.move(0, 0);
    await dark.getByRole('link', { name: 'Dark theme' }).focus();
    await hint.waitFor({ state: 'visible' });

    const claim = dark.getByRole('button', { name: 'Claim #102' });
    const question = page.getByRole('dialog', { name: 'Not this event’s focus' });
    await claim.click();
    await question.getByText("#102 is a feature request, and this event's focus is “Bug fixes and docs only”. Claim it anyway?").waitFor();
    await question.getByRole('button', { name: 'Don’t claim' }).click();
    await question.waitFor({ state: 'hidden' });
    await expect.poll(() => isFocused(page, claim), { message: 'focus back on the Claim pressed' }).toBe(true);

    await claim.press('Enter');
    await question.getByRole('button', { name: 'Claim anyway' }).click();
    await watcher.getByRole('region', { name: /^In progress/ }).getByRole('article', { name: 'Dark theme' }).getByText(/^Claimed by ana/).waitFor();
    await expect.poll(() => focusedCard(page), { message: 'focus on the card, in its new column' }).toBe('Dark theme');
    // The no sent nothing that took: one claim in the log, the confirmed one.
    expect((await log(day.olga)).filter((event) => event.type === 'issue.claimed')).toHaveLength(1);
  });

  it('marks a card stale when its lease runs out, tells its holder, and takes an Extend; left alone, it goes back to Open', async () => {
    const day = await bugDay();
    await day.olga.send('event:update', { claims: LEASE });
    const [ana, bob] = [await day.join('ana'), await day.join('bob')];
    const [page, other] = await Promise.all([pageOf(day, ana), pageOf(day, bob)]);
    await card(page, 'Crash on save').getByRole('button', { name: 'Claim #101' }).click();
    await card(other, 'Crash on save').getByText(/^Claimed by ana/).waitFor();

    day.clock.skip(PAST_A_MINUTE);
    const stale = (on: Page) => card(on, 'Crash on save').getByText('stale', { exact: true });
    await stale(other).waitFor();
    await stale(page).waitFor();
    const toast = page.getByRole('list', { name: 'Notifications' }).getByRole('listitem').filter({ hasText: '#101 went stale' });
    await expect
      .poll(() => toast.getByRole('status').textContent())
      .toMatch(/^\s*#101 went stale: nobody worked on it for 1 min\. Extend it, or it is released at .+\.$/);
    await toast.getByRole('button', { name: /^Extend/ }).click();
    await stale(other).waitFor({ state: 'detached' });
    await toast.waitFor({ state: 'detached' });

    day.clock.skip(PAST_A_MINUTE);
    await stale(other).waitFor();
    day.clock.skip(PAST_A_MINUTE);
    await other.getByRole('region', { name: /^Open/ }).getByRole('article', { name: 'Crash on save' }).waitFor();
    await page.getByRole('list', { name: 'Notifications' }).getByText(/went stale/).waitFor({ state: 'detached' });
    const panel = await openCard(other, 'Crash on save');
    await panel.getByRole('listitem').filter({ hasText: '#101 released: nobody worked on it through its lease' }).waitFor();
  });

  it('holds a first-timer to one card: no second Claim, and the panel says why', async () => {
    const day = await bugDay();
    const cy = await day.join('cy', { firstTime: true });
    const page = await pageOf(day, cy);
    await card(page, 'Crash on save').getByRole('button', { name: 'Claim #101' }).click();
    const mine = card(page, 'Crash on save');
    await mine.getByText(/^Claimed by cy/).waitFor();
    await mine.getByRole('img', { name: 'first-timer' }).waitFor();
    expect(await card(page, 'Typo in docs').getByRole('button', { name: /^Claim/ }).count()).toBe(0);
    const panel = await openCard(page, 'Typo in docs');
    await panel.getByText('You already hold 1 issue, the most a first-timer may hold here; release it first.').waitFor();
    // The server holds to it whatever sends the claim (a chat command, another client).
    await expect(cy.send('issue:claim', { issueId: day.issue(103) })).rejects.toThrow('the most a first-timer may hold here');
  });

  it('adds a co-worker and records a branch check from the panel, seen live on another page; axe finds nothing on the panel', async () => {
    const day = await bugDay();
    await day.olga.send('event:update', { branches: ['main', '3.13'] });
    const [ana, bob] = [await day.join('ana'), await day.join('bob')];
    await ana.send('issue:claim', { issueId: day.issue(101) });
    const [page, other] = await Promise.all([pageOf(day, ana), pageOf(day, bob)]);
    const panel = await openCard(page, 'Crash on save');

    await panel.locator('summary', { hasText: 'Add a co-worker' }).click();
    await panel.getByRole('combobox', { name: 'Add a co-worker to #101' }).selectOption(bob.joined.person.id);
    await panel.getByRole('button', { name: 'Add to #101' }).click();
    await card(other, 'Crash on save').getByText(/^Claimed by ana \+ bob/).waitFor();

    const theirs = await openCard(other, 'Crash on save');
    await theirs.getByText(/^Claimed by ana for .+, with bob\.$/).waitFor();
    await theirs.getByRole('button', { name: 'Leave #101' }).waitFor();
    const row = theirs.getByRole('region', { name: 'Branches' }).getByRole('row', { name: /^3\.13/ });
    await row.getByText('Not checked yet').waitFor();

    await panel.locator('summary', { hasText: 'Record a check' }).click();
    await panel.getByRole('combobox', { name: 'Branch' }).selectOption('3.13');
    await panel.getByRole('radio', { name: 'Not reproduced' }).check();
    await panel.getByRole('button', { name: 'Record check' }).click();
    await row.getByRole('cell', { name: 'Not reproduced' }).waitFor();
    await row.getByRole('cell', { name: 'ana' }).waitFor();
    await theirs.getByRole('listitem').filter({ hasText: 'ana checked 3.13: not reproduced' }).waitFor();

    // Every new control on screen at once: both disclosures open, a co-worker to remove, the lease.
    await panel.locator('summary', { hasText: 'Record a check' }).click();
    await panel.locator('summary', { hasText: 'Add a co-worker' }).click();
    await panel.getByRole('button', { name: 'Remove bob from #101' }).waitFor();
    await panel.getByText(/^Lease runs out at/).waitFor();
    await expectClean(page, 'the card panel with every new control', 'dialog[open]');
  });

  it('axe finds nothing on a board of stale, paired and commit-requested cards, on a desktop and a phone, light and dark', async () => {
    const day = await bugDay();
    await day.olga.send('event:update', {
      claims: LEASE,
      focus: { text: 'Bug fixes and docs only', discouraged: ['feature'] },
      branches: ['main', '3.13'],
    });
    const [ana, cy] = [await day.join('ana'), await day.join('cy', { firstTime: true })];
    await ana.send('issue:claim', { issueId: day.issue(101) });
    await ana.send('issue:pair', { issueId: day.issue(101), personId: cy.joined.person.id });
    await ana.send('issue:claim', { issueId: day.issue(103) });
    await ana.send('issue:patch', { issueId: day.issue(103), url: 'https://git.example.org/merge/7' });
    await ana.send('issue:move', { issueId: day.issue(103), column: 'review' });
    const [desktop, phone] = await Promise.all([pageOf(day, ana), pageOf(day, ana, { width: 390, height: 844 })]);
    day.clock.skip(PAST_A_MINUTE);
    for (const page of [desktop, phone]) await card(page, 'Crash on save').getByText('stale', { exact: true }).waitFor();
    // Asked after the lease ran out: asking is not work on the card, so it stays stale beside the request.
    await ana.send('issue:ask-commit', { issueId: day.issue(103), note: 'green on main' });
    for (const page of [desktop, phone]) {
      await card(page, 'Typo in docs').getByText('commit requested').waitFor();
      await page.getByRole('status').filter({ hasText: '#101 went stale' }).waitFor();
      // The focus hint of the feature card on screen too.
      await card(page, 'Dark theme').hover();
      await card(page, 'Dark theme').getByText(/^Not this event’s focus/).waitFor({ state: 'visible' });
      await page.evaluate(() => Promise.all(document.getAnimations().map((animation) => animation.finished)));
      await expect.poll(() => page.getByRole('list', { name: 'Notifications' }).getByRole('listitem').first().evaluate((element) => getComputedStyle(element).opacity)).toBe('1');
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme });
        await expectClean(page, `a board of stale, paired and commit-requested cards (${colorScheme})`, '#panel-board');
      }
    }
  });
});
