import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { bugDay, ORGANIZER_KEY, type BugDay } from './bug-day.ts';
import { launch, TestServer } from './harness.ts';

/**
 * For the describe block it is called in: a browser and a test server with the bug day on it,
 * up before the block's tests and taken down after them. `ready` is handed the browser and the
 * day before any beforeAll of the block's own runs (Vitest runs them in the order they are made).
 */
export function useBugDay(ready: (browser: Browser, day: BugDay) => void, options: ConstructorParameters<typeof TestServer>[0] = {}): TestServer {
  const server = new TestServer({ organizerKey: ORGANIZER_KEY, ...options });
  let browser: Browser | undefined;
  let day: BugDay | undefined;
  beforeAll(async () => {
    browser = await launch();
    await server.start();
    day = await bugDay(server);
    ready(browser, day);
  });
  afterAll(async () => {
    day?.close();
    await browser?.close();
    await server.dispose();
  });
  return server;
}
