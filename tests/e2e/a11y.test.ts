/**
 * axe-core (WCAG 2.2 AA and below) finds nothing on any view of a bug day in
 * full swing: each role's page, every dialog and menu, a toast, the phone's
 * tabs and the dark scheme. axe judges some rules (contrast above all) only on
 * what is on screen, so each view is checked at every position of every pane
 * that scrolls, a pane's height at a time.
 */
import axe from 'axe-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bugDay, FIRST_NUMBER, LAST_NUMBER, ORGANIZER_KEY, type BugDay } from './bug-day.ts';
import { launch, markScrollingPanes, openAs, openPage, rendered, TestServer } from './harness.ts';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const PHONE = { width: 390, height: 844 };

interface Found {
  id: string;
  impact: string | null | undefined;
  help: string;
  targets: string[];
  where: string;
}

/** One axe run over `within` (the whole page, or one pane) as it is on screen now. */
async function runAxe(page: Page, where: string, within = 'html'): Promise<Found[]> {
  // Evaluated rather than added as a <script>: the page's Content-Security-Policy allows no inline script.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  const violations = await page.evaluate(
    ([values, within]) =>
      (window as unknown as { axe: typeof axe }).axe
        .run(within, { runOnly: { type: 'tag', values }, resultTypes: ['violations'] })
        .then((results) =>
          results.violations.map((violation) => ({
            id: violation.id,
            impact: violation.impact,
            help: violation.help,
            targets: violation.nodes.map((node) => node.target.join(' ')),
          })),
        ),
    [TAGS, within] as const,
  );
  return violations.map((violation) => ({ ...violation, where }));
}

/**
 * axe over the whole page as shown, then again at each further position of each pane that
 * scrolls in `scope`, over that pane (what scrolling changed); each pane is put back after.
 */
async function violationsOf(page: Page, scope: string): Promise<Found[]> {
  await rendered(page);
  const found = await runAxe(page, 'as shown');
  const panes = await markScrollingPanes(page, scope);
  for (const [index, name] of panes.entries()) {
    const selector = `[data-pane="${index}"]`;
    const pane = page.locator(selector);
    const { start, end, step } = await pane.evaluate((element) => ({
      start: element.scrollTop,
      end: element.scrollHeight - element.clientHeight,
      step: element.clientHeight,
    }));
    for (let top = 0; top < end + step; top += step) {
      const at = Math.min(top, end);
      if (at === start) continue;
      await pane.evaluate((element, to) => (element.scrollTop = to), at);
      await rendered(page);
      found.push(...(await runAxe(page, `${name} scrolled to ${at}px`, selector)));
    }
    await pane.evaluate((element, to) => (element.scrollTop = to), start);
  }
  return found;
}

/** Each rule once, with where it was first seen and the first few elements it names. */
function report(view: string, found: Found[]): string {
  const rules = new Map<string, Found>();
  for (const violation of found) {
    const seen = rules.get(violation.id);
    if (seen) seen.targets = [...new Set([...seen.targets, ...violation.targets])];
    else rules.set(violation.id, { ...violation });
  }
  const lines = [...rules.values()].map(
    ({ id, impact, help, targets, where }) =>
      `  ${id} (${impact}): ${help} [${where}]\n    ${targets.slice(0, 4).join('\n    ')}${targets.length > 4 ? `\n    … and ${targets.length - 4} more` : ''}`,
  );
  return `axe found ${rules.size} violation(s) on ${view}:\n${lines.join('\n')}`;
}

/**
 * A page is scanned through every pane; a dialog, a menu or a toast (`scope`) through the panes
 * inside it: the page behind a modal dialog is inert and covered, and the page around a menu or
 * a toast was scanned as a page of its own.
 */
async function expectClean(page: Page, view: string, scope = 'body') {
  const found = await violationsOf(page, scope);
  expect(found.length, report(view, found)).toBe(0);
}

describe('axe finds nothing on any view of a bug day', () => {
  const server = new TestServer({ organizerKey: ORGANIZER_KEY });
  let browser: Browser;
  let day: BugDay;
  const pages = {} as Record<'lurker' | 'ana' | 'mira' | 'olga' | 'phone', Page>;

  beforeAll(async () => {
    browser = await launch();
    await server.start();
    day = await bugDay(server);
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

  afterAll(async () => {
    day?.close();
    await browser?.close();
    await server.dispose();
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
