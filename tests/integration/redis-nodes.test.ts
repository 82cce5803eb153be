/**
 * Several bugday nodes on one real Redis, in this process: pages spread
 * across them, each node tailing the log the others append to. Whatever a
 * page hears must be the log, once, in seq order, whichever node wrote it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MINUTE_MS } from '../../shared/domain/index.ts';
import { hashToken, newToken } from '../../server/sessions.ts';
import { Server } from 'socket.io';
import type { BugdayServer } from '../../server/context.ts';
import { KEYS } from '../../server/store/redis-log.ts';
import { connectNodes } from '../../server/transport/redis-adapter.ts';
import { TestClock } from '../fixtures/test-clock.ts';
import { TestClient } from './helpers/client.ts';
import { startNginx } from './helpers/nginx.ts';
import { startNodes, storedLog } from './helpers/nodes.ts';
import { startRedis, type RunningRedis } from './helpers/redis.ts';
import type { RunningServer } from './helpers/server.ts';

const ORGANIZER_KEY = 'correct-horse-battery-staple';
const HEARTBEAT_MS = 300;

let redis: RunningRedis;
let nodes: RunningServer[];
const clock = new TestClock();
const clients: TestClient[] = [];

beforeAll(async () => {
  redis = await startRedis();
  // Short heartbeats, so that a node gone without a goodbye is forgotten within a second.
  nodes = await startNodes(redis, 3, { organizerKey: ORGANIZER_KEY, now: clock.now, timers: clock }, { nodeHeartbeatMs: HEARTBEAT_MS });
});

afterAll(async () => {
  for (const client of clients.splice(0)) client.close();
  await Promise.all(nodes.map((node) => node.stop()));
  await redis.close();
});

const urlOf = (index: number) => nodes[index % nodes.length]!.url;

async function joined(nick: string, index: number, extra: { key?: string } = {}) {
  const client = await TestClient.connect(urlOf(index));
  clients.push(client);
  const answer = await client.send('session:join', { nick, ...extra });
  if (!answer.ok) throw new Error(`${nick}: ${answer.error.message}`);
  const { token, person } = answer.data as { token: string; person: { id: string } };
  client.token = token;
  await client.until(() => client.events.some((e) => e.type === 'person.joined' && e.person.id === person.id), `${nick}'s join`);
  return { client, id: person.id };
}

async function watchers(count: number) {
  const list = await Promise.all(Array.from({ length: count }, (_, i) => TestClient.connect(urlOf(i))));
  clients.push(...list);
  return list;
}


/** Every node's board has folded the whole log. */
async function settled() {
  const seq = (await storedLog(redis)).length;
  await Promise.all(nodes.map((node) => waitFor(() => node.app.board.seq === seq, `a node at seq ${seq}`)));
  return seq;
}

/** Resolves when `test` holds, checked as each node's board commits. */
function waitFor(test: () => boolean, what: string, ms = 5_000): Promise<void> {
  if (test()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const stops = nodes.map((node) => node.app.board.onCommit(() => check()));
    const timer = setTimeout(() => done(new Error(`timed out waiting for ${what}`)), ms);
    function check() {
      if (test()) done();
    }
    function done(error?: Error) {
      clearTimeout(timer);
      for (const stop of stops) stop();
      if (error) reject(error);
      else resolve();
    }
  });
}

/** Each event a page heard, by seq: heard twice, out of order, or with a gap fails. */
function expectSeqOrder(client: TestClient, from: number) {
  const seqs = client.events.map((e) => e.seq).filter((seq) => seq > from);
  expect(seqs).toEqual(seqs.map((_, i) => from + 1 + i));
}

