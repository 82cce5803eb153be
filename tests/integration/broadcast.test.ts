import { afterEach, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../shared/protocol.ts';
import { TestClient } from './helpers/client.ts';
import { startServer, type RunningServer } from './helpers/server.ts';

let server: RunningServer;
const clients: TestClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await server.stop();
});

async function connect(auth = {}): Promise<TestClient> {
  const client = await TestClient.connect(server.url, auth);
  clients.push(client);
  return client;
}

/** Every seq a page has, from its sync (a replay, or a snapshot's seq) and the live events after it. */
function seqsOf(client: TestClient): number[] {
  const sync = client.syncs[0]!;
  const fromSync = 'events' in sync ? sync.events.map((e) => e.seq) : Array.from({ length: sync.seq }, (_, i) => i + 1);
  return [...fromSync, ...client.events.map((e: DomainEvent) => e.seq)];
}

const oneToN = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('broadcasts written in slices', () => {
  it('every page hears every event once and in order, and one frame carries what was committed while the last was written', async () => {
    // One page per turn of the event loop: a pass over these pages spans many turns.
    server = await startServer({}, { broadcastSliceSize: 1 });
    const writer = await TestClient.joined(server.url, 'ana');
    clients.push(writer);
    const pages = await Promise.all(Array.from({ length: 12 }, () => connect()));
    const joinedAt = writer.lastSeq;

    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => writer.send('chat:send', { text: `line ${i}` })));
    expect(answers.every((a) => a.ok)).toBe(true);
    const last = joinedAt + 40;

    for (const page of [...pages, writer]) {
      await page.until(() => page.lastSeq >= last, 'every chat line');
      expect(seqsOf(page)).toEqual(oneToN(last));
    }
    expect(pages[0]!.eventFrames).toBeLessThan(40);
  });

  it('a page that connects while events are being written has each event once, from its sync or after it', async () => {
    server = await startServer({}, { broadcastSliceSize: 1 });
    const writer = await TestClient.joined(server.url, 'ana');
    clients.push(writer);
    const pages = await Promise.all(Array.from({ length: 40 }, () => connect()));

    // One line after another, each after the last was answered, so commits and connects interleave.
    const sent = (async () => {
      for (let i = 0; i < 100; i += 1) await writer.send('chat:send', { text: `line ${i}` });
    })();
    // Once the first lines are out, pages connect while the rest is committed and written:
    // with nothing, and with a board of nothing yet (a replay).
    await pages[0]!.until(() => pages[0]!.events.length > 0, 'the first line');
    const late = await Promise.all(Array.from({ length: 8 }, (_, i) => connect(i % 2 ? { lastSeq: 0 } : {})));
    await sent;
    const last = server.app.board.seq;
    for (const page of late) {
      await page.until(() => page.lastSeq >= last, 'every chat line');
      expect(seqsOf(page)).toEqual(oneToN(last));
    }
    expect(late.some((page) => page.syncs[0]!.seq < last)).toBe(true);
  });

  it('pages with nothing to replay get the same snapshot, encoded once per seq', async () => {
    server = await startServer();
    const writer = await TestClient.joined(server.url, 'ana');
    clients.push(writer);
    const [a, b] = await Promise.all([connect(), connect()]);
    expect(a.syncs[0]).toEqual(b.syncs[0]);
    expect(a.syncs[0]).toHaveProperty('snapshot');
    const first = server.app.board.seq;
    await writer.send('chat:send', { text: 'hello' });
    const c = await connect();
    expect(c.syncs[0]!.seq).toBe(first + 1);
    expect((c.syncs[0] as { snapshot: { chat: Array<{ text: string }> } }).snapshot.chat.at(-1)?.text).toBe('hello');
  });
});
