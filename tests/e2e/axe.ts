/** axe-core (WCAG 2.2 AA and below) over part of a page as it is on screen now. */
import axe from 'axe-core';
import type { Page } from 'playwright-core';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Each violation as "rule: help (first elements)", so a failing test says what and where. */
export async function axeViolations(page: Page, within = 'html'): Promise<string[]> {
  // Evaluated rather than added as a <script>: the page's Content-Security-Policy allows no inline script.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  return page.evaluate(
    ([values, within]) =>
      (window as unknown as { axe: typeof axe }).axe
        .run(within, { runOnly: { type: 'tag', values }, resultTypes: ['violations'] })
        .then((results) =>
          results.violations.map(
            (violation) => `${violation.id}: ${violation.help} (${violation.nodes.slice(0, 4).map((node) => node.target.join(' ')).join('; ')})`,
          ),
        ),
    [TAGS, within] as const,
  );
}

/**
 * axe over `within` at each of its scroll positions, a screen at a time (axe judges contrast only
 * on what is on screen), and put back where it was.
 */
export async function axeThroughout(page: Page, within: string): Promise<string[]> {
  const found = await axeViolations(page, within);
  const box = page.locator(within).first();
  const { start, end, step } = await box.evaluate((element) => ({
    start: element.scrollTop,
    end: element.scrollHeight - element.clientHeight,
    step: element.clientHeight,
  }));
  for (let top = step; end > 0 && top < end + step; top += step) {
    await box.evaluate((element, to) => (element.scrollTop = to), Math.min(top, end));
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    found.push(...(await axeViolations(page, within)));
  }
  await box.evaluate((element, to) => (element.scrollTop = to), start);
  return [...new Set(found)];
}
