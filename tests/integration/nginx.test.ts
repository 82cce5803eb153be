import { Agent } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { DomainEvent } from '../../shared/protocol.ts';
import { TestClient, type ConnectOptions } from './helpers/client.ts';
import { startNginx, type RunningNginx } from './helpers/nginx.ts';
import { startServer, type RunningServer } from './helpers/server.ts';

/** bugday behind the README's nginx site, told that one proxy stands in front (BUGDAY_TRUST_PROXY=1). */
describe('behind nginx', () => {
  let bugday: RunningServer;
  let nginx: RunningNginx;
  const clients: TestClient[] = [];
  const agents: Agent[] = [];

  beforeAll(async () => {
    bugday = await startServer({}, { maxConnectionsPerAddress: 2, trustProxy: 1 });
    nginx = await startNginx(bugday.port);
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    for (const agent of agents.splice(0)) agent.destroy();
    // The next test starts with every address's count at zero.
    await vi.waitFor(() => expect(bugday.app.io.engine.clientsCount).toBe(0));
  });

  afterAll(async () => {
    await nginx?.stop();
    await bugday?.stop();
  });

  const connect = async (options: ConnectOptions = {}, auth = {}) => {
    const client = await TestClient.connect(nginx.url, auth, options);
    clients.push(client);
    return client;
  };

  const joined = async (nick: string, options: ConnectOptions = {}) => {
    const client = await TestClient.joined(nginx.url, nick, options);
    clients.push(client);
    return client;
  };

  /** Connections from another loopback address, as from another machine: Linux routes all of 127/8 to lo. */
  const from = (localAddress: string, headers: Record<string, string> = {}): ConnectOptions => {
    const agent = new Agent({ localAddress });
    agents.push(agent);
    // engine.io-client hands `agent` to Node's http and ws as it is; its type only knows the browser's string.
    return { agent: agent as unknown as string, extraHeaders: headers };
  };

  async function newIssue(client: TestClient, title: string): Promise<string> {
    const answer = await client.send('issue:create', { title });
    if (!answer.ok) throw new Error(answer.error.message);
    await client.until(() => client.events.some((e) => e.type === 'issue.created' && e.issue.title === title), `${title} created`);
    const created = client.events.find((e): e is Extract<DomainEvent, { type: 'issue.created' }> => e.type === 'issue.created' && e.issue.title === title);
    return created!.issue.id;
  }

  it('serves plain HTTP', async () => {
    const response = await fetch(`${nginx.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, seq: bugday.app.board.seq });
  });

  it('carries a claim from one client to another over WebSockets', async () => {
    const ana = await joined('ana');
    const observer = await connect();
    const issueId = await newIssue(ana, 'Crash on save');
    expect(await ana.send('issue:claim', { issueId })).toMatchObject({ ok: true });
    await observer.until(() => observer.events.some((e) => e.type === 'issue.claimed' && e.issueId === issueId), 'the claim');
    expect([...bugday.app.io.sockets.sockets.values()].map((s) => s.conn.transport.name)).toEqual(['websocket', 'websocket']);
  });

  it('replays exactly what a client missed when it reconnects with its lastSeq', async () => {
    const ana = await joined('ana2');
    const away = await connect();
    const { lastSeq, log } = away;
    away.close();
    for (const text of ['one', 'two', 'three']) expect(await ana.send('chat:send', { text })).toMatchObject({ ok: true });
    await ana.until(() => ana.events.filter((e) => e.type === 'chat.sent').length === 3, 'three messages');

    const back = await connect({}, { lastSeq, log });
    const sync = back.syncs[0]!;
    expect('events' in sync && sync.events).toEqual(ana.events.filter((e) => e.seq > lastSeq));
    expect(sync.seq).toBe(lastSeq + 3);
  });

  it('caps connections per real client address, and a forged X-Forwarded-For does not dodge it', async () => {
    for (const address of ['127.0.0.1', '127.0.0.1', '127.0.0.2', '127.0.0.2']) await connect(from(address));
    const addresses = [...bugday.app.io.sockets.sockets.values()].map((s) => s.data.address).sort();
    expect(addresses).toEqual(['127.0.0.1', '127.0.0.1', '127.0.0.2', '127.0.0.2']);
    expect(await TestClient.refusal(nginx.url, {}, from('127.0.0.1'))).toMatch(/error/);
    // nginx appends the address it saw to the forged one, and only the entry nginx added is believed.
    expect(await TestClient.refusal(nginx.url, {}, from('127.0.0.2', { 'x-forwarded-for': '198.51.100.7' }))).toMatch(/error/);
  });

  it('serves a long-polling client from a page on its own host, and not one from another site', async () => {
    const polling = { transports: ['polling'], extraHeaders: { origin: nginx.url } };
    const pat = await joined('pat', polling);
    const ana = await joined('ana3');
    const issueId = await newIssue(ana, 'Dark theme');
    await pat.until(() => pat.events.some((e) => e.type === 'issue.created' && e.issue.id === issueId), 'the new issue');
    expect(await pat.send('issue:claim', { issueId })).toMatchObject({ ok: true });
    await ana.until(() => ana.events.some((e) => e.type === 'issue.claimed' && e.issueId === issueId), "pat's claim");
    const transports = [...bugday.app.io.sockets.sockets.values()].map((s) => s.conn.transport.name).sort();
    expect(transports).toEqual(['polling', 'websocket']);

    const evil = { transports: ['polling'], extraHeaders: { origin: 'https://evil.example.com' } };
    expect(await TestClient.refusal(nginx.url, {}, evil)).toMatch(/error/);
  });
});
