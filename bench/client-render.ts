/**
 * The browser client under a big board: headless Chromium against the built
 * client (`npx vite build` → dist/client, served by the production server)
 * with 1,000 cards and 20,000 chat messages stored.
 *
 * Measured with stable handles only (texts the bench wrote, roles), since the
 * UI is being rewritten: the page's own clock (performance.now, from
 * navigation start) stamps when the `sync` frame arrives and when the first
 * and last card titles are in the DOM; a claim sent from Node is timed from
 * its WebSocket frame arriving in the page to the card showing the claimant.
 *
 *   node --import tsx bench/client-render.ts      (alone; bench/load.ts runs it last)
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { launch } from '../tests/e2e/harness.ts';
import { io as connectClient } from 'socket.io-client';
import type { Ack, CommandResult, JoinResult } from '../shared/protocol.ts';
import { runLighthouse, type LighthouseResult } from './lighthouse.ts';
import { cardTitle, writeHistory } from './lib/history.ts';
import { bugdayServer, ROOT, spawnServer, type RunningServer } from './lib/spawn-server.ts';
import { round, sleep, withTimeout } from './lib/stats.ts';

export interface ClientResult {
  /**
   * Navigation start → the first cards in the DOM (the first screenful, in one
   * flush): the median of LOADS cold loads, each in a fresh browser context.
   */
  firstRenderMs?: number;
  firstRenderSamples?: number[];
  /** How many cards that first render put in the DOM. */
  firstRenderCards?: number;
  /** … → the next animation frame after it (about when it is painted). */
  firstFrameMs?: number;
  /** … → the last of the 1,000 cards in the DOM. */
  completeMs?: number;
  /** … → the first chat line in the DOM: the page builds its chat in the task after the rest. */
  chatMs?: number;
  /** … → the page, with the board in it, downloaded. */
  boardArrivedMs?: number;
  /** First render and all cards for a page whose person joined (every card then asks what they may do). */
  participant?: { firstRenderMs?: number; completeMs?: number };
  /** Layout shift as CLS sums it, from navigation until all 1,000 cards are out and painted, per screen and person. */
  layoutShift?: Array<{ viewport: string; lurker: number; participant: number }>;
  claimToCard?: { p50: number; max: number; samples: number[]; painted: number[]; missed: number };
  chatElements?: number;
  chatItems?: number;
  documentElements?: number;
  /** Lighthouse's mobile performance run on the lurker's page (report: bench/results/lighthouse.json). */
  lighthouse?: LighthouseResult;
  /** What a cold load of the page moves over the network, from the first of the cold loads. */
  wire?: WireBytes;
  jsGzipKB?: number;
  jsFiles?: Array<{ file: string; gzipKB: number; lazy: boolean }>;
  /** All of them, the lazy ones too. */
  jsAllGzipKB?: number;
  buildMs?: number;
  error?: string;
}

const CARDS = 1_000;
const MESSAGES = 20_000;
const PEOPLE = 50;
const CLAIMED_CARDS = [10, 250, 500, 750, 990];
const LOADS = 7;
const RESULTS = join(ROOT, 'bench/results');
/** Screens the layout shift is measured on: a phone, and a laptop's window. */
const SHIFT_SCREENS = [
  { name: '390x844', viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true },
  { name: '1440x900', viewport: { width: 1440, height: 900 } },
];


