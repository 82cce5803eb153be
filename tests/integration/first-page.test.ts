import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FIRST_SYNC_ELEMENT, type SyncPayload } from '../../shared/protocol.ts';
import { TestClient } from './helpers/client.ts';
import { startServer, type RunningServer } from './helpers/server.ts';

const ORGANIZER_KEY = 'first-page-organizer-key';
const INDEX = '<!doctype html><html><head><script type="module" src="/assets/app.js"></script></head><body><div id="app"></div></body></html>';
const OPEN_TAG = `<script type="application/json" id="${FIRST_SYNC_ELEMENT}">`;

/** The page as a browser gets it, and the board in it as the client reads it. */
async function page(url: string, path = '/'): Promise<{ response: Response; html: string; sync: SyncPayload }> {
  const response = await fetch(url + path);
  const html = await response.text();
  const start = html.indexOf(OPEN_TAG);
  expect(start, 'the page carries the board').toBeGreaterThan(-1);
  const end = html.indexOf('</script>', start);
  return { response, html, sync: JSON.parse(html.slice(start + OPEN_TAG.length, end)) as SyncPayload };
}

describe('the page is served with the board in it', () => {
  let dir: string;
  let server: RunningServer;
  const clients: TestClient[] = [];

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bugday-page-'));
    await writeFile(join(dir, 'index.html'), INDEX);
    server = await startServer({ organizerKey: ORGANIZER_KEY }, { clientDir: dir });
  });

  afterEach(async () => {
    clients.splice(0).forEach((client) => client.close());
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  });

  /** A page with nothing yet, as the client's handshake says it. */
  async function connect(): Promise<TestClient> {
    const client = await TestClient.connect(server.url, { lastSeq: 0, log: '' });
    clients.push(client);
    return client;
  }

  it('as the sync a new socket gets, on every path, never cached, after the page’s own markup', async () => {
    const ana = await TestClient.joined(server.url, 'ana');
    clients.push(ana);
    await ana.send('issue:create', { title: 'Crash on save', commandId: crypto.randomUUID() });
    await ana.send('chat:send', { text: 'on it', commandId: crypto.randomUUID() });

    const fresh = await connect();
    const { response, html, sync } = await page(server.url);
    expect(sync).toEqual(fresh.syncs[0]);
    expect(sync.seq).toBe(server.app.board.seq);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(html.indexOf(OPEN_TAG)).toBeGreaterThan(html.indexOf('<div id="app">'));
    expect((await page(server.url, '/some/deep/link')).sync).toEqual(sync);
  });

  it('answers a missing file (a favicon, an asset of an older build) with a 404, not the board', async () => {
    for (const path of ['/favicon.ico', '/assets/index-old.js']) {
      const response = await fetch(server.url + path);
      expect(response.status, path).toBe(404);
      expect(await response.text()).not.toContain(FIRST_SYNC_ELEMENT);
    }
  });

  it('names the scripts of a rebuild made while it runs', async () => {
    await page(server.url);
    const file = join(dir, 'index.html');
    await writeFile(file, INDEX.replace('/assets/app.js', '/assets/app-rebuilt.js'));
    // A clearly later modification time, whatever the file system's clock granularity.
    await utimes(file, new Date(), new Date(Date.now() + 60_000));
    const { html } = await page(server.url);
    expect(html).toContain('/assets/app-rebuilt.js');
  });

  it('follows the board: the next page after an event has it', async () => {
    const ana = await TestClient.joined(server.url, 'ana');
    clients.push(ana);
    const before = (await page(server.url)).sync;
    await ana.send('issue:create', { title: 'Dark theme', commandId: crypto.randomUUID() });
    const after = (await page(server.url)).sync;
    expect(after.seq).toBe(before.seq + 1);
    expect(JSON.stringify(after)).toContain('Dark theme');
    expect(JSON.stringify(before)).not.toContain('Dark theme');
  });

  it('keeps what people typed as data: no markup can end the data block, and the text comes back whole', async () => {
    const ana = await TestClient.joined(server.url, 'ana');
    clients.push(ana);
    const hostile = '</script><script>window.__x = 1</script><!-- <SCRIPT>';
    await ana.send('chat:send', { text: hostile, commandId: crypto.randomUUID() });
    const { html, sync } = await page(server.url);
    const block = html.slice(html.indexOf(OPEN_TAG));
    // The data block's own closing tag is the only one after it.
    expect(block.match(/<\/script/gi)).toHaveLength(1);
    expect(block).not.toContain('<!--');
    expect(JSON.stringify(sync)).toContain(JSON.stringify(hostile).slice(1, -1));
  });

  it('leaves out the words of a removed message, as a replay does', async () => {
    const olga = await TestClient.connect(server.url);
    clients.push(olga);
    expect(await olga.send('session:join', { nick: 'olga', key: ORGANIZER_KEY })).toMatchObject({ ok: true });
    const ana = await TestClient.joined(server.url, 'ana');
    clients.push(ana);
    const sent = (await ana.send('chat:send', { text: 'something regrettable', commandId: crypto.randomUUID() })) as { ok: true; data: { seq: number } };
    expect((await page(server.url)).html).toContain('something regrettable');
    expect(await olga.send('chat:remove', { chatSeq: sent.data.seq, commandId: crypto.randomUUID() })).toMatchObject({ ok: true });
    expect((await page(server.url)).html).not.toContain('something regrettable');
  });
});
