/** axe-core (WCAG 2.2 AA and below) over part of a page as it is on screen now. */
import axe from 'axe-core';
import type { Page } from 'playwright-core';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Each violation as "rule: help — targets", for an expectation's message. */
export async function axeViolations(page: Page, within = 'html'): Promise<string[]> {
  // Evaluated rather than added as a <script>: the page's Content-Security-Policy allows no inline script.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  return page.evaluate(
    ([values, within]) =>
      (window as unknown as { axe: typeof axe }).axe
        .run(within, { runOnly: { type: 'tag', values }, resultTypes: ['violations'] })
        .then((results) =>
          results.violations.map(({ id, help, nodes }) => `${id}: ${help} — ${nodes.map((node) => node.target.join(' ')).join(', ')}`),
        ),
    [TAGS, within] as const,
  );
}