/** Runs in the page before any of its scripts. */
const INIT_SCRIPT = `(() => {
  const bench = (window.__bench = { watch: null, shift: 0 });
  // Layout shift as CLS counts it: none right after input (there is none here anyway).
  const addShifts = (entries) => entries.forEach((entry) => (bench.shift += entry.hadRecentInput ? 0 : entry.value));
  const shifts = new PerformanceObserver((list) => addShifts(list.getEntries()));
  shifts.observe({ type: 'layout-shift', buffered: true });
  bench.takeShift = () => (addShifts(shifts.takeRecords()), bench.shift);
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        const at = performance.now();
        if (typeof event.data !== 'string') return;
        const watch = bench.watch;
        if (watch && watch.arrivedAt === undefined && event.data.includes('"issue.claimed"') && event.data.includes('"issueId":"' + watch.issueId + '"')) watch.arrivedAt = at;
      });
    }
  };
  const cardOf = (title) => {
    const found = document.evaluate('//*[not(self::script)][text()[contains(., ' + JSON.stringify(title) + ')]]', document, null, XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue;
    return found && (found.closest('article, li, [role=listitem], [role=article]') || found.parentElement);
  };
  bench.cardOf = cardOf;
  const first = ${JSON.stringify(cardTitle(1))};
  const last = ${JSON.stringify(cardTitle(CARDS))};
  // Card titles are also in the board data the page arrives with (a <script> data block): only
  // text outside it is a card on screen.
  const has = (node, text) =>
    node.nodeType === Node.TEXT_NODE
      ? node.parentElement?.nodeName !== 'SCRIPT' && node.data.includes(text)
      : node.nodeType === Node.ELEMENT_NODE &&
        node.textContent.includes(text) &&
        document.evaluate('descendant-or-self::*[not(self::script)][text()[contains(., ' + JSON.stringify(text) + ')]]', node, null, XPathResult.BOOLEAN_TYPE, null).booleanValue;
  const cardsInDom = () => document.evaluate('count(//*[not(self::script)][text()[contains(., "Bench card ")]])', document, null, XPathResult.NUMBER_TYPE, null).numberValue;
  // Told by a console line, so the bench does not poll the page (and load Playwright's scripts into it) while it loads.
  const loaded = () => bench.firstFrameAt !== undefined && bench.completeAt !== undefined && console.debug('bench:loaded');
  const observer = new MutationObserver((records) => {
    const at = performance.now();
    if (bench.completeAt === undefined) {
      for (const record of records) {
        const nodes = record.type === 'characterData' ? [record.target] : record.addedNodes;
        for (const node of nodes) {
          if (bench.firstAt === undefined && has(node, first)) {
            bench.firstAt = at;
            bench.firstCards = cardsInDom();
            requestAnimationFrame(() => {
              bench.firstFrameAt = performance.now();
              loaded();
            });
          }
          if (bench.completeAt === undefined && has(node, last)) {
            bench.completeAt = at;
            loaded();
          }
          // Only where the chat is on screen from the start: a phone shows it behind a tab.
          if (bench.chatAt === undefined && has(node, ' from the bench')) bench.chatAt = at;
        }
      }
    }
    const watch = bench.watch;
    if (watch && watch.updatedAt === undefined) {
      const card = cardOf(watch.title);
      if (card && card.textContent.includes(watch.nick)) {
        watch.updatedAt = at;
        requestAnimationFrame(() => (watch.frameAt = performance.now()));
      }
    }
  });
  observer.observe(document, { childList: true, subtree: true, characterData: true });
})();`;