describe('several nodes on one Redis', () => {
  let organizer: Awaited<ReturnType<typeof joined>>;

  beforeAll(async () => {
    organizer = await joined('olga', 0, { key: ORGANIZER_KEY });
  });

  it('30 people on three nodes claim one issue at once: one claim, 29 conflicts, every page hears it once', async () => {
    const imported = await organizer.client.send('issue:import', { issues: [{ number: 7, title: 'Crash on save' }] });
    expect(imported).toMatchObject({ ok: true });
    await settled();
    const issueId = Object.values(nodes[0]!.app.board.state.issues).find((issue) => issue.number === 7)!.id;
    const people = await Promise.all(Array.from({ length: 30 }, (_, i) => joined(`claimer${i}`, i)));
    const pages = await watchers(6);
    const from = await settled();

    const answers = await Promise.all(people.map(({ client }) => client.send('issue:claim', { issueId })));

    expect(answers.filter((answer) => answer.ok)).toHaveLength(1);
    const refused = answers.filter((answer) => !answer.ok) as Array<{ ok: false; error: { code: string } }>;
    expect(refused.map((answer) => answer.error.code)).toEqual(Array(29).fill('conflict'));
    const log = await storedLog(redis);
    expect(log.filter((e) => e.type === 'issue.claimed' && e.issueId === issueId)).toHaveLength(1);
    for (const page of [...pages, ...people.map((p) => p.client)]) {
      await page.until(() => page.events.some((e) => e.type === 'issue.claimed'), 'the claim');
      expect(page.events.filter((e) => e.type === 'issue.claimed')).toHaveLength(1);
      expectSeqOrder(page, from);
    }
  });

  it('chat sent on two nodes, interleaved, reaches every page on every node once, in seq order', async () => {
    const ana = await joined('ana', 0);
    const bo = await joined('bo', 1);
    const pages = await watchers(3);
    const from = await settled();
    const sent: Array<Promise<unknown>> = [];
    for (let i = 0; i < 10; i += 1) {
      sent.push(ana.client.send('chat:send', { text: `ana ${i}` }), bo.client.send('chat:send', { text: `bo ${i}` }));
    }
    await Promise.all(sent);
    const log = (await storedLog(redis)).filter((e) => e.seq > from);
    expect(log).toHaveLength(20);
    for (const page of [...pages, ana.client, bo.client]) {
      await page.until(() => page.lastSeq >= from + 20, 'all twenty lines');
      expect(page.events.filter((e) => e.seq > from)).toEqual(log);
    }
  });

  it('a command retried with its commandId on another node acts once and is answered as the first time', async () => {
    const cy = await joined('cy', 0);
    const first = await cy.client.send('chat:send', { text: 'only once', commandId: 'cy-1' });
    expect(first).toMatchObject({ ok: true });
    const elsewhere = await TestClient.connect(urlOf(2), { token: cy.client.token! });
    clients.push(elsewhere);
    const again = await elsewhere.send('chat:send', { text: 'only once', commandId: 'cy-1' });
    expect(again).toEqual(first);
    expect((await storedLog(redis)).filter((e) => e.type === 'chat.sent' && e.text === 'only once')).toHaveLength(1);
  });

  it('a token another node stored without an event (a retried join) lets its person in on every node', async () => {
    const gil = await joined('gil', 0);
    // As node 0 does for a join retried after its answer was lost: a new token, kept with no event.
    const token = newToken();
    await redis.cli('HSET', KEYS.sessions, hashToken(token), gil.id);
    for (const index of [1, 2]) {
      const page = await TestClient.connect(urlOf(index), { token });
      clients.push(page);
      expect(await page.send('chat:send', { text: `gil on node ${index}` })).toMatchObject({ ok: true });
    }
    expect(await TestClient.refusal(urlOf(1), { token: newToken() })).toBe('unknown_token');
  });

  it("a removed person's pages on every node are told and disconnected", async () => {
    const dee = await joined('dee', 0);
    const pages = await Promise.all([1, 2].map((i) => TestClient.connect(urlOf(i), { token: dee.client.token! })));
    clients.push(...pages);
    const everyPage = [dee.client, ...pages];
    const gone = everyPage.map((page) => new Promise<void>((resolve) => page.socket.once('disconnect', () => resolve())));
    expect(await organizer.client.send('person:remove', { personId: dee.id })).toMatchObject({ ok: true });
    await Promise.all(gone);
    for (const page of everyPage) expect(page.events.some((e) => e.type === 'person.removed' && e.personId === dee.id)).toBe(true);
    expect(await TestClient.refusal(urlOf(1), { token: dee.client.token! })).toBe('removed');
  });

  it('every node shows the same people online and the same lurker count', async () => {
    const eve = await joined('eve', 1);
    const lurkers = await watchers(3);
    // What the nodes hold between them: every open page, whichever node it is on.
    const agrees = (page: TestClient) => {
      const sockets = nodes.flatMap((node) => [...node.app.io.of('/').sockets.values()]);
      const people = new Set(sockets.flatMap((socket) => (socket.data.personId === null ? [] : [socket.data.personId])));
      const shown = page.presences.at(-1);
      return (
        shown?.lurkers === sockets.length - sockets.filter((socket) => socket.data.personId !== null).length &&
        shown.online.length === people.size &&
        shown.online.every((entry) => people.has(entry.personId))
      );
    };
    for (const page of [...lurkers, eve.client]) await page.until(() => agrees(page), 'presence that agrees with every node', 5_000);
  });

  it('a node gone without a goodbye drops out of presence after three missed heartbeats; a malformed summary is ignored', async () => {
    const [page] = await watchers(1);
    const lurkers = () => page!.presences.at(-1)?.lurkers ?? -1;
    await page!.until(() => lurkers() > 0, 'the lurker count');
    const before = lurkers();
    // A node of the test's own on the same adapter, that tells of five lurkers and then dies.
    const ghost = await connectNodes(redis.url);
    const io: BugdayServer = new Server({ adapter: ghost.adapter });
    const send = io.serverSideEmit.bind(io) as (event: string, summary: unknown) => boolean;
    send('presence:node', { node: 'malformed', people: 'everyone', lurkers: -1 });
    send('presence:node', { node: 'ghost', people: [], lurkers: 5 });
    await page!.until(() => lurkers() === before + 5, "the ghost node's lurkers");
    // Killed: no goodbye, no more heartbeats. (This server never listened: its adapter is all there is to close.)
    await io.of('/').adapter.close();
    await ghost.close();
    await page!.until(() => lurkers() === before, 'the ghost forgotten', 4 * HEARTBEAT_MS + 2_000);
  });

  it("two nodes' clocks firing together append one time-driven event", async () => {
    await organizer.client.send('event:update', { claims: { leaseMinutes: 2, graceMinutes: 1 } });
    await organizer.client.send('issue:import', { issues: [{ number: 8, title: 'Slow board' }] });
    await settled();
    const issueId = Object.values(nodes[0]!.app.board.state.issues).find((issue) => issue.number === 8)!.id;
    const fay = await joined('fay', 2);
    expect(await fay.client.send('issue:claim', { issueId })).toMatchObject({ ok: true });
    const from = await settled();

    clock.skip(2 * MINUTE_MS);
    await fay.client.until(() => fay.client.events.some((e) => e.type === 'issue.stale' && e.issueId === issueId), 'the stale mark');
    await Promise.all(nodes.map((node) => node.app.board.idle()));
    const log = (await storedLog(redis)).filter((e) => e.seq > from);
    expect(log.filter((e) => e.type === 'issue.stale' && e.issueId === issueId)).toHaveLength(1);
    expect(fay.client.events.filter((e) => e.type === 'issue.stale' && e.issueId === issueId)).toHaveLength(1);
  });
});

