/**
 * axe-core (WCAG 2.2 AA and below) over what a page shows. axe judges some rules (contrast above
 * all) only on what is on screen, so a view is checked at every position of every pane that
 * scrolls, a pane's height at a time.
 */
import axe from 'axe-core';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { markScrollingPanes, rendered } from './harness.ts';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

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
export async function expectClean(page: Page, view: string, scope = 'body') {
  const found = await violationsOf(page, scope);
  expect(found.length, report(view, found)).toBe(0);
}
