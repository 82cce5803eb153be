import { readFileSync, statSync } from 'node:fs';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { FIRST_SYNC_ELEMENT, type SyncPayload } from '../shared/protocol.ts';

/** The encodings the page is also kept in, the better first. */
export const PAGE_ENCODINGS = ['br', 'gzip'] as const;
export type PageEncoding = (typeof PAGE_ENCODINGS)[number];

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/**
 * Brotli at quality 5: a 1,000-card board's 250 kB page becomes about 11 kB
 * in under 10 ms, while quality 11 (what the build uses for the scripts) takes
 * close to a second for 15% less. Runs in zlib's thread pool, so sockets are
 * served meanwhile.
 */
const COMPRESS: Record<PageEncoding, (page: Buffer) => Promise<Buffer>> = {
  br: (page) =>
    brotliAsync(page, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 5,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: page.length,
      },
    }),
  gzip: (page) => gzipAsync(page),
};

/**
 * The page every navigation gets: the built index.html with the board in it
 * (FIRST_SYNC_ELEMENT), so the client renders it as soon as its script runs,
 * without waiting for a socket. Every page opened between two events is the
 * same, so it is built once per seq: a crowd opening the board at the start
 * of a sprint costs one JSON.stringify and one compression per encoding asked
 * for, and each page a copy of a buffer. index.html is read again when a
 * rebuild changes it, so the page always names the scripts that are there.
 */
export class FirstPage {
  #seq = -1;
  #builtAt = -1;
  #body = Buffer.alloc(0);
  /** This body compressed, each encoding only once someone asks for it: a quiet server compresses nothing. */
  #encoded = new Map<PageEncoding, Promise<Buffer>>();

  constructor(
    private readonly indexFile: string,
    private readonly seq: () => number,
    private readonly sync: () => SyncPayload,
  ) {}

  body(): Buffer {
    const seq = this.seq();
    const builtAt = statSync(this.indexFile).mtimeMs;
    if (seq !== this.#seq || builtAt !== this.#builtAt) {
      this.#body = Buffer.from(withBoard(readFileSync(this.indexFile, 'utf8'), this.sync()));
      this.#encoded = new Map();
      this.#seq = seq;
      this.#builtAt = builtAt;
    }
    return this.#body;
  }

  /** The same bytes as `body()`, compressed. */
  encoded(encoding: PageEncoding): Promise<Buffer> {
    const body = this.body();
    let encoded = this.#encoded.get(encoding);
    if (!encoded) {
      encoded = COMPRESS[encoding](body);
      this.#encoded.set(encoding, encoded);
    }
    return encoded;
  }
}

function withBoard(indexHtml: string, sync: SyncPayload): string {
  // At the end of the body: the head's script and stylesheet requests start before the board's bytes are read.
  const at = indexHtml.lastIndexOf('</body>');
  if (at < 0) throw new Error('index.html has no </body>');
  // Escaping "<" keeps any text a person typed from closing the element; JSON reads \u003c back as "<".
  const json = JSON.stringify(sync).replaceAll('<', '\\u003c');
  return `${indexHtml.slice(0, at)}<script type="application/json" id="${FIRST_SYNC_ELEMENT}">${json}</script>${indexHtml.slice(at)}`;
}
