import { Server } from 'socket.io';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Broadcaster } from '../../server/broadcaster.ts';
import { encodeJson } from '../../server/transport/encoded.ts';
import type { BugdayServer } from '../../server/context.ts';
import type { DomainEvent, PresenceChange } from '../../shared/protocol.ts';

const chat = (seq: number): DomainEvent => ({ type: 'chat.sent', text: `m${seq}`, seq, at: seq, actor: 'p1' });
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A page as the broadcaster sees one: what it was synced through, and every message written to it, decoded. */
class FakePage {
  readonly heard: Array<{ name: string; payload: unknown; shared: boolean }> = [];
  readonly data: { syncedSeq?: number };
  readonly client = {
    _packet: (packets: string[]) => {
      const [name, payload] = JSON.parse(packets[0]!.slice(1)) as [string, unknown];
      this.heard.push({ name, payload, shared: true });
    },
  };

  constructor(
    readonly id: string,
    syncedSeq?: number,
  ) {
    this.data = syncedSeq === undefined ? {} : { syncedSeq };
  }

  emit(name: string, payload: unknown) {
    this.heard.push({ name, payload, shared: false });
  }

  seqs(): number[] {
    return this.heard.filter((m) => m.name === 'events').flatMap((m) => (m.payload as DomainEvent[]).map((e) => e.seq));
  }

  frames(): number {
    return this.heard.filter((m) => m.name === 'events').length;
  }
}

describe('broadcaster', () => {
  let io: BugdayServer;
  let pages: Map<string, FakePage>;
  let passes: Array<{ seconds: number; connections: number }>;
  let broadcaster: Broadcaster;

  const connect = (page: FakePage) => pages.set(page.id, page);
  const idle = async () => {
    // A pass ends within a turn per slice; the pages here fit in a few.
    for (let i = 0; i < 50; i += 1) await turn();
  };

  beforeEach(() => {
    io = new Server() as BugdayServer;
    pages = io.of('/').sockets as unknown as Map<string, FakePage>;
    passes = [];
    broadcaster = new Broadcaster(io, { sliceSize: 2, onPass: (seconds, connections) => passes.push({ seconds, connections }) });
  });
  afterEach(() => broadcaster.stop());

  it('writes every page each event once, in order, one shared encoding for all', async () => {
    for (let i = 0; i < 5; i += 1) connect(new FakePage(`s${i}`, 0));
    broadcaster.events([chat(1)]);
    broadcaster.events([chat(2), chat(3)]);
    await idle();
    for (const page of pages.values()) {
      expect(page.seqs()).toEqual([1, 2, 3]);
      expect(page.heard.every((m) => m.shared)).toBe(true);
    }
    expect(passes.at(-1)?.connections).toBe(5);
  });

  it('gathers what is committed while a pass is being written into the next frame', async () => {
    for (let i = 0; i < 6; i += 1) connect(new FakePage(`s${i}`, 0));
    broadcaster.events([chat(1)]);
    await turn(); // the first slice of the first pass is out; two more slices to go
    expect([...pages.values()].map((p) => p.frames())).toEqual([1, 1, 0, 0, 0, 0]);
    for (let seq = 2; seq <= 10; seq += 1) broadcaster.events([chat(seq)]);
    await idle();
    for (const page of pages.values()) {
      expect(page.seqs()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(page.frames()).toBe(2);
    }
    expect(passes).toHaveLength(2);
  });

  it('lets the event loop in between slices', async () => {
    for (let i = 0; i < 6; i += 1) connect(new FakePage(`s${i}`, 0));
    broadcaster.events([chat(1)]);
    const order: string[] = [];
    // Something arriving from the network while the pass is written (an ack to send, a read to answer).
    setImmediate(() => setImmediate(() => order.push(`io after ${[...pages.values()].filter((p) => p.frames() > 0).length} pages`)));
    await idle();
    expect(order).toEqual(['io after 4 pages']);
  });

  it('skips what a page that connected during the wait already has, and gives it only the rest', async () => {
    for (let i = 0; i < 4; i += 1) connect(new FakePage(`s${i}`, 0));
    broadcaster.events([chat(1)]);
    await turn();
    broadcaster.events([chat(2), chat(3)]);
    // Synced through 2 while 2 and 3 waited; 4 comes after its sync.
    const late = new FakePage('late', 2);
    connect(late);
    broadcaster.events([chat(4)]);
    // Synced through everything so far: it hears nothing of what waits.
    const current = new FakePage('current', 4);
    connect(current);
    await idle();
    expect(late.seqs()).toEqual([3, 4]);
    expect(current.seqs()).toEqual([]);
    for (const id of ['s0', 's1', 's2', 's3']) expect(pages.get(id)!.seqs()).toEqual([1, 2, 3, 4]);
  });

  it('writes nothing to a page that is not synced yet', async () => {
    const unsynced = new FakePage('new');
    connect(unsynced);
    connect(new FakePage('old', 0));
    broadcaster.events([chat(1)]);
    await idle();
    expect(unsynced.heard).toEqual([]);
    expect(passes.at(-1)?.connections).toBe(1);
  });

  it('sends presence changes in the same passes and runs `after` once every page was written', async () => {
    for (let i = 0; i < 5; i += 1) connect(new FakePage(`s${i}`, 0));
    const change: PresenceChange = { changed: [], left: ['p9'], lurkers: 4 };
    let writtenWhenAfterRan = -1;
    broadcaster.events([chat(1)], () => {
      writtenWhenAfterRan = [...pages.values()].filter((p) => p.frames() === 1).length;
    });
    broadcaster.presence(change);
    await idle();
    expect(writtenWhenAfterRan).toBe(5);
    for (const page of pages.values()) expect(page.heard.map((m) => m.name)).toEqual(['events', 'presence:changed']);
    expect(pages.get('s0')!.heard[1]!.payload).toEqual(change);
  });

  it('writes nothing once stopped', async () => {
    connect(new FakePage('s0', 0));
    broadcaster.stop();
    broadcaster.events([chat(1)]);
    await idle();
    expect(pages.get('s0')!.heard).toEqual([]);
  });
});

describe('encodeJson', () => {
  it('encodes a payload given as JSON exactly as Socket.IO encodes the object', () => {
    const io = new Server() as BugdayServer;
    const presence = { online: [{ personId: 'p1', nick: 'ana "the" <dev>', role: 'participant', holds: ['i2'] }], lurkers: 3 };
    expect(encodeJson('presence', JSON.stringify(presence)).packets).toEqual(io.encoder.encode({ type: 2, nsp: '/', data: ['presence', presence] }));
  });
});
