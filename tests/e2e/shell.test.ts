/**
 * The page is an app shell: whatever scrolls is a pane, never the window. A
 * wheel past a pane's end, PageDown and End in a pane, PageDown from nowhere in
 * particular: the header and the chat's composer stay where they are, on a
 * desktop, zoomed to 200% and on a phone. And a board of a thousand cards still
 * shows a screenful of them at a glance.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandPayloads } from '../../shared/protocol.ts';
import { LAST_NUMBER, ORGANIZER_KEY, type BugDay } from './bug-day.ts';
import { launch, markScrollingPanes, openAs, rendered, socketPerson, TestServer } from './harness.ts';
import { useBugDay } from './bug-day-suite.ts';

const LAYOUTS = [
  { name: '1440x900', viewport: { width: 1440, height: 900 }, scale: 1 },
  /*
   * A browser zoomed to 200% lays the page out in half as many CSS pixels (a 1440x900 window is
   * 720x450 of them, so the phone layout's media query applies) with two device pixels to each:
   * that is a 720x450 viewport at deviceScaleFactor 2. CSS `zoom` on the page would keep the
   * 1440-pixel viewport and its media queries, which is not what a reader who zooms gets.
   */
  { name: '1440x900 at 200% zoom', viewport: { width: 720, height: 450 }, scale: 2 },
  { name: '390x844', viewport: { width: 390, height: 844 }, scale: 1 },
];

/**
 * Until the pane and the window have both kept still for three frames: a wheel's or a key's
 * scroll is animated, and starts a frame or two after its input.
 */
function settled(pane: Locator) {
  return pane.evaluate(
    (element) =>
      new Promise<void>((resolve) => {
        let last = '';
        let still = 0;
        const look = () => {
          const now = `${element.scrollTop} ${document.scrollingElement!.scrollTop}`;
          still = now === last ? still + 1 : 0;
          last = now;
          if (still === 3) resolve();
          else requestAnimationFrame(look);
        };
        requestAnimationFrame(look);
      }),
  );
}

/** Waits up to `frames` frames (about five seconds) for the pane to reach its end; answers how far from it the pane is. */
function distanceFromEnd(pane: Locator, frames = 300) {
  return pane.evaluate(
    (element, frames) =>
      new Promise<number>((resolve) => {
        let left = frames;
        const look = () => {
          // Within a pixel is at the end: scrollTop is rounded on some screens.
          const distance = Math.round(element.scrollHeight - element.clientHeight - element.scrollTop);
          if (distance <= 1) resolve(0);
          else if ((left -= 1) === 0) resolve(distance);
          else requestAnimationFrame(look);
        };
        look();
      }),
    frames,
  );
}

/** The window is where it was, the header in view, and the composer too where the chat is shown. */
async function expectShellInPlace(page: Page, after: string) {
  const { window, header, composer, height } = await page.evaluate(() => {
    const box = (element: Element | null) => element && (({ top, bottom }) => ({ top, bottom }))(element.getBoundingClientRect());
    const message = document.querySelector<HTMLElement>('#composer');
    return {
      window: document.scrollingElement!.scrollTop,
      header: box(document.querySelector('header')),
      composer: message && message.checkVisibility() ? box(message) : null,
      height: innerHeight,
    };
  });
  expect(window, `the window scrolled after ${after}`).toBe(0);
  expect(header!.top, `the header left the top after ${after}`).toBeGreaterThanOrEqual(0);
  expect(header!.bottom, `the header is out of view after ${after}`).toBeLessThanOrEqual(height);
  if (composer) {
    expect(composer.top, `the composer is above the window after ${after}`).toBeGreaterThanOrEqual(0);
    expect(composer.bottom, `the composer fell below the window after ${after}`).toBeLessThanOrEqual(height);
  }
}

/** The mouse wheel over the pane to its end, and on past it. */
async function wheelToEnd(page: Page, pane: Locator, name: string) {
  const box = (await pane.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height / 2, 40));
  const height = await pane.evaluate((element) => element.scrollHeight);
  await page.mouse.wheel(0, height);
  expect(await distanceFromEnd(pane), `pixels short of the end of ${name} after the wheel`).toBe(0);
  for (let turns = 0; turns < 3; turns += 1) await page.mouse.wheel(0, box.height);
  await settled(pane);
  await expectShellInPlace(page, `the wheel past the end of ${name}`);
}

