/**
 * The chat speaks the board, in a real browser against the real server: slash commands claim
 * and move cards and answer questions to the sender alone, a message saying "I'm working on #N"
 * offers the claim, and a mention of someone on a phone looking at the board waits on their
 * Chat tab and in the page's title until they open the chat.
 */
import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClean } from './axe.ts';
import { FIRST_NUMBER, type BugDay } from './bug-day.ts';
import { card, openAs } from './harness.ts';
import { useBugDay } from './bug-day-suite.ts';

const PHONE = { width: 390, height: 844 };
const TITLE = 'Autumn bug day · bugday';
/** Open cards nobody holds on the bug day's board. */
const CLAIMED_BY_COMMAND = { number: FIRST_NUMBER + 10, title: 'Scrollbar jumps when the list refreshes' };
const CLAIMED_BY_OFFER = { number: FIRST_NUMBER + 11, title: 'Error message for a full disk is unreadable' };

const box = (page: Page) => page.getByRole('textbox', { name: 'Message' });
/** The line under the box, for the sender alone. */
const feedback = (page: Page) => page.locator('#composer-feedback');
const column = (page: Page, name: RegExp) => page.getByRole('region', { name });
/** The chat pane: the board has a Claim #N button of its own on the same card. */
const chat = (page: Page) => page.getByRole('region', { name: 'Chat', exact: true });

async function type(page: Page, text: string) {
  await box(page).fill(text);
  await box(page).press('Enter');
}

const expectChatClean = (page: Page, view: string) => expectClean(page, view, '#panel-chat');

describe('a chat that speaks the board', () => {
  let browser: Browser;
  let day: BugDay;
  let ana: Page;
  let bob: Page;
  const server = useBugDay((b, d) => ((browser = b), (day = d)));

  beforeAll(async () => {
    [ana, bob] = await Promise.all([openAs(browser, server.url, day.people.ana.joined), openAs(browser, server.url, day.people.bob.joined)]);
  });

  it('claims with /claim typed in the chat box, and another page sees the card claimed live', async () => {
    const { number, title } = CLAIMED_BY_COMMAND;
    await card(bob, title).getByRole('button', { name: `Claim #${number}` }).waitFor();
    await type(ana, `/claim ${number}`);
    await card(bob, title).getByText(/^Claimed by ana/).waitFor();
    await column(bob, /^In progress/).getByRole('article', { name: title }).waitFor();
    expect(await box(ana).inputValue()).toBe('');
    expect(await box(ana).evaluate((element) => element === document.activeElement)).toBe(true);
  });

  it('moves with /move, and answers /who to the sender alone', async () => {
    const { number, title } = CLAIMED_BY_COMMAND;
    await type(ana, `/move ${number} review`);
    await column(bob, /^Needs review/).getByRole('article', { name: title }).waitFor();
    await type(ana, `/who #${number}`);
    const answer = new RegExp(`^#${number} ${title}: held by ana since \\d\\d:\\d\\d.* \\(Needs review\\)\\.$`);
    await expect.poll(() => feedback(ana).textContent()).toMatch(answer);
    expect(await ana.getByRole('log').getByText(answer).count(), 'the answer is not a chat message').toBe(0);
    expect(await bob.getByText(/held by ana since/).count()).toBe(0);
    expect(await feedback(bob).textContent()).toBe('');
  });

  it('answers a mistyped command under the box with the command list open, and axe finds nothing there', async () => {
    await type(ana, `/move ${CLAIMED_BY_COMMAND.number}`);
    await expect.poll(() => feedback(ana).textContent()).toMatch(/^Usage: \/move 123 review/);
    expect(await box(ana).inputValue()).toBe(`/move ${CLAIMED_BY_COMMAND.number}`);
    await ana.getByRole('list', { name: 'Commands' }).getByRole('button', { name: '/move 123 review' }).waitFor();
    // A mention of ana is marked too, so one look covers the command list, the answer and a mention.
    await day.people.bob.send('chat:send', { text: '@ana the tests pass on my side' });
    await ana.getByRole('log').locator('mark', { hasText: '@ana' }).waitFor();
    await expectChatClean(ana, "ana's chat with the command list, a usage line and a mention");
    await ana.emulateMedia({ colorScheme: 'dark' });
    await expectChatClean(ana, "ana's chat, dark");
    await ana.emulateMedia({ colorScheme: 'light' });
    // Typing again forgets the answer.
    await box(ana).press('Backspace');
    await expect.poll(() => feedback(ana).textContent()).toBe('');
    await box(ana).fill('');
  });

  it('offers "Claim #N" for "I\'m working on #N", and the button claims it', async () => {
    const { number, title } = CLAIMED_BY_OFFER;
    const text = `I'm working on #${number}`;
    await box(ana).fill(text);
    await chat(ana).getByRole('button', { name: `Claim #${number}` }).click();
    await card(bob, title).getByText(/^Claimed by ana/).waitFor();
    await chat(ana).getByRole('button', { name: `Claim #${number}` }).waitFor({ state: 'detached' });
    // The message is still there to send, and focus is back in the box.
    expect(await box(ana).inputValue()).toBe(text);
    await expect.poll(() => box(ana).evaluate((element) => element === document.activeElement)).toBe(true);
  });

  it('counts a mention on a phone showing the board, on the Chat tab and in the title, until the chat is opened', async () => {
    const phone = await openAs(browser, server.url, day.people.bob.joined, PHONE);
    try {
      await phone.getByRole('tab', { name: 'Board', selected: true }).waitFor();
      expect(await phone.title()).toBe(TITLE);
      const text = `@bob can you review #${CLAIMED_BY_COMMAND.number}?`;
      await day.people.ana.send('chat:send', { text });
      const unread = phone.getByRole('tab', { name: 'Chat, 1 unread mention' });
      await unread.waitFor();
      expect((await unread.textContent())?.replace(/\s+/g, ' ')).toBe('Chat 1');
      await expect.poll(() => phone.title()).toBe(`(1) ${TITLE}`);

      await unread.click();
      await phone.getByRole('tab', { name: 'Chat', exact: true, selected: true }).waitFor();
      await expect.poll(() => phone.title()).toBe(TITLE);
      const line = phone.getByRole('log').getByRole('listitem').filter({ hasText: 'can you review' });
      expect(await line.locator('mark').textContent()).toBe('@bob');
      await line.getByText('mentions you').waitFor({ state: 'attached' });
      await expectChatClean(phone, "bob's phone chat with a mention of him");
    } finally {
      await phone.context().close();
    }
  });
});
