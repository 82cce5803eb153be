import type { SyncPayload } from '../shared/protocol.ts';
import type { Board } from './board.ts';
import type { BugdayServer } from './context.ts';
import { encode, type Encoded } from './transport/encoded.ts';

/**
 * The `sync` a page with nothing to replay gets — the board as it is now —
 * encoded once per seq. When ten thousand pages connect after a restart,
 * the whole board is serialised once, not ten thousand times, and every
 * page is written the same buffer.
 */
export class SnapshotCache {
  #seq = -1;
  #message: Encoded | undefined;

  constructor(
    private readonly io: BugdayServer,
    private readonly board: Board,
    private readonly build: () => SyncPayload,
  ) {}

  current(): Encoded {
    if (this.#message === undefined || this.#seq !== this.board.seq) {
      this.#message = encode(this.io, 'sync', this.build());
      this.#seq = this.board.seq;
    }
    return this.#message;
  }
}
