/**
 * Real server, real Chromium. The server runs in-process on a port the OS
 * picks; a restart reuses that port and the same data file, as a deploy would.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';
import { io } from 'socket.io-client';
import { createApp, type App, type AppOptions } from '../../server/app.ts';
import { LowdbStore } from '../../server/store/lowdb.ts';
import type {
  Ack,
  ClientToServerEvents,
  CommandName,
  CommandPayloads,
  CommandResult,
  JoinPayload,
  JoinResult,
  ServerToClientEvents,
} from '../../shared/protocol.ts';
import type { Socket } from 'socket.io-client';
import type { TestClock } from '../fixtures/test-clock.ts';

export const CHROMIUM = '/usr/bin/chromium';
/** What Debian's Chromium needs to run headless in a container, quietly. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
// Absolute, because the server hands it to res.sendFile, which refuses relative paths.
const CLIENT_DIR = resolve('dist/client');

export class TestServer {
  /**
   * `organizerKey` is what BUGDAY_ORGANIZER_KEY would be; without it the server makes one nobody here knows.
   * `clock` lets a test skip time forward (a lease running out). `githubApiUrl` is what BUGDAY_GITHUB_API_URL would be.
   */
  constructor(readonly options: { organizerKey?: string; clock?: TestClock; githubApiUrl?: string; irc?: AppOptions['irc'] } = {}) {}

  readonly dir = mkdtempSync(join(tmpdir(), 'bugday-e2e-'));
  readonly file = join(this.dir, 'bugday.json');
  app: App | undefined;
  port = 0;

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts on a free port the first time, on the same port after a stop. */
  async start() {
    if (!existsSync(join(CLIENT_DIR, 'index.html'))) throw new Error('The client is not built: run `npx vite build` first.');
    const { organizerKey, clock, githubApiUrl, irc } = this.options;
    const deps = {
      store: new LowdbStore(this.file),
      ...(organizerKey ? { organizerKey } : {}),
      ...(clock ? { now: clock.now, timers: clock } : {}),
    };
    this.app = await createApp(deps, { clientDir: CLIENT_DIR, presenceDelayMs: 20, ...(githubApiUrl ? { githubApiUrl } : {}), ...(irc ? { irc } : {}) });
    const server = this.app.httpServer;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    if (address && typeof address === 'object') this.port = address.port;
  }

  async stop() {
    await this.app?.close();
    this.app = undefined;
  }

  async dispose() {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Puts issues on the board through the real protocol, as an importer would. */
  async seed(issues: CommandPayloads['issue:create'][]) {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(this.url, { transports: ['websocket'] });
    try {
      const joined = await socket.emitWithAck('session:join', { nick: 'seeder' });
      if (!joined.ok) throw new Error(joined.error.message);
      for (const issue of issues) {
        const answer: Ack<unknown> = await socket.emitWithAck('issue:create', issue);
        if (!answer.ok) throw new Error(answer.error.message);
      }
    } finally {
      socket.close();
    }
  }
}

export async function launch(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}; run \`apt-get install chromium\` (these tests never skip).`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
}

/** A page in its own context: its own localStorage, so its own person. */
export async function openPage(browser: Browser, url: string, viewport = { width: 1440, height: 900 }): Promise<Page> {
  const context: BrowserContext = await browser.newContext({ viewport });
  // Conditions here settle in milliseconds; a short limit makes a failure quick to see.
  context.setDefaultTimeout(10_000);
  return openIn(context, url);
}

/** Another tab in a context: it shares localStorage with the context's other pages. */
export async function openIn(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  await page.getByRole('banner').getByText('Live', { exact: true }).waitFor();
  return page;
}

export async function joinAs(page: Page, nick: string) {
  await page.getByRole('banner').getByRole('button', { name: 'Join' }).click();
  const dialog = page.getByRole('dialog', { name: 'Join bugday' });
  await dialog.getByRole('textbox', { name: 'Nick' }).fill(nick);
  await dialog.getByRole('button', { name: 'Join' }).click();
  await page.getByText(`You are ${nick}`).waitFor();
}

export const card = (page: Page, title: string) => page.getByRole('article', { name: title });

