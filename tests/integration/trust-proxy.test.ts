import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../server/app.ts';
import { createLogger } from '../../server/log.ts';
import { TestClient, type ConnectOptions } from './helpers/client.ts';
import { startServer, type RunningServer } from './helpers/server.ts';

let server: RunningServer | undefined;
const clients: TestClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await server?.stop();
  server = undefined;
});

/** A client whose every request claims to come through a proxy from `address`. */
const forwardedFor = (address: string): ConnectOptions => ({ extraHeaders: { 'x-forwarded-for': address } });

async function connectAll(url: string, addresses: string[]) {
  const opened = await Promise.all(addresses.map((address) => TestClient.connect(url, {}, forwardedFor(address))));
  clients.push(...opened);
  return opened;
}

describe('X-Forwarded-For', () => {
  it.each(['websocket', 'polling'] as const)('from a peer that is not a trusted proxy is ignored: a forged one does not dodge the cap (%s)', async (transport) => {
    server = await startServer({}, { maxConnectionsPerAddress: 2 });
    const options = (address: string): ConnectOptions => ({ ...forwardedFor(address), transports: [transport] });
    clients.push(...(await Promise.all(['203.0.113.1', '203.0.113.2'].map((a) => TestClient.connect(server!.url, {}, options(a))))));
    expect(await TestClient.refusal(server.url, {}, options('203.0.113.3'))).toMatch(/error/);
  });

  it('from a trusted proxy names the client: each forwarded address has its own cap', async () => {
    server = await startServer({}, { maxConnectionsPerAddress: 2, trustProxy: ['loopback'] });
    await connectAll(server.url, ['203.0.113.1', '203.0.113.1', '203.0.113.2', '203.0.113.2']);
    expect(await TestClient.refusal(server.url, {}, forwardedFor('203.0.113.1'))).toMatch(/error/);
    expect(await TestClient.refusal(server.url, {}, forwardedFor('203.0.113.2'))).toMatch(/error/);
    // The proxy itself, connecting with no header, is one more address.
    clients.push(await TestClient.connect(server.url));
  });

  it('with a hop count, only the entry the last proxy added is believed', async () => {
    server = await startServer({}, { maxConnectionsPerAddress: 1, trustProxy: 1 });
    // What reaches the server through one proxy that appends the address it was connected from:
    // two people, one of whom wrote a header of their own.
    await connectAll(server.url, ['10.9.9.1, 203.0.113.1', '203.0.113.2']);
    expect(await TestClient.refusal(server.url, {}, forwardedFor('10.9.9.2, 203.0.113.1'))).toMatch(/error/);
  });

  it('from a trusted proxy, a refused handshake is logged with the client address, not the proxy one', async () => {
    const lines: string[] = [];
    const log = createLogger('info', { write: (line: string) => void lines.push(line) });
    server = await startServer({ log }, { trustProxy: ['loopback'] });
    expect(await TestClient.refusal(server.url, { token: 'no-such-token' }, forwardedFor('203.0.113.9'))).toMatch(/./);
    const refused = lines.map((line) => JSON.parse(line) as { msg: string; address?: string }).filter((r) => r.msg === 'handshake refused');
    expect(refused.map((r) => r.address)).toEqual(['203.0.113.9']);
  });

  it('from a trusted proxy, read limits count per forwarded address', async () => {
    server = await startServer({}, { limits: DEFAULT_LIMITS, trustProxy: ['127.0.0.1'] });
    const crowd = await connectAll(server.url, ['203.0.113.1', '203.0.113.1', '203.0.113.1']);
    const [other] = await connectAll(server.url, ['203.0.113.2']);
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => crowd[i % 3]!.send('session:sync', { lastSeq: 0 })));
    expect(answers.filter((a) => a.ok).length).toBeLessThanOrEqual(DEFAULT_LIMITS.reads.capacity + 1);
    // Someone else behind the same proxy still reads.
    expect(await other!.send('session:sync', { lastSeq: 0 })).toMatchObject({ ok: true });
  });
});
