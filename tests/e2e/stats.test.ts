/**
 * The Stats view in a real browser against a real server whose clock moves through a bug day:
 * the chart is drawn on a canvas in the page's colours, the points it was given (read back from
 * the table made of the same arrays) are the counts folded from the log the server exports, an
 * event while the view is open updates it in place without moving focus, and axe finds nothing
 * in either scheme, on a desktop and on a phone.
 */
import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { apply, emptyState } from '../../shared/domain/index.ts';
import type { DomainEvent, StatsPoint } from '../../shared/protocol.ts';
import { TestClock } from '../fixtures/test-clock.ts';
import { expectClean } from './axe.ts';
import { FIRST_NUMBER, type BugDay } from './bug-day.ts';
import { STEP_MINUTES, workThroughTheDay } from './day-over-time.ts';
import { openAs } from './harness.ts';
import { useBugDay } from './bug-day-suite.ts';

const MINUTE = 60_000;
const STEPS = 12;

/**
 * Issues done and in progress (or in review) after each event, one point per minute in which
 * they changed: counted here from the log itself, to check the server's fold and the page by.
 */
function countsFromLog(events: DomainEvent[]): StatsPoint[] {
  const state = emptyState();
  const points: StatsPoint[] = [];
  for (const event of events) {
    apply(state, event);
    const columns = Object.values(state.issues).map((issue) => issue.column);
    const done = columns.filter((column) => column === 'done').length;
    const inProgress = columns.filter((column) => column === 'in-progress' || column === 'review').length;
    const last = points.at(-1);
    if (last && last.done === done && last.inProgress === inProgress) continue;
    const at = Math.floor(event.at / MINUTE) * MINUTE;
    if (last?.at === at) Object.assign(last, { done, inProgress });
    else points.push({ at, done, inProgress });
  }
  return points;
}

/** The points as the page's table shows them: the minute from each row's <time>, then its two counts. */
async function tablePoints(page: Page): Promise<StatsPoint[]> {
  const table = page.getByRole('table', { name: 'Issues done and in progress, by the minute they changed in' });
  return table.locator('tbody tr').evaluateAll((rows) =>
    rows.map((row) => {
      const [done, inProgress] = [...row.querySelectorAll('td')].map((cell) => Number(cell.textContent));
      return { at: Date.parse(row.querySelector('time')!.getAttribute('datetime')!), done: done!, inProgress: inProgress! };
    }),
  );
}

/** The colour a custom property of the page holds now, as #rrggbb. */
const colourOf = (page: Page, property: string) => page.evaluate((property) => getComputedStyle(document.documentElement).getPropertyValue(property).trim(), property);

/** How many of the chart canvas's pixels are `hex` (the lines are drawn 2 px wide). */
function pixelsOf(page: Page, hex: string): Promise<number> {
  return page.locator('.u-wrap canvas').evaluate((canvas: HTMLCanvasElement, hex) => {
    const [r, g, b] = [1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16));
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let count = 0;
    for (let at = 0; at < data.length; at += 4) {
      if (Math.abs(data[at]! - r!) + Math.abs(data[at + 1]! - g!) + Math.abs(data[at + 2]! - b!) < 24 && data[at + 3]! > 200) count += 1;
    }
    return count;
  }, hex);
}

const issuesNow = (page: Page, column: string) =>
  page.getByRole('table', { name: 'Issues now' }).getByRole('row', { name: new RegExp(`^${column} `) }).getByRole('cell');

