/**
 * The bug-day workflow over real sockets: one client acts, another watches.
 * The server's clock is a TestClock, so a lease runs out when the test skips
 * time and the test waits for the events that follow.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LowdbStore } from '../../server/store/lowdb.ts';
import { MINUTE_MS } from '../../shared/domain/index.ts';
import type { DomainEvent, EventBody } from '../../shared/protocol.ts';
import { TestClock } from '../fixtures/test-clock.ts';
import { TestClient } from './helpers/client.ts';
import { startServer, type RunningServer } from './helpers/server.ts';

const ORGANIZER_KEY = 'correct-horse-battery-staple';

let server: RunningServer | undefined;
const clients: TestClient[] = [];
let dir: string | undefined;

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await server?.stop();
  server = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function joined(nick: string, extra: { key?: string; firstTime?: boolean } = {}) {
  const client = await TestClient.connect(server!.url);
  clients.push(client);
  const answer = await client.send('session:join', { nick, ...extra });
  if (!answer.ok) throw new Error(`${nick}: ${answer.error.message}`);
  const { token, person } = answer.data as { token: string; person: { id: string } };
  client.token = token;
  return { client, id: person.id };
}

/** An organizer, a participant ana, and a watcher who has not joined; issues #1..#n on the board. */
async function bugDay(clock = new TestClock(), issues: { number: number; type?: 'bug' | 'feature' }[] = [{ number: 1 }, { number: 2 }]) {
  server ??= await startServer({ organizerKey: ORGANIZER_KEY, now: clock.now, timers: clock });
  const olga = await joined('olga', { key: ORGANIZER_KEY });
  const ana = await joined('ana');
  const watcher = await TestClient.connect(server.url);
  clients.push(watcher);
  const answer = await olga.client.send('issue:import', { issues: issues.map((i) => ({ title: `Issue ${i.number}`, ...i })) });
  expect(answer).toMatchObject({ ok: true });
  await watcher.until(() => watcher.events.filter((e) => e.type === 'issue.created').length === issues.length, 'the imported issues');
  const idOf = (number: number) => Object.values(server!.app.board.state.issues).find((i) => i.number === number)!.id;
  return { clock, olga, ana, watcher, idOf };
}

const seen = (client: TestClient, type: DomainEvent['type'], match: Partial<EventBody> = {}) =>
  client.until(() => client.events.some((e) => e.type === type && Object.entries(match).every(([k, v]) => (e as unknown as Record<string, unknown>)[k] === v)), type);

