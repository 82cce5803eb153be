import { readFileSync, statSync } from 'node:fs';
import { FIRST_SYNC_ELEMENT, type SyncPayload } from '../shared/protocol.ts';

/**
 * The page every navigation gets: the built index.html with the board in it
 * (FIRST_SYNC_ELEMENT), so the client renders it as soon as its script runs,
 * without waiting for a socket. Every page opened between two events is the
 * same, so it is built once per seq: a crowd opening the board at the start
 * of a sprint costs one JSON.stringify, and each page a copy of a buffer.
 * index.html is read again when a rebuild changes it, so the page always
 * names the scripts that are there.
 */
export class FirstPage {
  #seq = -1;
  #builtAt = -1;
  #body = Buffer.alloc(0);

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
      this.#seq = seq;
      this.#builtAt = builtAt;
    }
    return this.#body;
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