/** From the pane's top, focus on the pane or its first control that is not a text field, then PageDown and End. */
async function keysToEnd(page: Page, pane: Locator, name: string) {
  await pane.evaluate((element) => (element.scrollTop = 0));
  if (await pane.evaluate((element) => element.tabIndex >= 0)) await pane.focus();
  else await pane.locator(':is(a[href], button, summary, [tabindex="0"]):visible').first().focus();
  expect(await pane.evaluate((element) => element.contains(document.activeElement)), `nothing in ${name} takes focus`).toBe(true);
  for (let presses = 0; presses < 4; presses += 1) await page.keyboard.press('PageDown');
  for (let presses = 0; presses < 2; presses += 1) await page.keyboard.press('End');
  expect(await distanceFromEnd(pane), `pixels short of the end of ${name} after PageDown and End`).toBe(0);
  await settled(pane);
  await expectShellInPlace(page, `PageDown and End in ${name}`);
}

async function pageDownOnBody(page: Page) {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
  for (let presses = 0; presses < 3; presses += 1) await page.keyboard.press('PageDown');
  await settled(page.locator('body'));
  await expectShellInPlace(page, 'PageDown with focus on the body');
}

/** Every pane on screen now, each to its end by wheel and by keys; a phone's tab whose pane fits is wheeled and paged too. */
async function scrollEveryPane(page: Page, shown: string) {
  const panes = (await markScrollingPanes(page)).map((name, index) => ({ name, pane: page.locator(`[data-pane="${index}"]`) }));
  if (panes.length === 0) panes.push({ name: 'the tab panel', pane: page.getByRole('tabpanel') });
  for (const { name, pane } of panes) {
    await wheelToEnd(page, pane, `${name} (${shown})`);
    await keysToEnd(page, pane, `${name} (${shown})`);
  }
  await pageDownOnBody(page);
}

describe('the window never scrolls away', () => {
  let browser: Browser;
  let day: BugDay;
  const server = useBugDay((b, d) => ((browser = b), (day = d)));

  for (const { name, viewport, scale } of LAYOUTS) {
    it(`for a participant at ${name}`, async () => {
      const page = await openAs(browser, server.url, day.people.ana.joined, viewport, { deviceScaleFactor: scale });
      try {
        await page.locator(`[data-card="${day.issue(LAST_NUMBER)}"]`).waitFor({ state: 'attached' });
        // The window has nothing to scroll in the first place.
        expect(await page.evaluate(() => document.scrollingElement!.scrollHeight - innerHeight)).toBeLessThanOrEqual(0);
        if ((await page.getByRole('tab').count()) === 0) return await scrollEveryPane(page, name);
        for (const tab of ['Board', 'Chat', 'Help', 'People']) {
          await page.getByRole('tab', { name: new RegExp(`^${tab}`) }).click();
          await scrollEveryPane(page, `${name}, ${tab} tab`);
        }
      } finally {
        await page.context().close();
      }
    });
  }
});

describe('a board of a thousand cards', () => {
  const server = new TestServer({ organizerKey: ORGANIZER_KEY });
  let browser: Browser;

  beforeAll(async () => {
    browser = await launch();
    await server.start();
  });

  afterAll(async () => {
    await browser?.close();
    await server.dispose();
  });

  it('shows at least 8 cards of the Open column in the board pane at 1440x900', async () => {
    const drafts: CommandPayloads['issue:create'][] = Array.from({ length: 1_000 }, (_, index) => ({
      title: `Big board card ${index + 1}`,
      number: 70_001 + index,
    }));
    // Imported as an organizer would, 20 at a time; two organizers, since one person may send only so many commands at once.
    const importers = [await socketPerson(server.url, { nick: 'olga', key: ORGANIZER_KEY }), await socketPerson(server.url, { nick: 'oscar', key: ORGANIZER_KEY })];
    const batches = Array.from({ length: drafts.length / 20 }, (_, index) => drafts.slice(index * 20, index * 20 + 20));
    for (const [index, issues] of batches.entries()) await importers[index % 2]!.send('issue:import', { issues });
    const reader = await socketPerson(server.url, { nick: 'rhea' });
    importers.forEach((person) => person.close());
    const page = await openAs(browser, server.url, reader.joined);
    try {
      // The first screenful of each column comes in one render, and every card is one size: the rest fill in below.
      await page.getByRole('link', { name: 'Big board card 1', exact: true }).waitFor();
      await rendered(page);
      const visible = await page.locator('#panel-board').evaluate((pane) => {
        const area = pane.getBoundingClientRect();
        const top = Math.max(area.top, 0);
        const bottom = Math.min(area.bottom, innerHeight);
        return [...pane.querySelectorAll('section[aria-labelledby="column-open"] article')].filter((card) => {
          const box = card.getBoundingClientRect();
          return box.top >= top && box.bottom <= bottom && box.left >= area.left && box.right <= area.right;
        }).length;
      });
      console.log(`1,000-card board at 1440x900: ${visible} cards of the Open column in full view in the board pane`);
      expect(visible).toBeGreaterThanOrEqual(8);
    } finally {
      reader.close();
      await page.context().close();
    }
  });
});