/** Opens a card's panel by its title link, as a person would, and answers the panel. */
export async function openCard(page: Page, title: string): Promise<Locator> {
  await card(page, title).getByRole('link', { name: title }).click();
  const panel = page.getByRole('dialog', { name: title });
  await panel.waitFor();
  return panel;
}

/** Picks an item of a card's ⋯ menu. */
export async function cardMenu(page: Page, title: string, item: string) {
  await card(page, title).getByRole('button', { name: /^Actions for/ }).click();
  await page.getByRole('menu').getByRole('menuitem', { name: item }).click();
}

/** Presses Tab until `target` has focus: proof that it is reachable by keyboard alone. */
export async function tabTo(page: Page, target: Locator, limit = 80) {
  for (let presses = 0; presses < limit; presses += 1) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`${String(target)} was not reached after ${limit} presses of Tab`);
}

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A person on a plain socket, for setting up what the pages then show. */
export interface SocketPerson {
  socket: ClientSocket;
  joined: JoinResult;
  /** Sends a command and throws on a refusal; answers the seq of its last event. */
  send<N extends CommandName>(name: N, payload: CommandPayloads[N]): Promise<CommandResult>;
  close(): void;
}

export async function socketPerson(url: string, join: JoinPayload): Promise<SocketPerson> {
  const socket: ClientSocket = io(url, { transports: ['websocket'] });
  const answer = await socket.emitWithAck('session:join', join);
  if (!answer.ok) {
    socket.close();
    throw new Error(`join ${join.nick}: ${answer.error.message}`);
  }
  return {
    socket,
    joined: answer.data,
    async send(name, payload) {
      const emit = socket.emitWithAck as (name: CommandName, payload: unknown) => Promise<Ack<CommandResult>>;
      const reply = await emit.call(socket, name, payload);
      if (!reply.ok) throw new Error(`${name}: ${reply.error.message}`);
      return reply.data;
    },
    close: () => socket.close(),
  };
}

/**
 * A page that is already `joined` (its token in localStorage, as after a Join); `options` are
 * the context's others, e.g. a deviceScaleFactor or a colorScheme.
 */
export async function openAs(
  browser: Browser,
  url: string,
  joined: JoinResult,
  viewport = { width: 1440, height: 900 },
  options: Omit<BrowserContextOptions, 'viewport'> = {},
): Promise<Page> {
  const context = await browser.newContext({ ...options, viewport });
  context.setDefaultTimeout(10_000);
  const saved = JSON.stringify({ token: joined.token, personId: joined.person.id });
  await context.addInitScript((value) => localStorage.setItem('bugday.session', value), saved);
  const page = await openIn(context, url);
  await page.getByText(`You are ${joined.person.nick}`).waitFor();
  return page;
}

/**
 * Marks every element on screen that scrolls by itself (`data-pane="0"`, `"1"`, …: a
 * pane, a dialog, a list), in `within` or `within` itself, and answers a name for each, in
 * the same order. The window is not one of them: the shell never scrolls it.
 */
export async function markScrollingPanes(page: Page, within = 'body'): Promise<string[]> {
  return page.evaluate((within) => {
    document.querySelectorAll('[data-pane]').forEach((element) => element.removeAttribute('data-pane'));
    const scope = document.querySelector<HTMLElement>(within);
    const candidates = scope ? [scope, ...scope.querySelectorAll<HTMLElement>('*')] : [];
    const panes = candidates.filter((element) => {
      const { overflowY } = getComputedStyle(element);
      return (overflowY === 'auto' || overflowY === 'scroll') && element.scrollHeight > element.clientHeight && element.getClientRects().length > 0;
    });
    return panes.map((element, index) => {
      element.dataset.pane = String(index);
      const named = element.id ? `#${element.id}` : element.getAttribute('aria-label');
      return named ?? `${element.localName}.${[...element.classList].join('.')}`;
    });
  }, within);
}

/**
 * Waits for what was just changed (a scroll, a tab) to be rendered: two frames, because the
 * browser decides which `content-visibility: auto` cards came on screen after the first
 * frame's callbacks have run.
 */
export const rendered = (page: Page) =>
  page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
