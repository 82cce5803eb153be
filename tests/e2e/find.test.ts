/**
 * Finding and following the work in a real browser, on a bug day in full swing (34 issues):
 * a filter typed on one page, its link opened in a fresh page by a lurker, a card's panel
 * alongside it, the phone's folded bar; and registering from a lurker's page, the kept link
 * joining a fresh page as that registration, the organizer's headcount following live, and the
 * email reaching no page but the organizer's.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { apply, emptyState } from '../../shared/domain/index.ts';
import { FIRST_SYNC_ELEMENT, type BoardState, type DomainEvent, type SyncPayload } from '../../shared/protocol.ts';
import { expectClean } from './axe.ts';
import { FIRST_NUMBER, LAST_NUMBER, type BugDay } from './bug-day.ts';
import { openAs, openIn, openPage } from './harness.ts';
import { useBugDay } from './bug-day-suite.ts';

const PHONE = { width: 390, height: 844 };
const EMAIL = 'bea.first@example.org';

/** The titles of the cards on screen, in board order. */
const shownCards = (page: Page) => page.getByRole('article').locator('h3').allTextContents();
const bar = (page: Page) => page.getByRole('search', { name: 'Filter the board' });
const lastCard = (day: BugDay) => `[data-card="${day.issue(LAST_NUMBER)}"]`;

describe('filters that travel in the link', () => {
  let browser: Browser;
  let day: BugDay;
  const server = useBugDay((b, d) => ((browser = b), (day = d)));

  it('narrows the board as ana types and picks, in the address without history entries, and a lurker opening that link sees the same', async () => {
    const ana = await openAs(browser, server.url, day.people.ana.joined);
    await ana.locator(lastCard(day)).waitFor({ state: 'attached' });
    const entries = await ana.evaluate(() => history.length);
    const search = bar(ana).getByRole('searchbox', { name: 'Search' });
    await search.pressSequentially('the');
    await bar(ana).getByText(/^\d+ of 34 issues match/).waitFor();
    await bar(ana).getByRole('button', { name: 'Filters', exact: true }).click();
    await bar(ana).getByRole('combobox', { name: 'Type' }).selectOption({ label: 'Bug' });
    await bar(ana).getByRole('checkbox', { name: 'Unclaimed' }).check();
    const wanted = await titlesMatching(ana, (title, type, claimed, labels) => [title, ...labels].some((text) => text.toLowerCase().includes('the')) && type === 'bug' && !claimed);
    expect(wanted.length).toBeGreaterThan(1);
    await expect.poll(() => shownCards(ana)).toEqual(wanted);
    const link = ana.url();
    expect(new URL(link).search).toBe('?free=1&q=the&type=bug');
    expect(await ana.evaluate(() => history.length)).toBe(entries);
    const shown = await shownCards(ana);
    await expect.poll(() => ana.getByRole('heading', { level: 2, name: /^Open/ }).textContent()).toMatch(/^Open\s*\d+ of 28 issues$/);

    const lurker = await openPage(browser, link);
    expect(await shownCards(lurker)).toEqual(shown);
    expect(await bar(lurker).getByRole('searchbox', { name: 'Search' }).inputValue()).toBe('the');
    expect(await bar(lurker).getByRole('checkbox', { name: 'Unclaimed' }).isChecked()).toBe(true);
    await bar(lurker).getByRole('button', { name: 'Filters (1)' }).click();
    expect(await bar(lurker).getByRole('combobox', { name: 'Type' }).inputValue()).toBe('bug');
    await bar(lurker).getByText(`${shown.length} of 34 issues match`).waitFor();
    await expectClean(lurker, 'a filtered board opened from a link');
    await lurker.emulateMedia({ colorScheme: 'dark' });
    await expectClean(lurker, 'a filtered board opened from a link, dark');
    await lurker.context().close();
    await ana.context().close();
  });

  it('keeps the filter while a card’s panel opens and closes over it, and Back and Forward carry both', async () => {
    const page = await openPage(browser, `${server.url}/?label=easy`);
    await page.locator(lastCard(day)).waitFor({ state: 'attached' });
    const easy = await shownCards(page);
    expect(easy).toContain('Typo in the contributing guide');
    await page.getByRole('link', { name: 'Typo in the contributing guide' }).click();
    const panel = page.getByRole('dialog', { name: 'Typo in the contributing guide' });
    await panel.waitFor();
    expect(new URL(page.url())).toMatchObject({ search: '?label=easy', hash: `#/issue/${FIRST_NUMBER + 2}` });
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });
    // Closing a panel the page navigated to goes Back, which lands after the panel has gone.
    await expect.poll(() => new URL(page.url()).hash).toBe('');
    expect(new URL(page.url()).search).toBe('?label=easy');
    // Focus is back on the card, which the filter still shows.
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Typo in the contributing guide');
    expect(await shownCards(page)).toEqual(easy);

    // Another address of the same page, reached by Back: the board follows it.
    await page.evaluate(() => history.pushState(null, '', '/?type=feature'));
    await page.evaluate(() => history.back());
    await page.evaluate(() => history.forward());
    await bar(page).getByRole('button', { name: 'Filters (1)' }).click();
    await expect.poll(() => bar(page).getByRole('combobox', { name: 'Type' }).inputValue()).toBe('feature');
    expect(await bar(page).getByRole('combobox', { name: 'Label' }).inputValue()).toBe('');
    await page.goBack();
    await expect.poll(() => shownCards(page)).toEqual(easy);
    await page.context().close();
  });

  it('offers First-timer friendly once the organizer names the label, live, and "/" goes to the search', async () => {
    const page = await openAs(browser, server.url, day.people.cy.joined);
    await page.locator(lastCard(day)).waitFor({ state: 'attached' });
    const friendly = bar(page).getByRole('checkbox', { name: 'First-timer friendly (easy)' });
    expect(await friendly.count()).toBe(0);
    await day.people.olga.send('event:update', { friendlyLabel: 'easy' });
    await friendly.check();
    expect(await shownCards(page)).toEqual(await titlesMatching(page, (_title, _type, _claimed, labels) => labels.includes('easy')));
    expect(new URL(page.url()).search).toBe('?friendly=1');
    await page.getByRole('link', { name: (await shownCards(page))[0]! }).focus();
    await page.keyboard.press('/');
    expect(await bar(page).getByRole('searchbox', { name: 'Search' }).evaluate((element) => element === document.activeElement)).toBe(true);
    await page.keyboard.type('zzz-nothing');
    await bar(page).getByText('0 of 34 issues match').waitFor();
    await bar(page).getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => shownCards(page).then((titles) => titles.length)).toBe(34);
    expect(new URL(page.url()).search).toBe('');
    await page.context().close();
  });

  it('on a phone keeps the search in sight and folds the rest into “Filters (2)”', async () => {
    const page = await openPage(browser, `${server.url}/?label=easy&free=1`, PHONE);
    const more = bar(page).getByRole('button', { name: 'Filters (2)' });
    expect(await more.getAttribute('aria-expanded')).toBe('false');
    expect(await bar(page).getByRole('searchbox', { name: 'Search' }).isVisible()).toBe(true);
    expect(await bar(page).getByRole('combobox', { name: 'Label' }).isVisible()).toBe(false);
    await expectClean(page, 'a filtered board on a phone');
    await more.click();
    await bar(page).getByRole('combobox', { name: 'Label' }).waitFor();
    await expectClean(page, 'the phone’s filters, open');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expectClean(page, 'the phone’s filters, open, dark');
    await page.context().close();
  });
});

