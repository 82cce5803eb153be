/**
 * What goes over the wire for the built client (`npm run build` first): each
 * file as the .br or .gz the build made when the request takes one, the page
 * compressed per seq, and caching that lets hashed files stay for good.
 * Requests go through node:http, which (unlike fetch) leaves the body as sent.
 */
import { readFileSync } from 'node:fs';
import { get, type IncomingHttpHeaders } from 'node:http';
import { join, resolve } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIRST_SYNC_ELEMENT, type DomainEvent, type SyncPayload } from '../../shared/protocol.ts';
import { TestClient } from './helpers/client.ts';
import { startServer, type RunningServer } from './helpers/server.ts';

const CLIENT_DIR = resolve('dist/client');
const BROWSER = 'gzip, deflate, br, zstd';

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body as it came. */
  raw: Buffer;
  /** The body after its Content-Encoding is undone. */
  decoded: Buffer;
}

function request(url: string, acceptEncoding?: string): Promise<Answer> {
  return new Promise((done, fail) => {
    get(url, { headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const raw = Buffer.concat(chunks);
        const encoding = response.headers['content-encoding'];
        const decoded = encoding === 'br' ? brotliDecompressSync(raw) : encoding === 'gzip' ? gunzipSync(raw) : raw;
        done({ status: response.statusCode!, headers: response.headers, raw, decoded });
      });
    }).on('error', fail);
  });
}

function boardOf(page: Buffer): SyncPayload {
  const html = page.toString();
  const open = `<script type="application/json" id="${FIRST_SYNC_ELEMENT}">`;
  const start = html.indexOf(open) + open.length;
  return JSON.parse(html.slice(start, html.indexOf('</script>', start))) as SyncPayload;
}

describe('the wire', () => {
  let server: RunningServer;
  const index = readFileSync(join(CLIENT_DIR, 'index.html'), 'utf8');
  const script = /<script[^>]+src="([^"]+\.js)"/.exec(index)?.[1];
  const stylesheet = /<link[^>]+href="([^"]+\.css)"/.exec(index)?.[1];

  beforeAll(async () => {
    server = await startServer({}, { clientDir: CLIENT_DIR });
  });
  afterAll(() => server.stop());

  it('sends the script as brotli when taken, else gzip, else as it is: each decodes to the built file', async () => {
    expect(script, 'index.html names its script').toMatch(/^\/assets\/.+-[\w-]+\.js$/);
    const built = readFileSync(join(CLIENT_DIR, script!));
    for (const [accept, encoding] of [
      [BROWSER, 'br'],
      ['br;q=0.5, gzip;q=1', 'br'],
      ['gzip, deflate', 'gzip'],
      ['deflate', undefined],
      ['br;q=0, gzip;q=0', undefined],
      [undefined, undefined],
    ] as const) {
      const answer = await request(server.url + script, accept);
      expect(answer.status, String(accept)).toBe(200);
      expect(answer.headers['content-encoding'], String(accept)).toBe(encoding);
      expect(answer.headers.vary, String(accept)).toBe('Accept-Encoding');
      expect(answer.headers['content-type']).toMatch(/^text\/javascript|^application\/javascript/);
      if (encoding) expect(answer.raw.length).toBeLessThan(built.length / 2);
      expect(answer.decoded.equals(built), String(accept)).toBe(true);
    }
  });

  it('lets browsers keep hashed files for good, and check anything else before using it', async () => {
    for (const path of [script!, stylesheet!]) {
      const answer = await request(server.url + path, BROWSER);
      expect(answer.headers['cache-control'], path).toBe('public, max-age=31536000, immutable');
    }
    const bare = await request(`${server.url}/index.html`, BROWSER);
    expect(bare.headers['cache-control']).toBe('no-cache');
    expect(bare.headers['content-encoding']).toBe('br');
    expect(bare.decoded.toString()).toBe(index);
  });

  it('compresses the page, which decodes to exactly the page as it is, and follows the board', async () => {
    const ana = await TestClient.joined(server.url, 'ana');
    try {
      await ana.send('issue:create', { title: 'Crash on save', commandId: crypto.randomUUID() });
      await ana.untilEvent('issue.created');
      const issueId = (ana.events.find((event) => event.type === 'issue.created') as Extract<DomainEvent, { type: 'issue.created' }>).issue.id;

      const pages = async () => {
        const plain = await request(server.url, undefined);
        expect(plain.headers['content-encoding']).toBeUndefined();
        for (const [accept, encoding] of [
          [BROWSER, 'br'],
          ['gzip', 'gzip'],
          ['identity', undefined],
        ] as const) {
          const answer = await request(`${server.url}/some/deep/link`, accept);
          expect(answer.headers['content-encoding'], accept).toBe(encoding);
          expect(answer.headers.vary, accept).toBe('Accept-Encoding');
          expect(answer.headers['cache-control'], accept).toBe('no-store');
          expect(answer.headers['content-type'], accept).toMatch(/^text\/html/);
          expect(answer.decoded.equals(plain.raw), accept).toBe(true);
          if (encoding) expect(answer.raw.length, accept).toBeLessThan(plain.raw.length);
        }
        return plain.raw;
      };

      // A page this small carries the events themselves.
      const claimed = (page: Buffer) => JSON.stringify(boardOf(page)).includes('"issue.claimed"');
      const before = await pages();
      expect(boardOf(before).seq).toBe(server.app.board.seq);
      expect(claimed(before)).toBe(false);
      await ana.send('issue:claim', { issueId, commandId: crypto.randomUUID() });
      const after = await pages();
      expect(boardOf(after).seq).toBe(server.app.board.seq);
      expect(claimed(after)).toBe(true);
    } finally {
      ana.close();
    }
  });

  it('answers a missing file with a 404 in any encoding, not the board', async () => {
    for (const path of ['/favicon.ico', '/assets/index-old.js', '/assets/index-old.js.br']) {
      for (const accept of [BROWSER, undefined]) {
        const answer = await request(server.url + path, accept);
        expect(answer.status, path).toBe(404);
        expect(answer.decoded.toString(), path).not.toContain(FIRST_SYNC_ELEMENT);
      }
    }
  });
});
