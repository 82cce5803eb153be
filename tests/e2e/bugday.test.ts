import type { Browser, Page } from 'playwright-core';
import { can } from '../../shared/domain/index.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { card, joinAs, launch, openIn, openPage, tabTo, TestServer } from './harness.ts';

const WRITE_CONTROLS = /^(Claim|Release|Move|Send|Ask for help|Take|Resolve|Cancel|Add issue)\b/;

/** Every chat line with exactly this text, on one page. */
const chatLines = (page: Page, text: string) =>
  page.getByRole('region', { name: 'Chat history' }).getByRole('listitem').filter({ hasText: text });

describe('bugday in a real browser', () => {
  const server = new TestServer();
  let browser: Browser;
  let ana: Page;
  let bob: Page;
  let lurker: Page;

  beforeAll(async () => {
    browser = await launch();
    await server.start();
    await server.seed([
      { title: 'Crash on save', number: 101, url: 'https://bugs.example.org/101' },
      { title: 'Dark theme', number: 102, type: 'feature' },
      { title: 'Typo in docs', number: 103, type: 'docs' },
    ]);
    [ana, bob, lurker] = await Promise.all([openPage(browser, server.url), openPage(browser, server.url), openPage(browser, server.url)]);
    await joinAs(ana, 'ana');
    await joinAs(bob, 'bob');
  });

  afterAll(async () => {
    await browser?.close();
    await server.dispose();
  });

  it('shows a claim on every page and a losing claim’s refusal where it was made', async () => {
    // Hold what the server tells bob's page, so bob still sees #101 open when he clicks: the race a real claim loses.
    let holding = false;
    const held: (string | Buffer)[] = [];
    let toBob: ((message: string | Buffer) => void) | undefined;
    await bob.routeWebSocket(/socket\.io/, (page) => {
      const upstream = page.connectToServer();
      toBob = (message) => page.send(message);
      page.onMessage((message) => upstream.send(message));
      upstream.onMessage((message) => (holding ? held.push(message) : page.send(message)));
    });
    await bob.reload();
    await card(bob, 'Crash on save').getByRole('button', { name: 'Claim #101' }).waitFor();

    try {
      holding = true;
      await card(ana, 'Crash on save').getByRole('button', { name: 'Claim #101' }).click();
      await card(lurker, 'Crash on save').getByText(/^Claimed by ana/).waitFor();
      await card(bob, 'Crash on save').getByRole('button', { name: 'Claim #101' }).click();
    } finally {
      holding = false;
      for (const message of held.splice(0)) toBob!(message);
    }

    const bobsCard = card(bob, 'Crash on save');
    // The refusal is a toast on bob's page alone: the button that sent it is gone with the claim.
    await bob.getByRole('status').filter({ hasText: '#101 is already claimed by ana' }).waitFor();
    await bobsCard.getByText(/^Claimed by ana/).waitFor();
    const inProgress = lurker.getByRole('region', { name: /^In progress/ });
    await inProgress.getByRole('article', { name: 'Crash on save' }).waitFor();
  });

  it('moves my card by drag and drop and by the move menu', async () => {
    const mine = card(ana, 'Crash on save');
    await mine.dragTo(ana.getByRole('region', { name: /^Needs review/ }));
    await lurker.getByRole('region', { name: /^Needs review/ }).getByRole('article', { name: 'Crash on save' }).waitFor();
    await mine.getByRole('button', { name: 'Actions for #101' }).click();
    // Marking work ready to commit is a mentor's call, so a participant is not offered it.
    expect(await ana.getByRole('menu').getByRole('menuitem').allTextContents()).toEqual([
      'Details and records',
      'Release',
      'Move to Open',
      'Move to In progress',
    ]);
    await ana.getByRole('menuitem', { name: 'Move to In progress' }).click();
    await bob.getByRole('region', { name: /^In progress/ }).getByRole('article', { name: 'Crash on save' }).waitFor();
    await chatLines(lurker, 'ana moved #101 to In progress').waitFor();
  });

  it('gives the lurker no active write control', async () => {
    await lurker.getByText(/^Claimed by ana/).waitFor();
    expect(await lurker.getByRole('button', { name: WRITE_CONTROLS }).count()).toBe(0);
    expect(await lurker.getByRole('textbox').count()).toBe(0);
    expect(await lurker.getByRole('combobox').count()).toBe(0);
    expect(await lurker.getByRole('button', { name: 'Join' }).count()).toBeGreaterThan(0);
    // Lurkers are counted, never listed.
    await ana.getByText('2 participants · 0 mentors · 1 lurker').waitFor();
    await ana.getByText('and 1 lurker watching').waitFor();
  });

  it('delivers a chat message from bob to all three pages, with links', async () => {
    const box = bob.getByRole('textbox', { name: 'Message' });
    await box.fill('patch for #101: https://example.org/p1');
    await box.press('Enter');
    for (const page of [ana, bob, lurker]) {
      const line = chatLines(page, 'patch for #101');
      await line.waitFor();
      expect(await line.getByRole('link', { name: 'https://example.org/p1' }).getAttribute('href')).toBe('https://example.org/p1');
    }
    // A #number in the chat opens that card's panel; closing it gives focus to the card.
    await chatLines(lurker, 'patch for #101').getByRole('link', { name: '#101' }).click();
    await lurker.getByRole('dialog', { name: 'Crash on save' }).waitFor();
    expect(new URL(lurker.url()).hash).toBe('#/issue/101');
    await lurker.keyboard.press('Escape');
    await expect.poll(() => lurker.evaluate(() => document.activeElement?.closest('article')?.id)).toBe(await card(lurker, 'Crash on save').getAttribute('id'));
  });

  it('shows bob’s help flag to ana, with Take exactly when her role may take', async () => {
    await bob.getByRole('textbox', { name: 'What do you need help with?' }).fill('how do I run the tests?');
    await bob.getByRole('button', { name: 'Ask for help' }).click();
    const flag = ana.getByRole('listitem', { name: 'Help flag from bob' });
    await flag.getByText('how do I run the tests?').waitFor();
    await flag.getByText(/waiting under a minute/).waitFor();
    await chatLines(lurker, 'bob asked for help: how do I run the tests?').waitFor();
    // The shared permission table decides; joining through the page makes ana a participant.
    const take = flag.getByRole('button', { name: 'Take help flag from bob' });
    if (can('participant', 'help:take')) {
      await take.click();
      await bob.getByRole('listitem', { name: 'Help flag from bob' }).getByText(/ana is helping/).waitFor();
    } else {
      expect(await take.count()).toBe(0);
    }
    await bob.getByRole('listitem', { name: 'Help flag from bob' }).getByRole('button', { name: 'Cancel' }).click();
    await flag.waitFor({ state: 'detached' });
    await ana.getByText('Nobody is waiting for help.').waitFor();
  });

  it('recovers every page after a server restart, without a reload and without duplicates', async () => {
    for (const page of [ana, bob, lurker]) await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
    await server.stop();
    for (const page of [ana, bob, lurker]) await page.getByText('Connection lost').waitFor();

    // Sent while the server is down: Socket.IO buffers it and the commandId keeps a retry from doubling it.
    const box = bob.getByRole('textbox', { name: 'Message' });
    await box.fill('sent while offline');
    await box.press('Enter');

    await server.start();
    for (const page of [ana, bob, lurker]) {
      await page.getByText('Live').waitFor();
      await page.getByText('Connection lost').waitFor({ state: 'detached' });
    }
    await ana.getByRole('textbox', { name: 'Message' }).fill('back again');
    await ana.getByRole('textbox', { name: 'Message' }).press('Enter');
    for (const page of [ana, bob, lurker]) {
      await chatLines(page, 'back again').waitFor();
      await chatLines(page, 'sent while offline').waitFor();
      expect(await chatLines(page, 'sent while offline').count()).toBe(1);
      expect(await chatLines(page, 'patch for #101').count()).toBe(1);
      expect(await page.getByRole('article', { name: 'Crash on save' }).count()).toBe(1);
      expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    }
    await ana.getByText('You are ana').waitFor();
    await bob.getByText('You are bob').waitFor();
  });

  it('remembers who I am across tabs and reloads', async () => {
    const first = await openPage(browser, server.url);
    const second = await openIn(first.context(), server.url);
    await joinAs(first, 'dee');
    // The other tab was a lurker; it hears of the join through localStorage and becomes dee without a reload.
    await second.getByText('You are dee').waitFor();
    await second.getByRole('textbox', { name: 'Message' }).waitFor();
    await second.reload();
    await second.getByText('You are dee').waitFor();
    await first.context().close();
  });

  it('puts board and chat side by side on a desktop and behind tabs on a phone', async () => {
    const board = await ana.locator('#panel-board').boundingBox();
    const chat = await ana.locator('#panel-chat').boundingBox();
    expect(chat!.x).toBeGreaterThanOrEqual(board!.x + board!.width);
    expect(await ana.getByRole('tablist').count()).toBe(0);

    const phone = await openPage(browser, server.url, { width: 390, height: 844 });
    const tabs = phone.getByRole('tablist', { name: 'Sections' });
    expect(await tabs.getByRole('tab').allTextContents()).toEqual(['Board', 'Chat', 'Help', 'People', 'Stats']);
    await phone.getByRole('article', { name: 'Crash on save' }).waitFor();
    expect(await phone.getByRole('heading', { name: 'Chat' }).isVisible()).toBe(false);
    await tabs.getByRole('tab', { name: 'Chat' }).click();
    await chatLines(phone, 'patch for #101').waitFor();
    expect(await phone.getByRole('article', { name: 'Crash on save' }).isVisible()).toBe(false);
    // Nothing may be wider than the phone: no sideways scrolling.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.context().close();
  });

  it('lets a keyboard-only person join, claim and chat', async () => {
    const kim = await openPage(browser, server.url);
    await tabTo(kim, kim.getByRole('banner').getByRole('button', { name: 'Join' }));
    await kim.keyboard.press('Enter');
    const dialog = kim.getByRole('dialog', { name: 'Join bugday' });
    await dialog.waitFor();
    // The modal keeps focus inside itself.
    for (let i = 0; i < 8; i += 1) await kim.keyboard.press('Tab');
    expect(await kim.evaluate(() => document.activeElement?.closest('dialog') !== null)).toBe(true);
    await tabTo(kim, dialog.getByRole('textbox', { name: 'Nick' }));
    await kim.keyboard.type('kim');
    await kim.keyboard.press('Enter');
    await kim.getByText('You are kim').waitFor();

    const claim = card(kim, 'Dark theme').getByRole('button', { name: 'Claim #102' });
    await tabTo(kim, claim);
    expect(await claim.evaluate((element) => element.matches(':focus-visible'))).toBe(true);
    await kim.keyboard.press('Enter');
    await card(ana, 'Dark theme').getByText('Claimed by kim').waitFor();

    await tabTo(kim, kim.getByRole('textbox', { name: 'Message' }));
    await kim.keyboard.type('hello from the keyboard');
    await kim.keyboard.press('Enter');
    await chatLines(lurker, 'hello from the keyboard').waitFor();
    await kim.context().close();
  });
});