describe('registration and headcount', () => {
  let browser: Browser;
  let day: BugDay;
  const server = useBugDay((b, d) => ((browser = b), (day = d)));

  beforeAll(async () => {
    await day.people.olga.send('event:update', { venues: ['Montreal', 'Lyon'] });
  });

  it('registers a lurker through the Register dialog, counts them live for the organizer, and joins a fresh page as that registration', async () => {
    const olga = await openAs(browser, server.url, day.people.olga.joined);
    await olga.getByRole('banner').getByRole('button', { name: 'Organize' }).click();
    const headcount = olga.getByRole('dialog', { name: 'Organize' }).getByRole('region', { name: 'Headcount' });
    await headcount.getByText(/^Nobody has registered yet/).waitFor();
    const mira = await openAs(browser, server.url, day.people.mira.joined);

    const lurker = await watched(browser, server.url);
    await lurker.page.getByRole('banner').getByRole('button', { name: 'Register' }).click();
    const dialog = lurker.page.getByRole('dialog', { name: 'Register for Autumn bug day' });
    await dialog.getByRole('textbox', { name: 'Name' }).fill('bea');
    await dialog.getByRole('combobox', { name: 'Venue (optional)' }).fill('Montreal');
    await dialog.getByRole('checkbox', { name: 'This is my first bug day' }).check();
    await dialog.getByRole('textbox', { name: 'Email (optional)' }).fill(EMAIL);
    await dialog.getByText('Only organizers see it, and it is in no export.').waitFor();
    await expectClean(lurker.page, 'the Register dialog', 'dialog[open]');
    await dialog.getByRole('button', { name: 'Register' }).click();
    // The dialog is named by its heading, which now says what happened.
    const answer = lurker.page.getByRole('dialog', { name: 'You are registered' });
    await answer.waitFor();
    await expectClean(lurker.page, 'the Register dialog’s answer', 'dialog[open]');
    const kept = (await answer.getByRole('link', { name: /#join=/ }).getAttribute('href'))!;
    expect(kept).toMatch(new RegExp(`^${server.url}/#join=r\\d+\\.[\\w-]+&nick=bea$`));
    await answer.getByRole('button', { name: 'Done' }).click();

    // The organizer's panel, open all along, follows; the email is theirs to see.
    await headcount.getByText('1 person registered, a first-timer; nobody has joined yet.').waitFor();
    const perVenue = headcount.getByRole('table', { name: 'Expected per venue' });
    await perVenue.getByRole('row', { name: 'Montreal 1 1 0' }).waitFor();
    await headcount.getByText('Who registered (1)').click();
    await headcount.getByRole('link', { name: EMAIL }).waitFor();
    await expectClean(olga, 'the headcount', 'dialog[open]');
    // A mentor expects her.
    const expected = mira.getByRole('list', { name: /^Expected first-timers/ });
    await expected.getByText('bea (first bug day), Montreal').waitFor();

    // The email reached neither the page that registered nor one opened since, in any form.
    const fresh = await watched(browser, server.url);
    for (const { page, received } of [lurker, fresh]) {
      expect(await page.content()).not.toContain(EMAIL);
      const board = received();
      expect(JSON.stringify(board)).not.toContain(EMAIL);
      expect(Object.values(board.registrations)).toEqual([expect.objectContaining({ name: 'bea', venue: 'Montreal', firstTime: true })]);
      expect(Object.values(board.registrations)[0]).not.toHaveProperty('email');
    }

    // The kept link, opened later in a fresh page, joins as that registration.
    const later = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    later.setDefaultTimeout(10_000);
    const page = await openIn(later, kept);
    const join = page.getByRole('dialog', { name: 'Join bugday' });
    await join.getByRole('note').getByText('You are joining as your registration: bea, Montreal, first bug day.').waitFor();
    expect(page.url()).not.toContain('#join=');
    expect(await join.getByRole('textbox', { name: 'Nick' }).inputValue()).toBe('bea');
    await expectClean(page, 'the Join dialog from a registration link', 'dialog[open]');
    await join.getByRole('button', { name: 'Join' }).click();
    await page.getByText('You are bea (Montreal)').waitFor();

    await headcount.getByText('1 person registered, a first-timer; 1 has joined so far.').waitFor();
    await perVenue.getByRole('row', { name: 'Montreal 1 1 1' }).waitFor();
    await expected.waitFor({ state: 'detached' });
    await mira.getByRole('region', { name: /^People/ }).getByRole('listitem').filter({ hasText: 'bea' }).getByText('first-timer', { exact: true }).waitFor();
    for (const context of [olga.context(), mira.context(), lurker.page.context(), fresh.page.context(), later] satisfies BrowserContext[]) await context.close();
  });
});

/** The titles of every card on the board that `keep` says, in board order, read off the page's own cards. */
async function titlesMatching(page: Page, keep: (title: string, type: string, claimed: boolean, labels: string[]) => boolean): Promise<string[]> {
  const cards = await page.evaluate(() =>
    [...document.querySelectorAll('article')].map((card) => ({
      title: card.querySelector('h3')?.textContent ?? '',
      type: card.querySelector('.type')?.textContent?.replace('request', '').trim().toLowerCase() || 'bug',
      claimed: /Claimed by/.test(card.textContent ?? ''),
      labels: [...card.querySelectorAll('.label')].map((label) => label.textContent ?? ''),
    })),
  );
  return cards.filter((card) => keep(card.title, card.type, card.claimed, card.labels)).map((card) => card.title);
}

/**
 * A lurker's page with everything the server sent it kept: the board in the page itself and
 * every frame of its socket. `received` folds them with the shared reducer, as the page does:
 * what its `client.board` holds.
 */
async function watched(browser: Browser, url: string): Promise<{ page: Page; received: () => BoardState }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  context.setDefaultTimeout(10_000);
  const payloads: SyncPayload[] = [];
  const batches: DomainEvent[][] = [];
  await context.routeWebSocket(/\/socket\.io\//, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((message) => server.send(message));
    server.onMessage((message) => {
      ws.send(message);
      if (typeof message !== 'string' || !message.startsWith('42[')) return;
      const [name, body] = JSON.parse(message.slice(2)) as [string, unknown];
      if (name === 'sync') payloads.push(body as SyncPayload);
      if (name === 'events') batches.push(body as DomainEvent[]);
    });
  });
  context.on('response', async (response) => {
    if (response.request().resourceType() !== 'document') return;
    const html = await response.text();
    const found = new RegExp(`<script type="application/json" id="${FIRST_SYNC_ELEMENT}">([^<]*)</script>`).exec(html);
    if (found) payloads.unshift(JSON.parse(found[1]!) as SyncPayload);
  });
  const page = await openIn(context, url);
  const received = () => {
    let board = emptyState();
    const fold = (events: DomainEvent[]) => events.forEach((event) => event.seq === board.seq + 1 && apply(board, event));
    for (const payload of payloads) {
      if ('snapshot' in payload) board = structuredClone(payload.snapshot);
      else fold(payload.events);
    }
    batches.forEach(fold);
    return board;
  };
  return { page, received };
}
