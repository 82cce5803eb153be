import { existsSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join, resolve, sep } from 'node:path';
import type express from 'express';
import expressStaticGzip from 'express-static-gzip';
import type { SyncPayload } from '../../shared/protocol.ts';
import { FirstPage, PAGE_ENCODINGS } from '../first-page.ts';

/** A year, and never asked again: the name changes whenever the content does. */
const HASHED = 'public, max-age=31536000, immutable';
/** Kept, but checked (ETag, Last-Modified) before each use. */
const UNHASHED = 'no-cache';

/**
 * The built client (`vite build` → dist/client): its files, each as the .br or
 * .gz the build made beside it when the browser takes one, and the page, with
 * the board in it, on every other path.
 */
export function serveClient(web: express.Express, clientDir: string | undefined, sync: () => SyncPayload, seq: () => number) {
  const root = clientDir && resolve(clientDir);
  const index = root && join(root, 'index.html');
  if (!root || !index || !existsSync(index)) {
    web.get('/', (_req, res) => {
      res.status(503).type('text').send('The bugday client is not built. Run `npm run build`, then restart.');
    });
    return;
  }
  const page = new FirstPage(index, seq, sync);
  // Everything Vite writes under assets/ is named [name]-[hash]: it may be cached for good.
  const hashed = join(root, 'assets') + sep;
  const cachePolicy = (res: ServerResponse, file: string) => res.setHeader('Cache-Control', file.startsWith(hashed) ? HASHED : UNHASHED);
  web.use(
    expressStaticGzip(root, {
      enableBrotli: true,
      // Browsers list gzip first at the same quality; brotli is smaller.
      orderPreference: [...PAGE_ENCODINGS],
      index: false,
      serveStatic: { index: false, setHeaders: cachePolicy },
    }),
  );
  // Any other path without a file extension is a page of the app, with the board as it is now,
  // never from a cache. A missing file (a favicon, an asset of an older build) is a plain 404,
  // not the whole board again.
  web.get('/{*splat}', async (req, res) => {
    if (/\.[^/]*$/.test(req.path)) return void res.sendStatus(404);
    // Brotli whenever it is taken at all, as for the files, whatever order the browser lists them in.
    const encoding = PAGE_ENCODINGS.find((name) => req.acceptsEncodings(name));
    res.set({ 'Cache-Control': 'no-store', Vary: 'Accept-Encoding' }).type('html');
    if (!encoding) return void res.send(page.body());
    res.set('Content-Encoding', encoding).send(await page.encoded(encoding));
  });
}
