import type { DomainEvent, PresenceChange } from '../shared/protocol.ts';
import type { BugdayServer, BugdaySocket } from './context.ts';
import { encode, write, type Encoded } from './transport/encoded.ts';

/** What one pass over every connection writes. */
interface Frame {
  events?: {
    list: DomainEvent[];
    firstSeq: number;
    lastSeq: number;
    message: Encoded;
    /** Set when some page may not read every event: the lurkers' view, encoded once. */
    lurkers?: { list: DomainEvent[]; message: Encoded };
  };
  presence: Encoded[];
  /** Runs once every connection has been written to. */
  after: Array<() => void>;
}

export interface BroadcasterOptions {
  /** Connections written to before letting the event loop take acks and reads in between. */
  sliceSize?: number;
  /** Told how long each pass over every connection took, in seconds, and how many it reached. */
  onPass?: (seconds: number, connections: number) => void;
  /** Who may read what; without it every page hears every event whole. */
  audience?: Audience;
}

/** Private help threads: some events reach some pages without their words. */
export interface Audience {
  /** Whether some page may not read all of these events (rare: a frame without it costs nothing more). */
  restricted(events: DomainEvent[]): boolean;
  /** The events as the person on a page (null: a lurker) may see them. */
  view(events: DomainEvent[], viewer: string | null): DomainEvent[];
}

/**
 * Writes committed events and presence changes to every page, in passes.
 * With ten thousand pages one pass is ten thousand socket writes, about
 * 200 ms of this machine's time, so:
 *  - a pass writes `sliceSize` connections at a time and yields between
 *    slices, so a person's own command is answered while a broadcast is
 *    being written, not after it;
 *  - whatever is committed while a pass is being written goes out in the
 *    next pass as one frame: under load there are more events per frame,
 *    not more frames, so the rate bugday carries is not capped at one event
 *    per pass as a plain broadcast's is.
 * Each connection hears each event once, in seq order: a page is synced
 * through `socket.data.syncedSeq` and a pass skips the events it already has
 * (a page that connected while they waited), so nothing waits on a page
 * that is being brought up to date.
 */
export class Broadcaster {
  readonly #io: BugdayServer;
  readonly #sliceSize: number;
  readonly #onPass: BroadcasterOptions['onPass'];
  readonly #audience: Audience | undefined;
  #events: DomainEvent[] = [];
  #presence: PresenceChange[] = [];
  #after: Array<() => void> = [];
  #writing = false;
  #stopped = false;

  constructor(io: BugdayServer, options: BroadcasterOptions = {}) {
    this.#io = io;
    this.#sliceSize = options.sliceSize ?? 256;
    this.#onPass = options.onPass;
    this.#audience = options.audience;
  }

  /** Events in seq order; `after` runs once every page has been written to (e.g. disconnecting a removed person). */
  events(events: DomainEvent[], after?: () => void) {
    this.#events.push(...events);
    if (after) this.#after.push(after);
    this.#schedule();
  }

  presence(change: PresenceChange) {
    this.#presence.push(change);
    this.#schedule();
  }

  /** Nothing more is written; what waits is dropped (pages that reconnect elsewhere get it by replay). */
  stop() {
    this.#stopped = true;
  }

  #schedule() {
    // Started on the next turn, not inside the commit: commands answered in the same turn share a frame.
    if (this.#writing || this.#stopped) return;
    this.#writing = true;
    setImmediate(() => this.#pass());
  }

  #pass() {
    const frame = this.#take();
    if (!frame || this.#stopped) {
      this.#writing = false;
      return;
    }
    const started = performance.now();
    // A live iterator: pages that connect during the pass are visited too, and skip what their sync held.
    const sockets = this.#io.of('/').sockets.values();
    let reached = 0;
    const slice = () => {
      if (this.#stopped) return void (this.#writing = false);
      for (let i = 0; i < this.#sliceSize; i += 1) {
        const next = sockets.next();
        if (next.done) return this.#finish(frame, started, reached);
        if (this.#write(next.value, frame)) reached += 1;
      }
      setImmediate(slice);
    };
    slice();
  }

  #finish(frame: Frame, started: number, reached: number) {
    this.#onPass?.((performance.now() - started) / 1000, reached);
    for (const after of frame.after) after();
    this.#writing = false;
    if (this.#events.length > 0 || this.#presence.length > 0) this.#schedule();
  }

  #take(): Frame | undefined {
    if (this.#events.length === 0 && this.#presence.length === 0) return undefined;
    const list = this.#events;
    const frame: Frame = { presence: this.#presence.map((change) => encode(this.#io, 'presence:changed', change)), after: this.#after };
    if (list.length > 0) {
      frame.events = { list, firstSeq: list[0]!.seq, lastSeq: list.at(-1)!.seq, message: encode(this.#io, 'events', list) };
      if (this.#audience?.restricted(list)) {
        const lurkers = this.#audience.view(list, null);
        frame.events.lurkers = { list: lurkers, message: encode(this.#io, 'events', lurkers) };
      }
    }
    this.#events = [];
    this.#presence = [];
    this.#after = [];
    return frame;
  }

  /** Writes a frame to one page; false when the page was not ready to hear it. */
  #write(socket: BugdaySocket, frame: Frame): boolean {
    const seen = socket.data.syncedSeq;
    if (seen === undefined) return false;
    const events = frame.events;
    const viewer = socket.data.personId;
    if (!events || seen >= events.lastSeq) {
      // Nothing new for this page.
    } else if (events.lurkers && viewer !== null) {
      // A person may read more than a lurker (their own thread, or every thread as a mentor): told apart one by one.
      socket.emit('events', this.#audience!.view(events.list.filter((event) => event.seq > seen), viewer));
    } else {
      const { list, message } = events.lurkers ?? events;
      if (seen < events.firstSeq) write(socket, message);
      else socket.emit('events', list.filter((event) => event.seq > seen));
    }
    for (const change of frame.presence) write(socket, change);
    return true;
  }
}
