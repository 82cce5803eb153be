/**
 * Lighthouse's mobile performance run (its default: a mid-range phone on a
 * throttled 4G, simulated) against a page, in Debian's Chromium. Lighthouse
 * 12.2.3 is the last to run on Node 20; a few of its diagnostics fail on this
 * Chromium's trace format, the score and the metrics do not (they are listed
 * under `erroredAudits`, so a failure that matters would show).
 */
import { writeFileSync } from 'node:fs';
import { launch as launchChrome } from 'chrome-launcher';
import lighthouse from 'lighthouse';
import { CHROMIUM, CHROMIUM_FLAGS } from '../tests/e2e/harness.ts';
import { round } from './lib/stats.ts';

export interface LighthouseResult {
  /** 0–100. */
  score: number;
  fcpMs: number;
  lcpMs: number;
  tbtMs: number;
  cls: number;
  speedIndexMs: number;
  /** Audits Lighthouse could not run (their ids). */
  erroredAudits: string[];
}

const METRICS = {
  fcpMs: 'first-contentful-paint',
  lcpMs: 'largest-contentful-paint',
  tbtMs: 'total-blocking-time',
  cls: 'cumulative-layout-shift',
  speedIndexMs: 'speed-index',
} as const;

/** Runs once against `url` and writes the whole report (JSON) to `reportFile`, to read why. */
export async function runLighthouse(url: string, reportFile: string): Promise<LighthouseResult> {
  const chrome = await launchChrome({ chromePath: CHROMIUM, chromeFlags: CHROMIUM_FLAGS, logLevel: 'silent' });
  try {
    const run = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] });
    if (!run) throw new Error('Lighthouse returned no result');
    const { lhr } = run;
    writeFileSync(reportFile, JSON.stringify(lhr, null, 2));
    if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.code}: ${lhr.runtimeError.message}`);
    const metric = (id: string) => round(lhr.audits[id]?.numericValue ?? NaN, id === METRICS.cls ? 3 : 0);
    return {
      score: Math.round((lhr.categories.performance?.score ?? NaN) * 100),
      fcpMs: metric(METRICS.fcpMs),
      lcpMs: metric(METRICS.lcpMs),
      tbtMs: metric(METRICS.tbtMs),
      cls: metric(METRICS.cls),
      speedIndexMs: metric(METRICS.speedIndexMs),
      erroredAudits: Object.values(lhr.audits)
        .filter((audit) => audit.scoreDisplayMode === 'error')
        .map((audit) => audit.id),
    };
  } finally {
    chrome.kill();
  }
}
