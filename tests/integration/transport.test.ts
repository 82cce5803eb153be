import { io } from 'socket.io-client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_LIMITS } from '../../server/app.ts';
import type { Ack } from '../../shared/protocol.ts';
import { TestClient } from './helpers/client.ts';
import { startServer, type RunningServer } from './helpers/server.ts';

let server: RunningServer | undefined;
const clients: TestClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await server?.stop();
  server = undefined;
});

/** Resolves 'connected' or the handshake error's message. */
function tryConnect(url: string, origin: string | undefined, transport: 'websocket' | 'polling'): Promise<string> {
  const socket = io(url, {
    transports: [transport],
    reconnection: false,
    forceNew: true,
    ...(origin ? { extraHeaders: { origin } } : {}),
  });
  return new Promise((resolve) => {
    socket.on('connect', () => {
      socket.close();
      resolve('connected');
    });
    socket.on('connect_error', (error) => {
      socket.close();
      resolve(error.message);
    });
  });
}

describe('origin check', () => {
  it.each(['websocket', 'polling'] as const)('a page from another site cannot open a socket (%s)', async (transport) => {
    server = await startServer({}, { origins: ['https://bugday.example.org'] });
    expect(await tryConnect(server.url, 'https://evil.example.com', transport)).not.toBe('connected');
    expect(await tryConnect(server.url, 'null', transport)).not.toBe('connected');
    expect(await tryConnect(server.url, server.url, transport)).toBe('connected');
    expect(await tryConnect(server.url, 'https://bugday.example.org', transport)).toBe('connected');
    // Not a browser: no Origin header at all, as a CLI or a bridge connects.
    expect(await tryConnect(server.url, undefined, transport)).toBe('connected');
  });
});

describe('connection cap', () => {
  it('one address may hold only so many connections; a closed one frees its place', async () => {
    server = await startServer({}, { maxConnectionsPerAddress: 3 });
    const open = await Promise.all([1, 2, 3].map(() => TestClient.connect(server!.url)));
    clients.push(...open);
    expect(await tryConnect(server.url, undefined, 'websocket')).not.toBe('connected');
    open[0]!.close();
    // Nothing is sent to the other pages for this, so watch the server itself.
    await vi.waitFor(() => expect(server!.app.io.engine.clientsCount).toBe(2));
    expect(await tryConnect(server.url, undefined, 'websocket')).toBe('connected');
  });
});

describe('flood', () => {
  it('500 chat messages a second for 3 s are refused as rate_limited, and others still get through', async () => {
    server = await startServer({}, { limits: DEFAULT_LIMITS });
    const flooder = await TestClient.joined(server.url, 'flooder');
    const other = await TestClient.joined(server.url, 'other');
    const observer = await TestClient.connect(server.url);
    clients.push(flooder, other, observer);

    const floodAnswers: Array<Promise<Ack<unknown>>> = [];
    const otherAnswers: Array<Promise<Ack<unknown>>> = [];
    // Pace the flood in 10 ms steps of 5 messages: 500 a second, for 3 seconds.
    await new Promise<void>((resolve) => {
      let step = 0;
      const timer = setInterval(() => {
        for (let i = 0; i < 5; i++) floodAnswers.push(flooder.send('chat:send', { text: `flood ${step}.${i}` }));
        if (step % 25 === 0) otherAnswers.push(other.send('chat:send', { text: `other ${step / 25}` }));
        if (++step === 300) {
          clearInterval(timer);
          resolve();
        }
      }, 10);
    });

    const flood = await Promise.all(floodAnswers);
    const refused = flood.filter((a) => !a.ok);
    expect(flood).toHaveLength(1_500);
    expect(refused.length).toBeGreaterThan(1_400);
    expect(refused.every((a) => !a.ok && a.error.code === 'rate_limited')).toBe(true);

    const others = await Promise.all(otherAnswers);
    expect(others.every((a) => a.ok)).toBe(true);
    await observer.until(
      () => observer.events.filter((e) => e.type === 'chat.sent' && e.text.startsWith('other')).length === others.length,
      "every one of the other person's messages",
    );
    // And the server still answers a fresh connection.
    const late = await TestClient.joined(server.url, 'late');
    clients.push(late);
    expect(late.syncs).toHaveLength(1);
  });
});

describe('reads', () => {
  it('snapshots on demand are limited per connection and per address, lurkers too', async () => {
    server = await startServer({}, { limits: DEFAULT_LIMITS });
    const lurkers = await Promise.all([1, 2, 3].map(() => TestClient.connect(server!.url)));
    clients.push(...lurkers);
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => lurkers[i % 3]!.send('session:sync', { lastSeq: 0 })),
    );
    const refused = answers.filter((a) => !a.ok);
    // Ten at once from one address, then two a second: far fewer than thirty.
    expect(answers.filter((a) => a.ok).length).toBeLessThanOrEqual(DEFAULT_LIMITS.reads.capacity + 1);
    expect(refused.every((a) => !a.ok && a.error.code === 'rate_limited')).toBe(true);
  });
});
