import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { card, joinAs, launch, openCard, openPage, TestServer } from './harness.ts';

const KEY = 'a-test-organizer-key-123';

/** Buttons that change something; none may be active once the event is closed. */
const WRITE_CONTROLS =
  /^(Claim|Release|Move|Send|Ask for help|Take|Resolve|Cancel|Add issue|Assign|Add link|Works for me|Fails for me|Remove|Make|Mute|Unmute)\b/;

const chatLines = (page: Page, text: string | RegExp) =>
  page.getByRole('region', { name: 'Chat history' }).getByRole('listitem').filter({ hasText: text });

describe('roles in a real browser', () => {
  const server = new TestServer({ organizerKey: KEY });
  let browser: Browser;
  let org: Page;
  let mentor: Page;
  let pat: Page;
  let lurker: Page;

  beforeAll(async () => {
    browser = await launch();
    await server.start();
    await server.seed([{ title: 'Crash on save', number: 101 }]);
  });

  afterAll(async () => {
    await browser?.close();
    await server.dispose();
  });

  it('takes the organizer key out of the URL at once, joins as organizer, hands the mentor code to a mentor who takes and resolves a help flag', async () => {
    org = await openPage(browser, `${server.url}/#organizer-key=${KEY}`);
    expect(org.url()).not.toContain(KEY);
    expect(await org.evaluate(() => location.href + history.length)).not.toContain(KEY);
    const dialog = org.getByRole('dialog', { name: 'Join bugday' });
    await dialog.getByText('You are joining as an organizer.').waitFor();
    const key = dialog.getByLabel('Mentor code or organizer key (optional)');
    expect(await key.getAttribute('type')).toBe('password');
    expect(await key.inputValue()).toBe(KEY);
    await dialog.getByRole('textbox', { name: 'Nick' }).fill('olga');
    await dialog.getByRole('button', { name: 'Join' }).click();
    await org.getByText('You are olga, organizer').waitFor();

    await org.getByRole('banner').getByRole('button', { name: 'Organize' }).click();
    const panel = org.getByRole('dialog', { name: 'Organize' });
    await panel.getByRole('button', { name: 'Show mentor code' }).click();
    const code = await panel.getByRole('textbox', { name: 'Current mentor code' }).inputValue();
    expect(code.length).toBeGreaterThan(4);
    await panel.getByRole('button', { name: 'Close panel' }).click();
    await panel.waitFor({ state: 'hidden' });

    [mentor, pat, lurker] = await Promise.all([openPage(browser, server.url), openPage(browser, server.url), openPage(browser, server.url)]);
    await mentor.getByRole('banner').getByRole('button', { name: 'Join' }).click();
    const join = mentor.getByRole('dialog', { name: 'Join bugday' });
    await join.getByRole('textbox', { name: 'Nick' }).fill('mia');
    await join.getByLabel('Mentor code or organizer key (optional)').fill('not-the-code');
    await join.getByRole('button', { name: 'Join' }).click();
    await join.getByRole('alert').filter({ hasText: 'neither the organizer key nor the mentor code' }).waitFor();
    await join.getByLabel('Mentor code or organizer key (optional)').fill(code);
    await join.getByRole('button', { name: 'Join' }).click();
    await mentor.getByText('You are mia, mentor').waitFor();

    await joinAs(pat, 'pat');
    await pat.getByRole('textbox', { name: 'What do you need help with?' }).fill('where is the build guide?');
    await pat.getByRole('button', { name: 'Ask for help' }).click();
    const flag = mentor.getByRole('listitem', { name: 'Help flag from pat' });
    await flag.getByRole('button', { name: 'Take help flag from pat' }).click();
    await pat.getByRole('listitem', { name: 'Help flag from pat' }).getByText(/mia is helping/).waitFor();
    await flag.getByRole('button', { name: 'Resolve help flag from pat' }).click();
    await pat.getByText('Nobody is waiting for help.').waitFor();
    await chatLines(pat, 'mia marked the help flag of pat resolved').waitFor();
    // A participant never sees the mentor's controls.
    expect(await pat.getByRole('button', { name: /^(Take|Resolve|Assign)/ }).count()).toBe(0);
  });

  it('shows a wrong organizer link’s refusal to someone who has joined, and removes it from the URL', async () => {
    await pat.evaluate(() => (location.hash = 'organizer-key=wrong-key-0000000'));
    await pat.getByRole('alert').filter({ hasText: 'neither the organizer key nor the mentor code' }).waitFor();
    expect(pat.url()).not.toContain('wrong-key');
    await pat.getByText('You are pat').waitFor();
  });

  it('lets a mentor assign and a participant add a patch link and a test report', async () => {
    const mias = await openCard(mentor, 'Crash on save');
    await mias.getByText(/^Assign #101 to/).click();
    await mias.getByRole('combobox', { name: 'Assign #101 to' }).selectOption({ label: 'pat' });
    await mias.getByRole('button', { name: 'Assign #101' }).click();
    await card(pat, 'Crash on save').getByText(/^Claimed by pat/).waitFor();

    const pats = await openCard(pat, 'Crash on save');
    await pats.getByText('Add patch link').click();
    await pats.getByLabel('Patch link').fill('https://example.org/patch/1');
    await pats.getByLabel('Note (optional)').fill('first try');
    await pats.getByRole('button', { name: 'Add link' }).click();
    const patch = (await openCard(lurker, 'Crash on save')).getByRole('region', { name: 'Patches' });
    expect(await patch.getByRole('link').getAttribute('href')).toBe('https://example.org/patch/1');
    await patch.getByText(/by pat: first try/).waitFor();

    const orgs = await openCard(org, 'Crash on save');
    await orgs.getByText('Test it').click();
    await orgs.getByRole('button', { name: 'Fails for me' }).click();
    // The lurker's panel, open all along, follows live.
    await lurker.getByRole('dialog').getByRole('region', { name: 'Test reports' }).getByText('Fails for olga').waitFor();
    for (const page of [mentor, pat, org, lurker]) await page.keyboard.press('Escape');
  });

  it('lets the organizer remove a message, mute and remove people, and close the event for everyone', async () => {
    const secret = 'my password is hunter2';
    await pat.getByRole('textbox', { name: 'Message' }).fill(secret);
    await pat.getByRole('textbox', { name: 'Message' }).press('Enter');
    const pages = [org, mentor, pat, lurker];
    for (const page of pages) await chatLines(page, secret).waitFor();
    // Only the organizer is offered Remove.
    for (const page of [mentor, pat, lurker]) expect(await page.getByRole('button', { name: /^Remove/ }).count()).toBe(0);

    await chatLines(org, secret).getByRole('button', { name: /^Remove message from pat/ }).click();
    const confirm = org.getByRole('dialog', { name: 'Remove this message?' });
    await confirm.getByRole('button', { name: 'Remove message' }).click();
    for (const page of pages) {
      await chatLines(page, 'removed by a moderator').waitFor();
      expect(await page.content()).not.toContain('hunter2');
    }

    const people = org.getByRole('region', { name: /^People/ }).or(org.locator('#panel-people'));
    await people.getByRole('button', { name: 'Mute pat' }).click();
    await people.getByText('muted').waitFor();
    await pat.getByRole('alert').filter({ hasText: 'An organizer has muted you' }).waitFor();
    expect(await pat.getByRole('button', { name: 'Send' }).isDisabled()).toBe(true);
    expect(await pat.getByRole('textbox', { name: 'Message' }).isDisabled()).toBe(true);

    // A removed person's page is signed out and says why; it may still watch.
    await people.getByRole('button', { name: 'Remove mia' }).click();
    await org.getByRole('dialog', { name: 'Remove mia?' }).getByRole('button', { name: 'Remove mia' }).click();
    await mentor.getByRole('alert').filter({ hasText: 'An organizer removed you from this event.' }).waitFor();
    await mentor.getByRole('banner').getByRole('button', { name: 'Join' }).waitFor();
    await chatLines(lurker, 'olga removed mia from the event').waitFor();

    await org.getByRole('banner').getByRole('button', { name: 'Organize' }).click();
    const panel = org.getByRole('dialog', { name: 'Organize' });
    await panel.getByRole('button', { name: 'Close the event' }).click();
    await org.getByRole('dialog', { name: 'Close the event?' }).getByRole('button', { name: 'Close the event' }).click();
    await panel.getByRole('button', { name: 'Reopen the event' }).waitFor();
    await panel.getByRole('button', { name: 'Close panel' }).click();
    for (const page of pages) {
      await page.getByText('This event is closed — the board and chat are read-only.').waitFor();
      const active = page.getByRole('button', { name: WRITE_CONTROLS, disabled: false });
      expect(await active.allTextContents()).toEqual([]);
      expect(await page.getByRole('textbox').count()).toBe(0);
      expect(await page.getByRole('combobox').count()).toBe(0);
      expect(await page.locator('main details').count()).toBe(0);
    }
  });
});