describe('the Stats view in a real browser', () => {
  const clock = new TestClock();
  let browser: Browser;
  let day: BugDay;
  let page: Page;
  const server = useBugDay((b, d) => ((browser = b), (day = d)), { clock });

  beforeAll(async () => {
    await workThroughTheDay(day, clock, STEPS);
    page = await openAs(browser, server.url, day.people.ana.joined);
  });

  it('draws the chart of the day on a canvas, with the points the log gives', async () => {
    await page.getByRole('banner').getByRole('button', { name: 'Stats' }).click();
    const dialog = page.getByRole('dialog', { name: 'Stats' });
    const canvas = dialog.locator('.u-wrap canvas');
    await canvas.waitFor();
    const box = (await canvas.boundingBox())!;
    expect(box.width).toBeGreaterThan(300);
    expect(box.height).toBeGreaterThan(100);
    // Both lines are on the canvas, each in the colour the page gives it.
    expect(await pixelsOf(page, await colourOf(page, '--ok'))).toBeGreaterThan(200);
    expect(await pixelsOf(page, await colourOf(page, '--accent'))).toBeGreaterThan(100);

    const log = (await (await fetch(`${server.url}/export/event.json`)).json()) as { events: DomainEvent[] };
    const expected = countsFromLog(log.events);
    // The day's steps are minutes apart, so each is a point of its own.
    expect(expected.length).toBeGreaterThan(STEPS);
    expect(expected.at(-1)!.at - expected[0]!.at).toBeGreaterThanOrEqual((STEPS - 1) * STEP_MINUTES * MINUTE);
    await dialog.getByText('Show the numbers as a table').click();
    expect(await tablePoints(page)).toEqual(expected);
    expect(await issuesNow(page, 'Done').textContent()).toBe(String(expected.at(-1)!.done));
    await expect
      .poll(() => dialog.getByRole('img').getAttribute('aria-label'))
      .toMatch(new RegExp(`${expected.at(-1)!.done} done and ${expected.at(-1)!.inProgress} in progress by then`));
  });

  it('updates in place when something happens while it is open, keeping focus where it was', async () => {
    const dialog = page.getByRole('dialog', { name: 'Stats' });
    const done = Number(await issuesNow(page, 'Done').textContent());
    const rows = (await tablePoints(page)).length;
    const summary = dialog.getByText('Show the numbers as a table');
    await summary.focus();
    // Marked while the page tells the canvas apart from a new one: a chart drawn anew would not carry it.
    await dialog.locator('.u-wrap canvas').evaluate((canvas) => (canvas.dataset.first = 'yes'));

    clock.skip(STEP_MINUTES * MINUTE);
    await day.people.mira.send('issue:move', { issueId: day.issue(FIRST_NUMBER + 10 + STEPS - 1), column: 'done' });
    await issuesNow(page, 'Done').getByText(String(done + 1), { exact: true }).waitFor();
    expect(await tablePoints(page)).toHaveLength(rows + 1);
    expect((await tablePoints(page)).at(-1)!.done).toBe(done + 1);
    expect(await dialog.locator('.u-wrap canvas').getAttribute('data-first')).toBe('yes');
    expect(await summary.evaluate((element) => element === document.activeElement)).toBe(true);
  });

  it('is clean for axe, in the light scheme and the dark, where the chart takes the dark scheme’s colours', async () => {
    await expectClean(page, 'the Stats dialog, light', 'dialog[open]');
    const light = await colourOf(page, '--ok');
    await page.emulateMedia({ colorScheme: 'dark' });
    const dark = await colourOf(page, '--ok');
    expect(dark).not.toBe(light);
    // The same canvas, redrawn: the done line is in the dark scheme's green, and the light one's is gone.
    await expect.poll(() => pixelsOf(page, dark)).toBeGreaterThan(200);
    expect(await pixelsOf(page, light)).toBe(0);
    await expectClean(page, 'the Stats dialog, dark', 'dialog[open]');
    await page.emulateMedia({ colorScheme: 'light' });
    await page.getByRole('dialog', { name: 'Stats' }).getByRole('button', { name: 'Close' }).click();
    expect(await page.getByRole('banner').getByRole('button', { name: 'Stats' }).evaluate((element) => element === document.activeElement)).toBe(true);
  });

  it('is a tab on a phone, clean for axe in both schemes, and the window still never scrolls', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const phone = await openAs(browser, server.url, day.people.bob.joined, { width: 390, height: 844 }, { colorScheme });
      try {
        await phone.getByRole('tab', { name: 'Stats' }).click();
        const pane = phone.getByRole('tabpanel', { name: 'Stats' });
        await pane.locator('.u-wrap canvas').waitFor();
        expect((await pane.locator('.u-wrap canvas').boundingBox())!.width).toBeGreaterThan(300);
        expect(await phone.evaluate(() => document.scrollingElement!.scrollHeight - innerHeight)).toBeLessThanOrEqual(0);
        expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
        await expectClean(phone, `the Stats tab on a phone, ${colorScheme}`);
      } finally {
        await phone.context().close();
      }
    }
  });
});
