/**
 * A bug day from the keyboard alone, no mouse: join, walk the board, claim a
 * card, move it on, open and close its panel, chat, ask for help. Focus stays
 * where the person acted (on the card, wherever it went) and never drops to the
 * body; what the page sends reaches another real client.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../shared/protocol.ts';
import type { BugDay } from './bug-day.ts';
import { openPage, type SocketPerson } from './harness.ts';
import { useBugDay } from './bug-day-suite.ts';

/** What has focus, for messages: its role or tag and its name. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return 'the body';
    const name = element.getAttribute('aria-label') ?? (element as HTMLElement).innerText?.trim().slice(0, 40) ?? '';
    return `${element.getAttribute('role') ?? element.localName} "${name}"`;
  });

async function expectFocusKept(page: Page, after: string) {
  expect(await focused(page), `focus dropped to the body after ${after}`).not.toBe('the body');
}

/** Presses Tab (or Shift+Tab) until `target` has focus; focus is somewhere after every press. */
async function tabUntil(page: Page, target: Locator, key: 'Tab' | 'Shift+Tab', limit = 100) {
  for (let presses = 0; presses < limit; presses += 1) {
    await page.keyboard.press(key);
    const { reached, lost } = await target.evaluate((element) => ({
      reached: element === document.activeElement,
      lost: !document.activeElement || document.activeElement === document.body,
    }));
    expect(lost, `focus dropped to the body after ${key} ×${presses + 1}`).toBe(false);
    if (reached) return;
  }
  throw new Error(`${String(target)} was not reached after ${limit} presses of ${key}; focus is on ${await focused(page)}`);
}

/** The card that has focus (or holds it): its title and the column it is in. */
const focusedCard = (page: Page) =>
  page.evaluate(() => {
    const article = document.activeElement?.closest('article');
    const name = article && document.getElementById(article.getAttribute('aria-labelledby') ?? '')?.textContent?.trim();
    const column = article?.closest('section')?.querySelector('h2')?.firstChild?.textContent?.trim();
    return article ? { title: name ?? '', column } : undefined;
  });

/** Waits until the focused card is `title` in `column`: a claim or a move re-renders the card elsewhere. */
async function expectFocusOnCard(page: Page, title: string, column: string) {
  await expect.poll(() => focusedCard(page), { message: `focus on ${title} in ${column}` }).toEqual({ title, column });
}

/** The next event `person`'s socket is sent that `matches`. */
function nextEvent(person: SocketPerson, matches: (event: DomainEvent) => boolean): Promise<DomainEvent> {
  return new Promise((resolve) => {
    const listener = (events: DomainEvent[]) => {
      const found = events.find(matches);
      if (!found) return;
      person.socket.off('events', listener);
      resolve(found);
    };
    person.socket.on('events', listener);
  });
}

describe('a bug day by keyboard alone', () => {
  let browser: Browser;
  let day: BugDay;
  let page: Page;
  let title: string;
  const server = useBugDay((b, d) => ((browser = b), (day = d)));

  beforeAll(async () => {
    page = await openPage(browser, server.url);
  });

  it('joins: the skip links are the first stops, then the header’s Join', async () => {
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('button "Skip to the board"');
    await tabUntil(page, page.getByRole('banner').getByRole('button', { name: 'Join' }), 'Tab');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Join bugday' });
    await dialog.waitFor();
    expect(await dialog.evaluate((element) => element.contains(document.activeElement))).toBe(true);
    await page.keyboard.type('kai');
    await page.keyboard.press('Enter');
    await page.getByText('You are kai').waitFor();
    await expectFocusKept(page, 'joining');
  });

  it('walks to an open card, claims it and keeps focus on it in In progress', async () => {
    await tabUntil(page, page.getByRole('button', { name: 'Skip to the board' }), 'Shift+Tab');
    await page.keyboard.press('Enter');
    const first = await focusedCard(page);
    expect(first?.column, 'Skip to the board lands on the first card').toBe('Open');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expectFocusKept(page, 'ArrowDown');
    const card = (await focusedCard(page))!;
    expect(card.column).toBe('Open');
    expect(card.title).not.toBe(first!.title);
    title = card.title;
    // Claim and ⋯ come before the title link in the card; Tab reaches them only on the card the board is on.
    const claim = page.getByRole('article', { name: title }).getByRole('button', { name: /^Claim/ });
    await tabUntil(page, claim, 'Shift+Tab', 3);
    await page.keyboard.press('Enter');
    await expectFocusOnCard(page, title, 'In progress');
    await expectFocusKept(page, 'the claim');
  });

  it('moves it on with ], opens its panel with Enter and is back on the card after Escape', async () => {
    await page.keyboard.press(']');
    await expectFocusOnCard(page, title, 'Needs review');
    await page.keyboard.press('Enter');
    const panel = page.getByRole('dialog', { name: title });
    await panel.getByText(/^Claimed by kai/).waitFor();
    expect(await panel.evaluate((element) => element.contains(document.activeElement))).toBe(true);
    // A move from the panel: the button pressed goes with the move, and focus stays in the panel.
    await tabUntil(page, panel.getByRole('button', { name: 'Move to In progress' }), 'Tab');
    await page.keyboard.press('Enter');
    await panel.getByText('in In progress').waitFor();
    await panel.getByRole('button', { name: 'Move to Needs review' }).waitFor();
    expect(await panel.evaluate((element) => element.contains(document.activeElement))).toBe(true);
    await tabUntil(page, panel.getByRole('button', { name: 'Move to Needs review' }), 'Tab');
    await page.keyboard.press('Enter');
    await panel.getByText('in Needs review').waitFor();
    expect(await panel.evaluate((element) => element.contains(document.activeElement))).toBe(true);
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });
    await expectFocusOnCard(page, title, 'Needs review');
  });

  it('chats from the skip link, and another client gets the message', async () => {
    await tabUntil(page, page.getByRole('button', { name: 'Skip to the chat' }), 'Shift+Tab');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('composer');
    const text = 'I took one by keyboard alone';
    const heard = nextEvent(day.people.bob, (event) => event.type === 'chat.sent' && event.text === text);
    await page.keyboard.type(text);
    await page.keyboard.press('Enter');
    expect(await heard).toMatchObject({ type: 'chat.sent', text });
    await expectFocusKept(page, 'sending a message');
  });

  it('asks for help from the skip link, and a mentor’s client sees the flag', async () => {
    await tabUntil(page, page.getByRole('button', { name: 'Skip to help' }), 'Shift+Tab');
    await page.keyboard.press('Enter');
    await expectFocusKept(page, 'Skip to help');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('help-note');
    const note = 'Where are the tests for this?';
    const seen = nextEvent(day.people.mira, (event) => event.type === 'help.raised' && event.note === note);
    await page.keyboard.type(note);
    await tabUntil(page, page.getByRole('button', { name: 'Ask for help' }), 'Tab', 3);
    await page.keyboard.press('Enter');
    expect(await seen).toMatchObject({ type: 'help.raised', note, issueId: expect.any(String) });
    // The form is gone (one open flag a person): focus goes to the flag it raised.
    await expect.poll(() => focused(page)).toBe('li "Help flag from kai"');
  });
});
