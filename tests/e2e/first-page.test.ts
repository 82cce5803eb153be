import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIRST_SYNC_ELEMENT, type SyncPayload } from '../../shared/protocol.ts';
import { card, launch, socketPerson, TestServer, type SocketPerson } from './harness.ts';

describe('a page arrives with the board in it', () => {
  const server = new TestServer();
  let browser: Browser;
  let ana: SocketPerson;
  const pages: Page[] = [];

  beforeAll(async () => {
    browser = await launch();
    await server.start();
    await server.seed([
      { title: 'Crash on save', number: 101 },
      { title: 'Dark theme', number: 102, type: 'feature' },
    ]);
    ana = await socketPerson(server.url, { nick: 'ana' });
    await ana.send('chat:send', { text: 'hello from the page' });
  });

  afterAll(async () => {
    ana?.close();
    await browser?.close();
    await server.dispose();
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    pages.push(page);
    return page;
  }

  it('shows the board and the chat from the page alone, before any socket', async () => {
    const page = await newPage();
    // Every socket is answered by nobody: whatever shows came with the page.
    await page.routeWebSocket(/socket\.io/, () => {});
    await page.goto(server.url);
    await card(page, 'Crash on save').waitFor();
    await card(page, 'Dark theme').getByText('Feature request').waitFor();
    await page.getByRole('region', { name: 'Chat history' }).getByText('hello from the page').waitFor();
    expect(await page.getByRole('banner').getByText('Connecting…').isVisible()).toBe(true);
    expect(await page.locator(`#${FIRST_SYNC_ELEMENT}`).count()).toBe(0);
  });

  it('brings by socket what happened after the page was made', async () => {
    const page = await newPage();
    // The page's socket reaches the server only when the test says so.
    let connect!: () => void;
    const gate = new Promise<void>((resolve) => (connect = resolve));
    const fromPage: string[] = [];
    await page.routeWebSocket(/socket\.io/, async (socket) => {
      await gate;
      const upstream = socket.connectToServer();
      socket.onMessage((message) => {
        fromPage.push(String(message));
        upstream.send(message);
      });
    });
    const response = await page.goto(server.url);
    const block = new RegExp(`<script type="application/json" id="${FIRST_SYNC_ELEMENT}">(.*?)</script>`, 's').exec(await response!.text());
    const served = JSON.parse(block![1]!) as SyncPayload;
    const crash = card(page, 'Crash on save');
    await crash.waitFor();
    expect(await crash.getByText(/^Claimed by/).count()).toBe(0);

    const issueId = server.app!.board.state.issueOrder[0]!;
    await ana.send('issue:claim', { issueId });
    connect();
    await crash.getByText(/^Claimed by ana/).waitFor();
    await page.getByRole('banner').getByText('Live').waitFor();
    // The handshake named the page's own seq and log, so the socket brought only the claim.
    const handshake = fromPage.find((message) => message.startsWith('40'));
    expect(JSON.parse(handshake!.slice(2))).toMatchObject({ lastSeq: served.seq, log: served.log });
    await ana.send('issue:release', { issueId });
    await crash.getByText(/^Claimed by/).waitFor({ state: 'detached' });
  });

  it('without the board in it (the bare index.html, as the Vite dev server serves it), syncs over the socket', async () => {
    const page = await newPage();
    const response = await page.goto(`${server.url}/index.html`);
    expect(await response!.text()).not.toContain(FIRST_SYNC_ELEMENT);
    await card(page, 'Dark theme').waitFor();
    await page.getByRole('region', { name: 'Chat history' }).getByText('hello from the page').waitFor();
  });

  it("fetches none of a joined person's code for a lurker, and has it in a joined person's page as it is built", async () => {
    const joinedOnly = /\/assets\/(?:Composer|IssuePicker|AddIssueForm)-/;
    const lurker = await newPage();
    const fetched: string[] = [];
    lurker.on('request', (request) => fetched.push(request.url()));
    const rules = lurker.waitForResponse(/\/assets\/decide-/);
    await lurker.goto(server.url);
    await card(lurker, 'Crash on save').waitFor();
    // The rules come just after the first paint: by then the page has asked for all it will.
    await rules;
    await lurker.getByRole('banner').getByText('Live').waitFor();
    expect(fetched.filter((url) => joinedOnly.test(url))).toEqual([]);

    // Whether the Add issue form is there at the moment the first card is, and the chat box at the
    // moment the chat is (the chat is built in the task after the rest of the page).
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    context.setDefaultTimeout(10_000);
    await context.addInitScript(
      (saved) => {
        localStorage.setItem('bugday.session', saved);
        const seen: { addIssue?: boolean; composer?: boolean } = ((window as unknown as { seen: object }).seen = {});
        const observer = new MutationObserver(() => {
          if (seen.addIssue === undefined && document.querySelector('article')) {
            seen.addIssue = [...document.querySelectorAll('summary')].some((summary) => summary.textContent === 'Add issue');
          }
          if (seen.composer === undefined && document.querySelector('#chat-heading')) seen.composer = document.querySelector('textarea#composer') !== null;
          if (seen.addIssue !== undefined && seen.composer !== undefined) observer.disconnect();
        });
        observer.observe(document, { childList: true, subtree: true });
      },
      JSON.stringify({ token: ana.joined.token, personId: ana.joined.person.id }),
    );
    const joined = await context.newPage();
    pages.push(joined);
    await joined.goto(server.url);
    await card(joined, 'Crash on save').waitFor();
    await joined.getByRole('heading', { name: 'Chat' }).waitFor();
    expect(await joined.evaluate(() => (window as unknown as { seen: object }).seen)).toEqual({ addIssue: true, composer: true });
  });
});