async function build(log: (line: string) => void): Promise<number> {
  const started = performance.now();
  await withTimeout(
    new Promise<void>((resolve, reject) => {
      const child = spawn('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`vite build failed (${code}): ${output.slice(-800)}`))));
      child.once('error', reject);
    }),
    180_000,
    'vite build',
  );
  const ms = performance.now() - started;
  log(`  client built in ${round(ms / 1000, 1)} s`);
  return ms;
}

/**
 * Every built script, gzipped; `lazy` is one the page fetches only when a person opens what
 * it holds (the organizer's panel, a card's panel), so not before its first render: the page
 * loads the others, its module script and what index.html preloads with it.
 */
function jsSizes(): Array<{ file: string; gzipKB: number; lazy: boolean }> {
  const assets = join(ROOT, 'dist/client/assets');
  const page = readFileSync(join(ROOT, 'dist/client/index.html'), 'utf8');
  return readdirSync(assets)
    .filter((file) => file.endsWith('.js'))
    .map((file) => ({
      file,
      gzipKB: round(gzipSync(readFileSync(join(assets, file)), { level: 9 }).length / 1024, 1),
      lazy: !page.includes(`/assets/${file}"`),
    }));
}

/**
 * Bytes of the page and of every file it loads, from Resource Timing: `transfer` is what came
 * over the network (headers included, so compression shows), `decoded` the bodies as the page
 * read them. The socket is not counted: it is the realtime channel, not the load.
 */
export interface WireBytes {
  transferKB: number;
  decodedKB: number;
  files: Array<{ path: string; encoding: string; transferKB: number; decodedKB: number }>;
}

interface LoadMarks {
  firstAt?: number;
  firstCards?: number;
  firstFrameAt?: number;
  completeAt?: number;
  chatAt?: number;
  boardAt?: number;
  wire: WireBytes;
}

/**
 * One page load, stamped by the page's own clock from navigation start: the
 * page (with the board in it) downloaded, the first card in the DOM (the first screenful, put
 * in by one flush) and the frame after it, and the last of the 1,000 cards.
 */
async function loadOnce(page: Page, url: string): Promise<LoadMarks> {
  page.setDefaultTimeout(30_000);
  await page.addInitScript(INIT_SCRIPT);
  const loaded = page.waitForEvent('console', { predicate: (message) => message.text() === 'bench:loaded' });
  await page.goto(url, { waitUntil: 'commit' });
  await loaded;
  // No named functions in here: tsx would wrap them in a helper the page does not have.
  const marks = await page.evaluate(() => {
    const bench = (window as unknown as { __bench: LoadMarks }).__bench;
    const [navigation] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
    const entries = [navigation, ...(performance.getEntriesByType('resource') as PerformanceResourceTiming[])];
    return {
      firstAt: bench.firstAt,
      firstCards: bench.firstCards,
      firstFrameAt: bench.firstFrameAt,
      completeAt: bench.completeAt,
      chatAt: bench.chatAt,
      boardAt: navigation?.responseEnd,
      entries: entries.map((entry) => ({
        url: entry!.name,
        // Chromium names the Content-Encoding it decoded; '' is identity.
        encoding: (entry as PerformanceResourceTiming & { contentEncoding?: string }).contentEncoding,
        transfer: entry!.transferSize,
        decoded: entry!.decodedBodySize,
      })),
    };
  });
  const { entries, ...times } = marks;
  return { ...times, wire: wireBytes(entries) };
}

/**
 * Layout shift from navigation until the board is whole: the last card in the DOM, then two
 * frames, so the frame that lays it out has been painted; the shifts not yet handed to the
 * observer are taken with it.
 */
async function layoutShift(page: Page, url: string): Promise<number> {
  await loadOnce(page, url);
  const shift = await page.evaluate(
    () =>
      new Promise<number>((resolve) =>
        requestAnimationFrame(() => requestAnimationFrame(() => resolve((window as unknown as { __bench: { takeShift(): number } }).__bench.takeShift()))),
      ),
  );
  return round(shift, 4);
}

function wireBytes(entries: Array<{ url: string; encoding: string | undefined; transfer: number; decoded: number }>): WireBytes {
  const kB = (bytes: number) => round(bytes / 1024, 1);
  const loaded = entries.filter((entry) => !new URL(entry.url).pathname.startsWith('/socket.io/'));
  const sum = (pick: (entry: (typeof loaded)[number]) => number) => kB(loaded.reduce((total, entry) => total + pick(entry), 0));
  return {
    transferKB: sum((entry) => entry.transfer),
    decodedKB: sum((entry) => entry.decoded),
    files: loaded.map((entry) => ({
      path: new URL(entry.url).pathname,
      encoding: entry.encoding === undefined ? '?' : entry.encoding || 'identity',
      transferKB: kB(entry.transfer),
      decodedKB: kB(entry.decoded),
    })),
  };
}

function median(values: Array<number | undefined>): number | undefined {
  const known = values.filter((v): v is number => v !== undefined).sort((a, b) => a - b);
  return known.length ? round(known[Math.floor((known.length - 1) / 2)]!, 0) : undefined;
}

function summarise(loads: LoadMarks[]): Pick<ClientResult, 'firstRenderMs' | 'firstRenderSamples' | 'firstRenderCards' | 'firstFrameMs' | 'completeMs' | 'chatMs' | 'boardArrivedMs' | 'wire'> {
  return {
    // Every cold load moves the same bytes.
    wire: loads[0]?.wire,
    firstRenderMs: median(loads.map((l) => l.firstAt)),
    firstRenderSamples: loads.map((l) => (l.firstAt === undefined ? NaN : round(l.firstAt, 0))),
    firstRenderCards: median(loads.map((l) => l.firstCards)),
    firstFrameMs: median(loads.map((l) => l.firstFrameAt)),
    completeMs: median(loads.map((l) => l.completeAt)),
    chatMs: median(loads.map((l) => l.chatAt)),
    boardArrivedMs: median(loads.map((l) => l.boardAt)),
  };
}

type ClientSocket = ReturnType<typeof connectClient>;
/** Sockets of people joined only to lend a page their token; closed when the bench ends. */
const participantSockets: ClientSocket[] = [];

/** Joins from Node; the socket stays open so the person stays online. */
async function joinByNode(url: string, nick: string, holder?: { socket?: ClientSocket }): Promise<JoinResult & { socket: ClientSocket }> {
  const socket = connectClient(url, { transports: ['websocket'], forceNew: true, reconnection: false });
  if (holder) holder.socket = socket;
  else participantSockets.push(socket);
  await withTimeout(new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  }), 10_000, `${nick} connect`);
  const joined = (await socket.timeout(10_000).emitWithAck('session:join', { nick })) as Ack<JoinResult>;
  if (!joined.ok) throw new Error(`${nick}: join refused: ${joined.error.message}`);
  return { ...joined.data, socket };
}

