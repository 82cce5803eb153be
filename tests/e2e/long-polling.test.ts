import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { card, joinAs, launch, socketPerson, TestServer, type SocketPerson } from './harness.ts';

/** Every chat line with exactly this text, on one page. */
const chatLines = (page: Page, text: string) =>
  page.getByRole('region', { name: 'Chat history' }).getByRole('listitem').filter({ hasText: text });

type Upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

/**
 * What a proxy that passes plain HTTP but refuses WebSockets does to a page:
 * the upgrade is answered 403. Only requests with an Origin (browsers) are
 * refused, so the test's own Node clients still get their WebSockets.
 */
function refuseBrowserWebSockets(server: TestServer) {
  const httpServer = server.app!.httpServer;
  const upgrade = httpServer.listeners('upgrade') as Upgrade[];
  httpServer.removeAllListeners('upgrade');
  httpServer.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (req.headers.origin) return void socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    for (const listener of upgrade) listener.call(httpServer, req, socket, head);
  });
}

/** The transport of every socket the server holds: ana's is a WebSocket, so a page's shows beside it. */
const serverTransports = (server: TestServer, personId?: string) =>
  [...server.app!.io.sockets.sockets.values()]
    .filter((socket) => personId === undefined || socket.data.personId === personId)
    .map((socket) => socket.conn.transport.name)
    .sort();

describe('where WebSockets are blocked, a page works over long-polling', () => {
  const server = new TestServer();
  let browser: Browser;
  let ana: SocketPerson;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    browser = await launch();
    await server.start();
    await server.seed([
      { title: 'Crash on save', number: 101 },
      { title: 'Dark theme', number: 102 },
      { title: 'Typo in docs', number: 103 },
      { title: 'Slow search', number: 104 },
    ]);
    ana = await socketPerson(server.url, { nick: 'ana' });
  });

  afterAll(async () => {
    ana?.close();
    await browser?.close();
    await server.dispose();
  });

  /** A page in its own context, with `block` applied before it loads; it records its polling requests. */
  async function blockedPage(block: (context: BrowserContext) => Promise<void>) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    contexts.push(context);
    context.setDefaultTimeout(10_000);
    await block(context);
    const polls: string[] = [];
    context.on('request', (request) => {
      if (/\/socket\.io\/\?.*transport=polling/.test(request.url())) polls.push(request.url());
    });
    const page = await context.newPage();
    await page.goto(server.url);
    return { page, polls };
  }

  const issueId = (number: number) => Object.values(server.app!.board.state.issues).find((issue) => issue.number === number)!.id;
  const personNamed = (nick: string) => Object.values(server.app!.board.state.people).find((person) => person.nick === nick)!.id;
  const claimsOf = (number: number) =>
    server.app!.board.eventsAfter(0)!.filter((event) => event.type === 'issue.claimed' && event.issueId === issueId(number));

  it('a refused WebSocket handshake: the page goes on with polling in the same attempt', async () => {
    refuseBrowserWebSockets(server);
    const { page, polls } = await blockedPage(async () => {});
    await page.getByRole('banner').getByText('Live').waitFor();
    expect(polls.length).toBeGreaterThan(0);
    expect(serverTransports(server)).toEqual(['polling', 'websocket']);

    await ana.send('issue:claim', { issueId: issueId(104) });
    await card(page, 'Slow search').getByText(/^Claimed by ana/).waitFor();
    await ana.send('issue:release', { issueId: issueId(104) });
    await card(page, 'Slow search').getByText(/^Claimed by/).waitFor({ state: 'detached' });
    await page.context().close();
  });

  it('WebSockets cut before they open: the board, claims both ways and a server restart, over polling', async () => {
    const { page, polls } = await blockedPage((context) => context.routeWebSocket(/socket\.io/, (socket) => socket.close()));
    await card(page, 'Crash on save').waitFor();
    // Such a WebSocket only fails by the open timeout; then the page opens with polling.
    await page.getByRole('banner').getByText('Live').waitFor({ timeout: 20_000 });
    expect(polls.some((url) => url.includes('sid='))).toBe(true);

    // Another person's claim reaches the page.
    await ana.send('issue:claim', { issueId: issueId(101) });
    await card(page, 'Crash on save').getByText(/^Claimed by ana/).waitFor();

    // The page's own commands are answered.
    await joinAs(page, 'pat');
    await card(page, 'Dark theme').getByRole('button', { name: 'Claim #102' }).click();
    await card(page, 'Dark theme').getByText(/^Claimed by pat/).waitFor();
    const pat = personNamed('pat');
    expect(server.app!.board.state.issues[issueId(102)]!.claimant).toBe(pat);
    expect(serverTransports(server, pat)).toEqual(['polling']);

    await server.stop();
    await page.getByText('Connection lost').waitFor();
    // Sent while the server is down: Socket.IO buffers it, and its commandId keeps the retry from claiming twice.
    await card(page, 'Typo in docs').getByRole('button', { name: 'Claim #103' }).click();
    await server.start();
    await page.getByRole('banner').getByText('Live').waitFor({ timeout: 20_000 });
    await card(page, 'Typo in docs').getByText(/^Claimed by pat/).waitFor();
    expect(serverTransports(server, pat)).toEqual(['polling']);

    for (const number of [101, 102, 103]) expect(claimsOf(number)).toHaveLength(1);
    for (const line of ['ana claimed #101', 'pat claimed #102', 'pat claimed #103']) {
      expect(await chatLines(page, line).count()).toBe(1);
    }
    expect(await page.getByRole('article', { name: 'Crash on save' }).count()).toBe(1);
  });
});