describe('claims that stay honest, live', () => {
  it('a lease runs out on the clock: stale, extended, stale again, then released as expired; everyone sees it', async () => {
    const { clock, olga, ana, watcher, idOf } = await bugDay();
    const issueId = idOf(1);
    expect(await olga.client.send('event:update', { claims: { leaseMinutes: 2, graceMinutes: 1 } })).toMatchObject({ ok: true });
    expect(await ana.client.send('issue:claim', { issueId })).toMatchObject({ ok: true });
    clock.skip(2 * MINUTE_MS);
    await seen(watcher, 'issue.stale', { issueId });
    expect(watcher.events.find((e) => e.type === 'issue.stale')).toMatchObject({ actor: 'system' });
    expect(await ana.client.send('issue:extend', { issueId })).toMatchObject({ ok: true });
    await seen(watcher, 'issue.extended', { issueId });
    expect(server!.app.board.state.issues[issueId]!.staleAt).toBeUndefined();
    // The extend moved the deadline: skipping a minute does nothing, two more mark it again.
    clock.skip(MINUTE_MS);
    clock.skip(MINUTE_MS);
    await watcher.untilEvent('issue.stale', 2);
    clock.skip(MINUTE_MS);
    await seen(watcher, 'issue.released', { issueId });
    expect(watcher.events.at(-1)).toMatchObject({ type: 'issue.released', reason: 'expired', actor: 'system' });
    expect(server!.app.board.state.issues[issueId]).toMatchObject({ column: 'open' });
  });

  it('a restart rebuilds the timers from the log: the stale mark is neither lost nor made twice', async () => {
    dir = await mkdtemp(join(tmpdir(), 'bugday-lease-'));
    const file = join(dir, 'bugday.json');
    const clock = new TestClock();
    server = await startServer({ organizerKey: ORGANIZER_KEY, now: clock.now, timers: clock, store: new LowdbStore(file) });
    const { olga, ana, idOf } = await bugDay(clock);
    await olga.client.send('event:update', { claims: { leaseMinutes: 10, graceMinutes: 5 } });
    await ana.client.send('issue:claim', { issueId: idOf(1) });
    await server.app.board.idle();
    clock.skip(9 * MINUTE_MS);
    const { port } = server;
    for (const client of clients.splice(0)) client.close();
    await server.stop();

    // Down while the lease ran out: the new server marks it at start, once.
    clock.skip(3 * MINUTE_MS);
    server = await startServer({ now: clock.now, timers: clock, store: new LowdbStore(file) }, { port });
    const watcher = await TestClient.connect(server.url);
    clients.push(watcher);
    await server.app.board.idle();
    const stale = () => server!.app.board.state.issues[idOf(1)]!.staleAt;
    if (stale() === undefined) await seen(watcher, 'issue.stale');
    expect(stale()).toBeDefined();
    // The log the server loaded and appended to: what the store holds.
    const logged = async (type: DomainEvent['type']) => (await server!.app.board.idle(), server!.app.board.eventsAfter(0)!.filter((e) => e.type === type).length);
    const marks = () => logged('issue.stale');
    expect(await marks()).toBe(1);

    // A second restart finds the mark in the log and only waits for the grace time to end.
    const again = server.port;
    watcher.close();
    clients.splice(0);
    await server.stop();
    server = await startServer({ now: clock.now, timers: clock, store: new LowdbStore(file) }, { port: again });
    expect(await marks()).toBe(1);
    const observer = await TestClient.connect(server.url);
    clients.push(observer);
    clock.skip(5 * MINUTE_MS);
    await seen(observer, 'issue.released');
    expect(await marks()).toBe(1);
    expect(await logged('issue.released')).toBe(1);
  });

  it('a claim past the cap and a refused extend are told to the sender only', async () => {
    const { olga, ana, watcher, idOf } = await bugDay(undefined, [{ number: 1 }, { number: 2 }, { number: 3 }]);
    await olga.client.send('event:update', { claims: { max: 2 } });
    await ana.client.send('issue:claim', { issueId: idOf(1) });
    await ana.client.send('issue:claim', { issueId: idOf(2) });
    await watcher.untilEvent('issue.claimed', 2);
    const seq = server!.app.board.seq;
    const frames = watcher.eventFrames;
    expect(await ana.client.send('issue:claim', { issueId: idOf(3) })).toEqual({
      ok: false,
      error: { code: 'conflict', message: 'You already hold 2 issues, the most anyone may hold here; release one first.' },
    });
    const bob = await joined('bob');
    expect(await bob.client.send('issue:extend', { issueId: idOf(1) })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await bob.client.send('issue:extend', { issueId: 'nope' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await bob.client.send('issue:extend', { issueId: idOf(1), until: 5 })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    // bob's join is the only thing anyone heard of since.
    await watcher.until(() => watcher.events.some((e) => e.type === 'person.joined' && e.person.id === bob.id), "bob's join");
    expect(server!.app.board.seq).toBe(seq + 1);
    expect(watcher.eventFrames).toBe(frames + 1);
  });

  it('a first-timer joins marked and holds one issue at a time', async () => {
    const { watcher, idOf } = await bugDay();
    const newt = await joined('newt', { firstTime: true });
    await seen(watcher, 'person.joined');
    expect(watcher.events.find((e) => e.type === 'person.joined' && e.person.nick === 'newt')).toMatchObject({ person: { firstTime: true } });
    expect(await newt.client.send('issue:claim', { issueId: idOf(1) })).toMatchObject({ ok: true });
    expect(await newt.client.send('issue:claim', { issueId: idOf(2) })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: 'You already hold 1 issue, the most a first-timer may hold here; release it first.' },
    });
    expect(await newt.client.send('session:join', { nick: 'newt2', firstTime: 'yes' })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
  });

  it('pairs: the claimant adds a co-worker, who may move it; a stranger may not add anyone', async () => {
    const { ana, watcher, idOf } = await bugDay();
    const bob = await joined('bob');
    const eve = await joined('eve');
    const issueId = idOf(1);
    await ana.client.send('issue:claim', { issueId });
    expect(await eve.client.send('issue:pair', { issueId, personId: eve.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await ana.client.send('issue:pair', { issueId, personId: 'p999' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await ana.client.send('issue:pair', { issueId, personId: bob.id })).toMatchObject({ ok: true });
    await seen(watcher, 'issue.paired', { issueId, personId: bob.id });
    expect(await bob.client.send('issue:move', { issueId, column: 'review' })).toMatchObject({ ok: true });
    await seen(watcher, 'issue.moved', { issueId });
    expect(await ana.client.send('issue:unpair', { issueId, personId: bob.id })).toMatchObject({ ok: true });
    await seen(watcher, 'issue.unpaired', { issueId, personId: bob.id });
    expect(server!.app.board.state.issues[issueId]).toMatchObject({ claimant: ana.id });
    expect(server!.app.board.state.issues[issueId]!.pair).toBeUndefined();
  });
});

describe("the event's focus, branch checks and asking for a commit", () => {
  it('a discouraged claim needs confirmation, changes nothing until confirmed, and reaches no one else', async () => {
    const { olga, ana, watcher, idOf } = await bugDay(undefined, [{ number: 1, type: 'feature' }]);
    await olga.client.send('event:update', { focus: { text: 'Bug fixes and docs only', discouraged: ['feature'] } });
    await seen(watcher, 'event.updated');
    const frames = watcher.eventFrames;
    const seq = server!.app.board.seq;
    expect(await ana.client.send('issue:claim', { issueId: idOf(1) })).toEqual({
      ok: false,
      error: { code: 'needs_confirmation', message: "#1 is a feature request, and this event's focus is “Bug fixes and docs only”. Claim it anyway?" },
    });
    expect(server!.app.board.seq).toBe(seq);
    expect(await ana.client.send('issue:claim', { issueId: idOf(1), confirm: true })).toMatchObject({ ok: true });
    await seen(watcher, 'issue.claimed');
    expect(watcher.eventFrames).toBe(frames + 1);
  });

  it("checks name the event's branches; organizers set them, and a bad list is refused", async () => {
    const { olga, ana, watcher, idOf } = await bugDay();
    const issueId = idOf(1);
    expect(await olga.client.send('event:update', { branches: ['main', 'main'] })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect(await olga.client.send('event:update', { branches: ['main', '--force'] })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect(await ana.client.send('event:update', { branches: ['main'] })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await olga.client.send('event:update', { branches: ['main', '3.13'] })).toMatchObject({ ok: true });
    expect(await ana.client.send('issue:check', { issueId, branch: '3.12', result: 'fixed' })).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload', message: "3.12 is not a branch of this event: this event's branches are main, 3.13." },
    });
    expect(await ana.client.send('issue:check', { issueId, branch: '3.13', result: 'gone' })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect(await ana.client.send('issue:check', { issueId, branch: '3.13', result: 'not-reproduced' })).toMatchObject({ ok: true });
    await seen(watcher, 'issue.checked', { issueId, branch: '3.13', result: 'not-reproduced' });
    expect(server!.app.board.state.issues[issueId]!.checks).toEqual([{ branch: '3.13', result: 'not-reproduced', by: ana.id, at: expect.any(Number) }]);
  });

  it('asking for a commit: refused before there is a patch, then seen by everyone, answered by a mentor moving it', async () => {
    const { olga, ana, watcher, idOf } = await bugDay();
    const issueId = idOf(2);
    await ana.client.send('issue:claim', { issueId });
    await ana.client.send('issue:move', { issueId, column: 'review' });
    expect(await ana.client.send('issue:ask-commit', { issueId })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    await ana.client.send('issue:patch', { issueId, url: 'https://github.com/python/cpython/pull/2' });
    expect(await ana.client.send('issue:ask-commit', { issueId, note: 'x'.repeat(501) })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect(await ana.client.send('issue:ask-commit', { issueId, note: 'green CI' })).toMatchObject({ ok: true });
    await seen(watcher, 'issue.commitAsked', { issueId });
    expect(server!.app.board.state.issues[issueId]!.commitAsked).toMatchObject({ by: ana.id, note: 'green CI' });
    expect(await olga.client.send('issue:move', { issueId, column: 'ready' })).toMatchObject({ ok: true });
    await seen(watcher, 'issue.moved', { issueId });
    expect(server!.app.board.state.issues[issueId]!.commitAsked).toBeUndefined();
  });

  it('a /me line travels as an action; the claim rules are bounded', async () => {
    const { olga, ana, watcher } = await bugDay();
    expect(await ana.client.send('chat:send', { text: 'waves', action: true })).toMatchObject({ ok: true });
    await seen(watcher, 'chat.sent');
    expect(watcher.events.find((e) => e.type === 'chat.sent')).toMatchObject({ text: 'waves', action: true });
    for (const claims of [{ leaseMinutes: 0 }, { graceMinutes: 1.5 }, { max: 0 }, { newcomerMax: 101 }, {}, { lease: 5 }]) {
      expect(await olga.client.send('event:update', { claims }), JSON.stringify(claims)).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    }
  });
});
