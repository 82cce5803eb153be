/**
 * axe-core (WCAG 2.2 AA and below) finds nothing on any view of a bug day in
 * full swing: each role's page, every dialog and menu, a toast, the phone's
 * tabs and the dark scheme. axe judges some rules (contrast above all) only on
 * what is on screen, so each view is checked at every position of every pane
 * that scrolls, a pane's height at a time.
 */
import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClean } from './axe.ts';
import { FIRST_NUMBER, LAST_NUMBER, type BugDay } from './bug-day.ts';
import { openAs, openPage } from './harness.ts';
import { useBugDay } from './bug-day-suite.ts';

const PHONE = { width: 390, height: 844 };

describe('axe finds nothing on any view of a bug day', () => {
  let browser: Browser;
  let day: BugDay;
  const pages = {} as Record<'lurker' | 'ana' | 'mira' | 'olga' | 'phone', Page>;
  const server = useBugDay((b, d) => ((browser = b), (day = d)));

  beforeAll(async () => {
    const { ana, mira, olga } = day.people;
    [pages.lurker, pages.ana, pages.mira, pages.olga, pages.phone] = await Promise.all([
      openPage(browser, server.url),
      openAs(browser, server.url, ana.joined),
      openAs(browser, server.url, mira.joined),
      openAs(browser, server.url, olga.joined),
      openAs(browser, server.url, ana.joined, PHONE),
    ]);
    // Each view is checked whole: every card of the board is in.
    const last = `[data-card="${day.issue(LAST_NUMBER)}"]`;
    await Promise.all(Object.values(pages).map((page) => page.locator(last).waitFor({ state: 'attached' })));
  });

  /** One view of one page; nothing here changes the board, so no view sees another's doing. */
  const view = (name: string, on: keyof typeof pages, check: (page: Page) => Promise<void>) => it(name, () => check(pages[on]));

  view("a lurker's page", 'lurker', (page) => expectClean(page, "the lurker's page"));

  view('the Join dialog', 'lurker', async (page) => {
    await page.getByRole('banner').getByRole('button', { name: 'Join' }).click();
    const dialog = page.getByRole('dialog', { name: 'Join bugday' });
    await dialog.waitFor();
    await expectClean(page, 'the Join dialog', 'dialog[open]');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  });

  view("a participant's page", 'ana', (page) => expectClean(page, "ana's page"));

  view("a card's detail panel", 'ana', async (page) => {
    // The Wayland tooltip: a patch, a test report either way, a move and a claim to show.
    const number = FIRST_NUMBER + 6;
    await page.getByRole('link', { name: 'Tooltip flickers over the toolbar' }).click();
    const panel = page.getByRole('dialog', { name: 'Tooltip flickers over the toolbar' });
    await panel.getByRole('heading', { name: 'What happened' }).waitFor();
    expect(page.url()).toContain(`#/issue/${number}`);
    await expectClean(page, `the card panel of #${number}`, 'dialog[open]');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });
  });

  view("a card's ⋯ menu", 'ana', async (page) => {
    const number = FIRST_NUMBER + 3;
    await page.getByRole('button', { name: `Actions for #${number}` }).click();
    const menu = page.getByRole('menu', { name: `Actions for #${number}` });
    await menu.getByRole('menuitem', { name: 'Release' }).waitFor();
    await expectClean(page, `the menu of #${number}`, '[role=menu]');
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'detached' });
  });

  view('the Keyboard shortcuts dialog', 'ana', async (page) => {
    await page.locator('body').press('?');
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await dialog.waitFor();
    await expectClean(page, 'the Keyboard shortcuts dialog', 'dialog[open]');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
  });

  view("a participant's page in the dark scheme", 'ana', async (page) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await expectClean(page, "ana's page, dark");
  });

  view("a mentor's page", 'mira', (page) => expectClean(page, "mira's page"));

  view('a toast', 'mira', async (page) => {
    // `]` on a card in Done: there is no column after it, and a toast says so.
    await page.getByRole('link', { name: 'Export to CSV drops the last row' }).press(']');
    const toast = page.getByRole('list', { name: 'Notifications' }).getByRole('listitem').filter({ hasText: 'no column you may move' });
    // Held on screen while the mouse is over it; checked once it has faded fully in.
    await toast.hover();
    await toast.evaluate((element) => Promise.all(element.getAnimations().map((animation) => animation.finished)));
    await expect.poll(() => toast.evaluate((element) => getComputedStyle(element).opacity)).toBe('1');
    await expectClean(page, 'a toast', '[aria-label=Notifications]');
    await toast.getByRole('button', { name: /^Dismiss/ }).click();
  });

  view("the organizer's Organize panel", 'olga', async (page) => {
    await page.getByRole('banner').getByRole('button', { name: 'Organize' }).click();
    const panel = page.getByRole('dialog', { name: 'Organize' });
    await panel.getByRole('button', { name: 'Close the event' }).waitFor();
    await expectClean(page, 'the Organize panel', 'dialog[open]');
    await panel.getByRole('button', { name: 'Close panel' }).click();
    await panel.waitFor({ state: 'hidden' });
  });

  for (const scheme of ['light', 'dark'] as const) {
    for (const tab of ['Board', 'Chat', 'Help', 'People']) {
      const name = `a phone's ${tab} tab${scheme === 'dark' ? ' in the dark scheme' : ''}`;
      view(name, 'phone', async (page) => {
        await page.emulateMedia({ colorScheme: scheme });
        await page.getByRole('tab', { name: tab }).click();
        await page.getByRole('tabpanel', { name: tab }).waitFor();
        await expectClean(page, name);
      });
    }
  }
});
