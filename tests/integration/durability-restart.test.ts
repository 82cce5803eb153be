import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../shared/protocol.ts';
import { LowdbStore } from '../../server/store/lowdb.ts';
import { TestClient } from './helpers/client.ts';
import { startChild, type ChildServer } from './helpers/child-server.ts';
import { problemsWith, Writer } from './helpers/child-writers.ts';

let dir: string;
let file: string;
let server: ChildServer | undefined;
const clients: TestClient[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bugday-restart-'));
  file = join(dir, 'bugday.json');
  server = await startChild(file);
});
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await server?.stop('SIGKILL');
  server = undefined;
  await rm(dir, { recursive: true, force: true });
});

async function restart(signal: NodeJS.Signals) {
  await server!.stop(signal);
  server = await startChild(file);
  return server.url;
}

async function joined(nick: string) {
  const client = await TestClient.joined(server!.url, nick);
  clients.push(client);
  return client;
}

async function reconnect(auth: { token?: string; lastSeq?: number; log?: string }) {
  const client = await TestClient.connect(server!.url, auth);
  clients.push(client);
  return client;
}

async function storedEvents(): Promise<DomainEvent[]> {
  await server!.stop('SIGTERM');
  server = undefined;
  const store = new LowdbStore(file);
  const { events } = await store.load();
  await store.close();
  return events;
}

const chatsSaying = (events: DomainEvent[], text: string) =>
  events.filter((event) => event.type === 'chat.sent' && event.text === text);

describe('a retried command acts once', () => {
  it('when the retry arrives while the first try is running, or after its answer', async () => {
    const ana = await joined('ana');
    const command = { text: 'said once', commandId: 'ana-1' };
    const [first, racing] = await Promise.all([ana.send('chat:send', command), ana.send('chat:send', command)]);
    const later = await ana.send('chat:send', command);
    expect(first).toMatchObject({ ok: true });
    expect(racing).toEqual(first);
    expect(later).toEqual(first);
    expect(chatsSaying(await storedEvents(), 'said once')).toHaveLength(1);
  });

  it('when its answer was lost to a SIGKILL and it is retried on the restarted server', async () => {
    const ana = await joined('ana');
    const command = { text: 'before the crash', commandId: 'ana-1' };
    const answer = await ana.send('chat:send', command);
    expect(answer).toMatchObject({ ok: true });

    await restart('SIGKILL');
    const again = await reconnect({ token: ana.token! });
    expect(await again.send('chat:send', command)).toEqual(answer);
    expect(await again.send('chat:send', { text: 'after the crash', commandId: 'ana-2' })).toMatchObject({ ok: true });
    const events = await storedEvents();
    expect(chatsSaying(events, 'before the crash')).toHaveLength(1);
    expect(chatsSaying(events, 'after the crash')).toHaveLength(1);
  });

  it('when the sender dropped the connection before the answer came', async () => {
    const ana = await joined('ana');
    const command = { text: 'sent into the dark', commandId: 'ana-1' };
    // No ack is awaited: the connection is gone before any answer could come back.
    ana.socket.emit('chat:send', command, () => undefined);
    ana.close();

    await restart('SIGTERM');
    const again = await reconnect({ token: ana.token! });
    const answer = await again.send('chat:send', command);
    expect(answer).toMatchObject({ ok: true });
    expect(chatsSaying(await storedEvents(), 'sent into the dark')).toHaveLength(1);
  });
});

describe('replay across a restart', () => {
  it('sends a client that comes back with lastSeq exactly the events after it, in order', async () => {
    const ana = await joined('ana');
    const reader = await reconnect({});
    for (let index = 1; index <= 3; index += 1) await ana.send('chat:send', { text: `early ${index}`, commandId: `early-${index}` });
    await reader.until(() => reader.events.filter((event) => event.type === 'chat.sent').length === 3, 'the early chat');
    const seen = reader.lastSeq;

    await restart('SIGTERM');
    const back = await reconnect({ token: ana.token! });
    for (let index = 1; index <= 3; index += 1) await back.send('chat:send', { text: `late ${index}`, commandId: `late-${index}` });

    const returning = await reconnect({ lastSeq: seen, log: reader.log! });
    const sync = returning.syncs[0]!;
    expect('events' in sync).toBe(true);
    const replayed = 'events' in sync ? sync.events : [];
    expect(replayed.map((event) => event.seq)).toEqual([seen + 1, seen + 2, seen + 3]);
    expect(replayed.map((event) => (event.type === 'chat.sent' ? event.text : event.type))).toEqual(['late 1', 'late 2', 'late 3']);
    expect(sync.seq).toBe(seen + 3);
  });
});

describe('SIGTERM', () => {
  it('finishes the writes under way, disconnects clients and exits 0 with every acknowledged event stored', async () => {
    const writers = [];
    for (const nick of ['ana', 'bob', 'cy']) writers.push(await Writer.join(server!.url, nick));
    const running = server!;
    let acks = 0;
    let stopped: ReturnType<ChildServer['stop']> | undefined;
    await Promise.all(
      writers.map((writer) =>
        writer.writeUntilGone(running.url, () => {
          acks += 1;
          if (acks === 15) stopped = running.stop('SIGTERM');
        }),
      ),
    );
    const exit = await stopped!;
    expect(exit.code).toBe(0);
    expect(exit.output).toContain('"signal":"SIGTERM","clean":true,"msg":"bugday stopped"');

    server = await startChild(file);
    expect(problemsWith(await storedEvents(), writers)).toEqual([]);
  });
});
