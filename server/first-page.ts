import { FIRST_SYNC_ELEMENT, type SyncPayload } from '../shared/protocol.ts';

/**
 * The page every path answers: the built index.html with the board in it
 * (FIRST_SYNC_ELEMENT), so the client renders it as soon as its script runs,
 * without waiting for a socket. Every page opened between two events is the
 * same, so it is built once per seq: a crowd opening the board at the start
 * of a sprint costs one JSON.stringify, and each page a copy of a buffer.
 */
export class FirstPage {
  #seq = -1;
  #body = Buffer.alloc(0);
  readonly #before: string;
  readonly #after: string;

  constructor(
    indexHtml: string,
    private readonly seq: () => number,
    private readonly sync: () => SyncPayload,
  ) {
    // At the end of the body: the head's script and stylesheet requests start before the board's bytes are read.
    const at = indexHtml.lastIndexOf('</body>');
    if (at < 0) throw new Error('index.html has no </body>');
    this.#before = indexHtml.slice(0, at);
    this.#after = indexHtml.slice(at);
  }

  body(): Buffer {
    const seq = this.seq();
    if (seq !== this.#seq) {
      // Escaping "<" keeps any text a person typed from closing the element; JSON reads \u003c back as "<".
      const json = JSON.stringify(this.sync()).replaceAll('<', '\\u003c');
      this.#body = Buffer.from(`${this.#before}<script type="application/json" id="${FIRST_SYNC_ELEMENT}">${json}</script>${this.#after}`);
      this.#seq = seq;
    }
    return this.#body;
  }
}
