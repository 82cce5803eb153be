/**
 * The IRC bridge in a real browser: a real ngircd, a real IRC client in the channel, and pages
 * in Chromium that show what the channel said (marked IRC), say what is typed, and give the
 * organizer the bridge's state and its switches.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { IrcPerson } from '../integration/helpers/irc-person.ts';
import { startNgircd, type RunningNgircd } from '../integration/helpers/ngircd.ts';
import { expectClean } from './axe.ts';
import { joinAs, launch, openPage, TestServer } from './harness.ts';

const ORGANIZER_KEY = 'e2e-irc-organizer-key-000';
const CHANNEL = '#sprint';
let ircd: RunningNgircd;
let bob: IrcPerson;
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  ircd = await startNgircd();
  bob = await IrcPerson.join(ircd.port, 'bob', CHANNEL);
  server = new TestServer({
    organizerKey: ORGANIZER_KEY,
    irc: {
      config: { server: { host: '127.0.0.1', port: ircd.port, tls: false, channel: CHANNEL }, nick: 'bugday' },
      site: 'https://bugday.example.org/',
      timing: { pace: { burst: 4, lineMs: 100 } },
    },
  });
  await server.start();
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
  await server?.dispose();
  await bob?.quit();
  await ircd?.close();
});

it('the channel and the page are one conversation, and the organizer sees the bridge', async () => {
  const ana = await openPage(browser, server.url);
  await joinAs(ana, 'ana');
  const chat = ana.getByRole('region', { name: 'Chat history' });

  bob.say('hello from the channel');
  const line = chat.getByRole('listitem').filter({ hasText: 'hello from the channel' });
  await expect.poll(() => line.count()).toBe(1);
  await expect.poll(() => line.getByText('IRC', { exact: true }).getAttribute('title')).toBe('Said in the IRC channel');

  const composer = ana.getByRole('textbox', { name: 'Message' });
  await composer.fill('hello from the page');
  await composer.press('Enter');
  await bob.until(() => bob.channelLines('bugday').includes('<a\u200bna> hello from the page'), 'the page line in the channel');
  await expect.poll(() => composer.evaluate((element) => element === document.activeElement)).toBe(true);
  await expectClean(ana, 'chat with a line from IRC', '#panel-chat');

  const olga = await openPage(browser, `${server.url}/#organizer-key=${ORGANIZER_KEY}`);
  const dialog = olga.getByRole('dialog', { name: 'Join bugday' });
  await dialog.getByRole('textbox', { name: 'Nick' }).fill('olga');
  await dialog.getByRole('button', { name: 'Join' }).click();
  await olga.getByRole('banner').getByRole('button', { name: 'Organize' }).click();
  const section = olga.getByRole('region', { name: 'IRC bridge' });
  await expect.poll(() => section.textContent()).toMatch(/In #sprint on 127\.0\.0\.1 as bugday, for .+ · 2 in the channel/);
  const lines = section.getByRole('checkbox', { name: 'Say claims, releases, reviews and help flags in the channel' });
  await lines.click();
  await expect.poll(() => server.app!.board.state.event.irc.boardLines).toBe(false);
  expect(await lines.evaluate((element) => element === document.activeElement)).toBe(true);
  await expectClean(olga, 'the organizer panel with the IRC bridge', 'dialog');
});
