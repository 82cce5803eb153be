/**
 * The help queue in a real browser against the real server: a newcomer asks and sees their
 * place and an explained wait, a mentor is told (a toast, the page's title), takes the flag and
 * the newcomer hears who is on the way; they talk in a thread a lurker sees only the outline of;
 * a hold tells the newcomer why and until when. axe looks at each side, and at the organizer's
 * help numbers.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectClean } from './axe.ts';
import { launch, openAs, openPage, socketPerson, TestServer, type SocketPerson } from './harness.ts';

const KEY = 'a-help-queue-organizer-key';
const TITLE = 'Autumn bug day · bugday';
const ASKED = 'the tests will not run on my machine';
const MENTOR_SAYS = 'try make clean, then run it again';
const ASKER_SAYS = 'that did it, thank you';

const flag = (page: Page, nick: string) => page.getByRole('listitem', { name: `Help flag from ${nick}` });
const toast = (page: Page, text: string | RegExp) => page.getByRole('list', { name: 'Notifications' }).getByRole('listitem').filter({ hasText: text });
const helpPane = '#panel-help';

describe('the help queue in a real browser', () => {
  const server = new TestServer({ organizerKey: KEY });
  let browser: Browser;
  let olga: SocketPerson;
  let mentorCode: string;
  let ana: Page;
  let mia: Page;
  let lurker: Page;
  const sockets: SocketPerson[] = [];

  beforeAll(async () => {
    browser = await launch();
    await server.start();
    await server.seed([
      { title: 'Search ignores accents', number: 4101 },
      { title: 'Typo in the contributing guide', number: 4102, type: 'docs' },
    ]);
    olga = await socketPerson(server.url, { nick: 'olga', key: KEY });
    await olga.send('event:update', { title: 'Autumn bug day' });
    mentorCode = (await olga.send('mentorCode:show', {})).code!;
    const miaJoin = await socketPerson(server.url, { nick: 'mia', key: mentorCode });
    const anaJoin = await socketPerson(server.url, { nick: 'ana', firstTime: true });
    sockets.push(olga, miaJoin, anaJoin);
    [mia, ana, lurker] = await Promise.all([
      openAs(browser, server.url, miaJoin.joined),
      openAs(browser, server.url, anaJoin.joined),
      openPage(browser, server.url),
    ]);
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await browser?.close();
    await server.dispose();
  });

  it('shows the newcomer their place and a wait range explained on hover, and tells the mentor with a toast and the title', async () => {
    // Wait until ana's page knows mia is here, or the estimate says no mentor is.
    await ana.getByRole('region', { name: /^People/ }).getByText('mia', { exact: true }).waitFor();
    await ana.getByRole('textbox', { name: 'What do you need help with?' }).fill(ASKED);
    await ana.getByRole('button', { name: 'Ask for help' }).click();
    const mine = flag(ana, 'ana');
    await mine.getByText('You are 1st in line').waitFor();
    // mia and olga, an organizer, could both take it: (0 ahead + 1) × 10 min ÷ 2, from half to one and a half times that.
    const estimate = mine.getByRole('button', { name: 'about 3–8 min' });
    const why = mine.getByText(/^\(0 ahead \+ 1\) × 10 min, a default until 5 flags are resolved ÷ 2 mentors online/);
    expect(await why.isVisible()).toBe(false);
    await estimate.hover();
    await why.waitFor();

    await toast(mia, `ana asked for help: ${ASKED}`).waitFor();
    await expect.poll(() => mia.title()).toBe(`(1) ${TITLE}`);
    // The newcomer's own flag is not counted on her page.
    expect(await ana.title()).toBe(TITLE);
    await expect.poll(() => flag(mia, 'ana').textContent()).toMatch(/ana\s*first-timer\s*● online/);
  });

  it('tells the newcomer who is on the way once the mentor takes the flag', async () => {
    await flag(mia, 'ana').getByRole('button', { name: 'Take help flag from ana' }).click();
    await toast(ana, 'mia is on the way').waitFor();
    await flag(ana, 'ana').getByText(/mia is helping you/).waitFor();
    await expect.poll(() => mia.title()).toBe(TITLE);
    // Focus stayed with the flag the mentor acted on.
    expect(await flag(mia, 'ana').evaluate((element) => element === document.activeElement)).toBe(true);
  });

  it('lets the two talk in a private thread that a lurker sees only the outline of', async () => {
    await flag(mia, 'ana').getByText('Write to ana').click();
    await flag(mia, 'ana').getByRole('textbox', { name: 'Reply' }).fill(MENTOR_SAYS);
    await flag(mia, 'ana').getByRole('button', { name: 'Send reply' }).click();

    await toast(ana, 'mia replied in your help thread').waitFor();
    await flag(ana, 'ana').getByText(/^Thread with ana/).click();
    await flag(ana, 'ana').getByText('Private to you and the mentors').waitFor();
    await flag(ana, 'ana').getByText(MENTOR_SAYS).waitFor();
    await flag(ana, 'ana').getByRole('textbox', { name: 'Reply' }).fill(ASKER_SAYS);
    await flag(ana, 'ana').getByRole('button', { name: 'Send reply' }).click();
    await flag(mia, 'ana').getByText(ASKER_SAYS).waitFor();

    await flag(lurker, 'ana').getByText('Thread: 2 replies, private').waitFor();
    const seen = await lurker.content();
    expect(seen).not.toContain(MENTOR_SAYS);
    expect(seen).not.toContain(ASKER_SAYS);

    await expectClean(ana, "the newcomer's flag with its thread open", helpPane);
  });

  it('takes the flag off the queue once the mentor resolves it', async () => {
    await flag(mia, 'ana').getByRole('button', { name: 'Resolve help flag from ana' }).click();
    await ana.getByText('Nobody is waiting for help.').waitFor();
    await ana.getByRole('button', { name: 'Ask for help' }).waitFor();
    await lurker.getByText('Nobody is waiting for help.').waitFor();
  });

  it('shows the newcomer a hold, until when and why, and the mentor a queue with the held flag in its place', async () => {
    const bob = await socketPerson(server.url, { nick: 'bob' });
    const cy = await socketPerson(server.url, { nick: 'cy', firstTime: true });
    sockets.push(bob, cy);
    await ana.getByRole('textbox', { name: 'What do you need help with?' }).fill('where is the contributing guide?');
    await ana.getByRole('button', { name: 'Ask for help' }).click();
    await flag(ana, 'ana').getByText('You are 1st in line').waitFor();
    await bob.send('help:raise', { note: 'which branch do fixes go to?' });
    await cy.send('help:raise', { note: 'how do I run one test on its own?' });

    const held = flag(mia, 'ana');
    await held.getByText('Put on hold').click();
    await held.getByRole('combobox', { name: 'For' }).selectOption({ label: '15 min' });
    await held.getByRole('textbox', { name: 'Reason, shown to ana' }).fill('back after the talk');
    await held.getByRole('button', { name: 'Hold help flag from ana' }).click();

    const hold = flag(ana, 'ana').getByText(/^On hold until .+: back after the talk$/);
    await hold.waitFor();
    await toast(ana, /Your help flag is on hold until .+: back after the talk/).waitFor();
    // The time is the reader's own: what the page says is what its clock says, 15 min on.
    const until = await ana.evaluate(() => new Intl.DateTimeFormat([], { hour: '2-digit', minute: '2-digit' }).format(Date.now() + 15 * 60_000));
    expect(await hold.textContent()).toContain(until);
    await flag(mia, 'ana').getByText(/^On hold until/).waitFor();
    const order = await mia.getByRole('listitem', { name: /^Help flag from/ }).evaluateAll((items) => items.map((item) => item.getAttribute('aria-label')));
    expect(order).toEqual(['Help flag from ana', 'Help flag from bob', 'Help flag from cy']);
    await expectClean(mia, "the mentor's queue with a held flag and first-timers", helpPane);
  });

  it('puts first-timers ahead when the organizer says so', async () => {
    await olga.send('event:update', { help: { firstTimersFirst: true } });
    await flag(mia, 'bob').getByText(/^3rd in line/).waitFor();
    const order = await mia.getByRole('listitem', { name: /^Help flag from/ }).evaluateAll((items) => items.map((item) => item.getAttribute('aria-label')));
    // ana is a first-timer too, but was helped today.
    expect(order).toEqual(['Help flag from cy', 'Help flag from ana', 'Help flag from bob']);
  });

  it('gives the organizer the help numbers in the Organize panel', async () => {
    const page = await openAs(browser, server.url, olga.joined);
    await page.getByRole('banner').getByRole('button', { name: 'Organize' }).click();
    const panel = page.getByRole('dialog', { name: 'Organize' });
    const numbers = panel.getByRole('region', { name: 'Help queue' });
    const flags = numbers.getByRole('table', { name: 'Help flags' });
    expect(await flags.getByRole('row', { name: /^Raised/ }).getByRole('cell').textContent()).toBe('4');
    expect(await flags.getByRole('row', { name: /^Resolved/ }).getByRole('cell').textContent()).toBe('1');
    const mentors = numbers.getByRole('table', { name: 'Resolved per mentor' });
    expect(await mentors.getByRole('row').nth(1).textContent()).toBe('mia1');
    await numbers.scrollIntoViewIfNeeded();
    await expectClean(page, 'the Organize panel with the help numbers', 'dialog[open]');
    await page.context().close();
  });
});