describe('two nodes first starting together on an empty Redis', () => {
  it('keep one set of secrets: one organizer key, shown once, that works on both; one log id', async () => {
    // A database of its own on the same Redis: empty, as at a first start.
    const fresh = { ...redis, url: `${redis.url}/1` };
    const pair = await Promise.all([startNodes(fresh, 1), startNodes(fresh, 1)]).then((started) => started.flat());
    try {
      const keys = pair.flatMap((node) => (node.app.newOrganizerKey ? [node.app.newOrganizerKey] : []));
      expect(keys).toHaveLength(1);
      const pages = await Promise.all(pair.map((node) => TestClient.connect(node.url)));
      clients.push(...pages);
      expect(pages[0]!.log).toBeDefined();
      expect(pages[1]!.log).toBe(pages[0]!.log);
      for (const [i, page] of pages.entries()) {
        const answer = await page.send('session:join', { nick: `org${i}`, key: keys[0] });
        expect(answer).toMatchObject({ ok: true, data: { person: { role: 'organizer' } } });
      }
    } finally {
      await Promise.all(pair.map((node) => node.stop()));
    }
  });
});

describe('two nodes behind nginx, balanced as the README shows', () => {
  it('keeps a long-polling page on one node, and sends it to the other, caught up, when its node stops', async () => {
    const pair = await startNodes(redis, 2);
    const nginx = await startNginx(pair.map((node) => node.port));
    const polling = { transports: ['polling'] as const };
    try {
      // Long-polling: every request of the page must reach the node that holds its session.
      const page = await TestClient.joined(nginx.url, 'hal', { transports: [...polling.transports] });
      clients.push(page);
      expect(await page.send('chat:send', { text: 'over polling' })).toMatchObject({ ok: true });
      await page.until(() => page.events.some((e) => e.type === 'chat.sent' && e.text === 'over polling'), 'its own line');
      const holder = pair.findIndex((node) => node.app.io.of('/').sockets.size > 0);
      expect(holder).toBeGreaterThanOrEqual(0);

      const gone = new Promise<void>((resolve) => page.socket.once('disconnect', () => resolve()));
      await pair[holder]!.stop();
      await gone;
      // Written while the page was away, on the node left.
      const survivor = pair[1 - holder]!;
      const writer = await TestClient.joined(survivor.url, 'ivy');
      clients.push(writer);
      expect(await writer.send('chat:send', { text: 'while hal was away' })).toMatchObject({ ok: true });

      const back = await TestClient.connect(nginx.url, { token: page.token!, lastSeq: page.lastSeq, log: page.log! }, { transports: [...polling.transports] });
      clients.push(back);
      await back.until(() => back.lastSeq === survivor.app.board.seq, 'the events it missed');
      const replay = back.syncs[0]!;
      expect('events' in replay && replay.events.some((e) => e.type === 'chat.sent' && e.text === 'while hal was away')).toBe(true);
      expect(survivor.app.io.of('/').sockets.size).toBeGreaterThan(0);
    } finally {
      await nginx.stop();
      await pair[1]!.stop().catch(() => undefined);
      await pair[0]!.stop().catch(() => undefined);
    }
  });
});
