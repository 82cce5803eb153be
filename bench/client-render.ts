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
import type { Browser } from 'playwright-core';
import { launch } from '../tests/e2e/harness.ts';
import { io as connectClient } from 'socket.io-client';
import type { Ack, CommandResult, JoinResult } from '../shared/protocol.ts';
import { cardTitle, writeHistory } from './lib/history.ts';
import { bugdayServer, ROOT, spawnServer, type RunningServer } from './lib/spawn-server.ts';
import { round, sleep, withTimeout } from './lib/stats.ts';

export interface ClientResult {
  /** Navigation start → first and last card title in the DOM. */
  firstRenderMs?: number;
  /** … → the next animation frame after that (about when it is painted). */
  firstFrameMs?: number;
  /** Navigation start → the `sync` frame received. */
  syncArrivedMs?: number;
  /** page.goto → last card visible, as Playwright sees it. */
  visibleMs?: number;
  claimToCard?: { p50: number; max: number; samples: number[]; painted: number[]; missed: number };
  chatElements?: number;
  chatItems?: number;
  documentElements?: number;
  jsGzipKB?: number;
  jsFiles?: Array<{ file: string; gzipKB: number }>;
  buildMs?: number;
  error?: string;
}

const CARDS = 1_000;
const MESSAGES = 20_000;
const PEOPLE = 50;
const CLAIMED_CARDS = [10, 250, 500, 750, 990];


/** Runs in the page before any of its scripts. */
const INIT_SCRIPT = `(() => {
  const bench = (window.__bench = { watch: null });
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        const at = performance.now();
        if (typeof event.data !== 'string') return;
        if (bench.syncAt === undefined && event.data.startsWith('42["sync"')) bench.syncAt = at;
        const watch = bench.watch;
        if (watch && watch.arrivedAt === undefined && event.data.includes('"issue.claimed"') && event.data.includes('"issueId":"' + watch.issueId + '"')) watch.arrivedAt = at;
      });
    }
  };
  const cardOf = (title) => {
    const found = document.evaluate('//*[text()[contains(., ' + JSON.stringify(title) + ')]]', document, null, XPathResult.FIRST_ORDERED_NODE_TYPE, null).singleNodeValue;
    return found && (found.closest('article, li, [role=listitem], [role=article]') || found.parentElement);
  };
  bench.cardOf = cardOf;
  const first = ${JSON.stringify(cardTitle(1))};
  const last = ${JSON.stringify(cardTitle(CARDS))};
  const has = (node, text) => node && node.textContent && node.textContent.includes(text);
  let seenFirst = false;
  let seenLast = false;
  const observer = new MutationObserver((records) => {
    const at = performance.now();
    if (bench.renderedAt === undefined) {
      for (const record of records) {
        for (const node of record.addedNodes) {
          if (!seenFirst && has(node, first)) seenFirst = true;
          if (!seenLast && has(node, last)) seenLast = true;
        }
        if (record.type === 'characterData') {
          if (has(record.target, first)) seenFirst = true;
          if (has(record.target, last)) seenLast = true;
        }
      }
      if (seenFirst && seenLast) {
        bench.renderedAt = at;
        requestAnimationFrame(() => (bench.frameAt = performance.now()));
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

function jsSizes(): Array<{ file: string; gzipKB: number }> {
  const assets = join(ROOT, 'dist/client/assets');
  return readdirSync(assets)
    .filter((file) => file.endsWith('.js'))
    .map((file) => ({ file, gzipKB: round(gzipSync(readFileSync(join(assets, file)), { level: 9 }).length / 1024, 1) }));
}

export async function runClientBench(dir: string, log: (line: string) => void): Promise<ClientResult> {
  const result: ClientResult = {};
  result.buildMs = round(await build(log), 0);
  result.jsFiles = jsSizes();
  result.jsGzipKB = round(result.jsFiles.reduce((sum, f) => sum + f.gzipKB, 0), 1);

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
  const claimer = { socket: undefined as ReturnType<typeof connectClient> | undefined };
  try {
    server = await spawnServer({ ...bugdayServer(join(folder, 'bugday.json')), timeoutMs: 60_000 });
    browser = await launch();
    const page = await browser.newPage();
    page.setDefaultTimeout(30_000);
    await page.addInitScript(INIT_SCRIPT);

    const navStarted = performance.now();
    await page.goto(server.url, { waitUntil: 'commit' });
    await page.getByText(info.lastCardTitle, { exact: false }).first().waitFor({ state: 'attached' });
    result.visibleMs = round(performance.now() - navStarted, 0);
    await page.waitForFunction(() => (window as unknown as { __bench: { frameAt?: number } }).__bench.frameAt !== undefined, null, { timeout: 10_000 }).catch(() => undefined);
    const marks = await page.evaluate(() => {
      const bench = (window as unknown as { __bench: { renderedAt?: number; frameAt?: number; syncAt?: number } }).__bench;
      return { renderedAt: bench.renderedAt, frameAt: bench.frameAt, syncAt: bench.syncAt };
    });
    result.firstRenderMs = marks.renderedAt === undefined ? undefined : round(marks.renderedAt, 0);
    result.firstFrameMs = marks.frameAt === undefined ? undefined : round(marks.frameAt, 0);
    result.syncArrivedMs = marks.syncAt === undefined ? undefined : round(marks.syncAt, 0);
    log(`  first render ${result.firstRenderMs} ms (sync frame at ${result.syncArrivedMs} ms)`);

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
    const socket = connectClient(server.url, { transports: ['websocket'], forceNew: true, reconnection: false });
    claimer.socket = socket;
    await withTimeout(new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    }), 10_000, 'claimer connect');
    const nick = 'benchclaimer';
    const joined = (await socket.timeout(10_000).emitWithAck('session:join', { nick })) as Ack<JoinResult>;
    if (!joined.ok) throw new Error(`claimer join refused: ${joined.error.message}`);
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
  } catch (error) {
    result.error = (error as Error).message.split('\n')[0];
    log(`  client: ${result.error}`);
  } finally {
    claimer.socket?.disconnect();
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