export async function runClientBench(dir: string, log: (line: string) => void): Promise<ClientResult> {
  const result: ClientResult = {};
  result.buildMs = round(await build(log), 0);
  result.jsFiles = jsSizes();
  const sum = (files: typeof result.jsFiles) => round(files.reduce((total, f) => total + f.gzipKB, 0), 1);
  result.jsGzipKB = sum(result.jsFiles.filter((f) => !f.lazy));
  result.jsAllGzipKB = sum(result.jsFiles);

  const folder = join(dir, 'client-board');
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  const info = await writeHistory(join(folder, 'bugday.json'), {
    events: PEOPLE + CARDS + MESSAGES,
    people: PEOPLE,
    cards: CARDS,
    claimShare: 0,
  });
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  const claimer: { socket?: ClientSocket } = {};
  try {
    server = await spawnServer({ ...bugdayServer(join(folder, 'bugday.json')), timeoutMs: 60_000 });
    browser = await launch();
    // Each load in a fresh context, so nothing is cached: a first visit, the slowest case.
    const loads: LoadMarks[] = [];
    for (let i = 0; i < LOADS; i += 1) {
      const context = await browser.newContext();
      loads.push(await loadOnce(await context.newPage(), server.url));
      await context.close();
    }
    Object.assign(result, summarise(loads));
    log(
      `  first render ${result.firstRenderMs} ms, median of ${LOADS} (${result.firstRenderSamples!.join(', ')}), ${result.firstRenderCards} cards;` +
        ` page downloaded at ${result.boardArrivedMs} ms, the chat's first line at ${result.chatMs} ms, all ${CARDS} cards at ${result.completeMs} ms`,
    );
    const wire = result.wire;
    if (wire) {
      const files = wire.files.map((file) => `${file.path} ${file.transferKB} kB ${file.encoding} (${file.decodedKB} kB)`).join(', ');
      log(`  cold load on the wire: ${wire.transferKB} kB, ${wire.decodedKB} kB decoded: ${files}`);
    }

    // The same board for someone who joined: every card also asks what they may do with it.
    const participant = await joinByNode(server.url, 'benchreader');
    const joinedLoads: LoadMarks[] = [];
    for (let i = 0; i < LOADS; i += 1) {
      const context = await browser.newContext();
      await context.addInitScript(
        ([key, saved]) => localStorage.setItem(key, saved),
        ['bugday.session', JSON.stringify({ token: participant.token, personId: participant.person.id })] as const,
      );
      joinedLoads.push(await loadOnce(await context.newPage(), server.url));
      await context.close();
    }
    const joined = summarise(joinedLoads);
    result.participant = { firstRenderMs: joined.firstRenderMs, completeMs: joined.completeMs };
    log(`  as a participant: first render ${joined.firstRenderMs} ms, all ${CARDS} cards at ${joined.completeMs} ms`);

    // Nothing on screen may move while the board comes in, on a phone or a laptop, for a lurker or a participant.
    result.layoutShift = [];
    for (const { name, ...screen } of SHIFT_SCREENS) {
      const shiftFor = async (saved?: string) => {
        const context = await browser!.newContext(screen);
        if (saved) await context.addInitScript((value) => localStorage.setItem('bugday.session', value), saved);
        const shift = await layoutShift(await context.newPage(), server!.url);
        await context.close();
        return shift;
      };
      const lurker = await shiftFor();
      const joinedShift = await shiftFor(JSON.stringify({ token: participant.token, personId: participant.person.id }));
      result.layoutShift.push({ viewport: name, lurker, participant: joinedShift });
    }
    const shifted = result.layoutShift.some((screen) => screen.lurker > 0 || screen.participant > 0);
    log(
      `  layout shift until all ${CARDS} cards are out: ` +
        result.layoutShift.map((screen) => `${screen.viewport} ${screen.lurker} (lurker), ${screen.participant} (participant)`).join('; ') +
        ` — ${shifted ? 'CLS NOT 0' : 'CLS 0'}`,
    );

    const page = await browser.newPage();
    page.setDefaultTimeout(30_000);
    await page.addInitScript(INIT_SCRIPT);
    await page.goto(server.url, { waitUntil: 'commit' });
    await page.getByText(info.lastCardTitle, { exact: false }).first().waitFor({ state: 'attached' });

    const dom = await page.evaluate((lastChat: string) => {
      const found = document.evaluate(
        `//*[text()[contains(., ${JSON.stringify(lastChat)})]]`,
        document,
        null,
        XPathResult.FIRST_ORDERED_NODE_TYPE,
        null,
      ).singleNodeValue as Element | null;
      const list = found?.closest('ol, ul, [role=log], [role=list]') ?? found?.parentElement ?? null;
      return {
        chatElements: list ? list.getElementsByTagName('*').length : undefined,
        chatItems: list ? list.children.length : undefined,
        documentElements: document.getElementsByTagName('*').length,
      };
    }, info.lastChatText);
    Object.assign(result, dom);

    // A participant in Node claims cards; the page shows who holds them.
    const nick = 'benchclaimer';
    const { socket } = await joinByNode(server.url, nick, claimer);
    const samples: number[] = [];
    const painted: number[] = [];
    let missed = 0;
    for (const index of CLAIMED_CARDS) {
      const issueId = info.issueIds[index - 1]!;
      const title = cardTitle(index);
      await page.evaluate(
        (watch) => ((window as unknown as { __bench: { watch: unknown } }).__bench.watch = watch),
        { issueId, title, nick },
      );
      await sleep(300); // the join's presence and events settle first
      const answer = (await socket.timeout(10_000).emitWithAck('issue:claim', { issueId })) as Ack<CommandResult>;
      if (!answer.ok) throw new Error(`claim refused: ${answer.error.message}`);
      const watch = await page
        .waitForFunction(
          () => {
            const w = (window as unknown as { __bench: { watch: { arrivedAt?: number; updatedAt?: number; frameAt?: number } } }).__bench.watch;
            return w.updatedAt !== undefined && w.frameAt !== undefined && w.arrivedAt !== undefined ? w : undefined;
          },
          null,
          { timeout: 5_000 },
        )
        .then((handle) => handle.jsonValue() as Promise<{ arrivedAt: number; updatedAt: number; frameAt: number }>)
        .catch(() => undefined);
      // Let go again: the event's rules cap how many issues one person may hold at once.
      const released = (await socket.timeout(10_000).emitWithAck('issue:release', { issueId })) as Ack<CommandResult>;
      if (!released.ok) throw new Error(`release refused: ${released.error.message}`);
      if (!watch) {
        missed += 1;
        continue;
      }
      samples.push(round(watch.updatedAt - watch.arrivedAt, 1));
      painted.push(round(watch.frameAt - watch.arrivedAt, 1));
    }
    const sorted = [...samples].sort((a, b) => a - b);
    result.claimToCard = {
      p50: sorted[Math.floor((sorted.length - 1) / 2)] ?? NaN,
      max: sorted.at(-1) ?? NaN,
      samples,
      painted,
      missed,
    };
    log(`  claim → card updated: ${samples.join(', ')} ms${missed ? ` (${missed} not seen)` : ''}`);

    // Last, in a Chromium of its own, so no context of the bench's shares its cache or its clock.
    mkdirSync(RESULTS, { recursive: true });
    const lh = (result.lighthouse = await runLighthouse(server.url, join(RESULTS, 'lighthouse.json')));
    log(
      `  Lighthouse mobile performance ${lh.score}: FCP ${lh.fcpMs} ms, LCP ${lh.lcpMs} ms, TBT ${lh.tbtMs} ms, CLS ${lh.cls}, Speed Index ${lh.speedIndexMs} ms` +
        (lh.erroredAudits.length ? ` (audits that could not run: ${lh.erroredAudits.join(', ')})` : ''),
    );
  } catch (error) {
    result.error = (error as Error).message.split('\n')[0];
    log(`  client: ${result.error}`);
  } finally {
    claimer.socket?.disconnect();
    participantSockets.splice(0).forEach((socket) => socket.disconnect());
    await browser?.close().catch(() => undefined);
    await server?.stop();
    rmSync(folder, { recursive: true, force: true });
  }
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = mkdtempSync(join(tmpdir(), 'bugday-client-'));
  runClientBench(dir, console.log)
    .then((result) => console.log(JSON.stringify(result, null, 2)))
    .finally(() => rmSync(dir, { recursive: true, force: true }));
}
