/**
 * The help queue over real sockets: racing mentors, people who leave, holds
 * that end by the clock, and private threads whose words reach no one else
 * — live, in a sync or in a replay.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { MINUTE_MS } from '../../shared/domain/index.ts';
import type { DomainEvent, SyncPayload } from '../../shared/protocol.ts';
import { TestClock } from '../fixtures/test-clock.ts';
import { TestClient } from './helpers/client.ts';
import { startServer, type RunningServer } from './helpers/server.ts';

const ORGANIZER_KEY = 'correct-horse-battery-staple';
const SECRET = 'my build fails with a segfault in Parser/pegen.c';

let server: RunningServer | undefined;
const clients: TestClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await server?.stop();
  server = undefined;
});

let mentorCode = '';

/** A server on a clock the test moves, with olga, an organizer, already in. */
async function start(clock = new TestClock()) {
  server = await startServer({ organizerKey: ORGANIZER_KEY, now: clock.now, timers: clock });
  const olga = await joined('olga', ORGANIZER_KEY);
  mentorCode = ((await olga.client.send('mentorCode:show', {})) as { data: { code: string } }).data.code;
  return { clock, olga };
}

async function connect(auth = {}) {
  const client = await TestClient.connect(server!.url, auth);
  clients.push(client);
  return client;
}

async function joined(nick: string, key?: string) {
  const client = await connect();
  const answer = await client.send('session:join', key ? { nick, key } : { nick });
  if (!answer.ok) throw new Error(`${nick}: ${answer.error.message}`);
  const { token, person } = answer.data as { token: string; person: { id: string } };
  client.token = token;
  return { client, id: person.id };
}

const mentor = (nick: string) => joined(nick, mentorCode);

async function raise(client: TestClient, note = 'stuck on the build') {
  const answer = await client.send('help:raise', { note });
  expect(answer).toMatchObject({ ok: true });
  return `h${(answer as { data: { seq: number } }).data.seq}`;
}

const has = (client: TestClient, test: (e: DomainEvent) => boolean, what: string) => client.until(() => client.events.some(test), what);

/** Whether `watcher`'s presence list has `personId` online (false before it has one at all). */
const online = (watcher: TestClient, personId: string) => watcher.presences.at(-1)?.online.some((entry) => entry.personId === personId) ?? false;

/**
 * Closes every page of a person and waits until `watcher` hears they left: only then has the
 * server noted when, which the grace time counts from. Waiting first to see them online keeps
 * "not in the list" from being true before the news of their joining has even arrived.
 */
async function leave(watcher: TestClient, personId: string, ...pages: TestClient[]) {
  await watcher.until(() => online(watcher, personId), 'them online');
  for (const page of pages) page.close();
  await watcher.until(() => !online(watcher, personId), 'them gone');
}
const json = (value: unknown) => JSON.stringify(value);

describe('taking flags', () => {
  it('two mentors take one flag at once: one wins, the other is told who has it', async () => {
    await start();
    const mia = await mentor('mia');
    const max = await mentor('max');
    const ana = await joined('ana');
    const helpId = await raise(ana.client);
    const answers = await Promise.all([mia.client.send('help:take', { helpId }), max.client.send('help:take', { helpId })]);
    expect(answers.filter((a) => a.ok)).toHaveLength(1);
    const loser = answers.find((a) => !a.ok)!;
    expect(loser).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/^(mia|max) is already helping ana\.$/) } });
    expect(server!.app.board.state.help[helpId]).toMatchObject({ status: 'taken' });
  });

  it('a hold tells the asker why, and the flag comes back by itself when the time is up', async () => {
    const { clock } = await start();
    const mia = await mentor('mia');
    const ana = await joined('ana');
    const helpId = await raise(ana.client);
    expect(await mia.client.send('help:hold', { helpId, minutes: 20, reason: 'back after the talk' })).toMatchObject({ ok: true });
    await has(ana.client, (e) => e.type === 'help.held' && e.reason === 'back after the talk', 'the hold');
    expect(await mia.client.send('help:hold', { helpId, minutes: 0, reason: 'x' })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect(await mia.client.send('help:hold', { helpId, minutes: 241, reason: 'x' })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    clock.skip(20 * MINUTE_MS);
    await has(ana.client, (e) => e.type === 'help.resumed' && e.actor === 'system', 'the flag back');
    expect(server!.app.board.state.help[helpId]).toMatchObject({ status: 'open' });
  });
});

describe('nobody stranded', () => {
  it("an asker whose pages all closed is cancelled after the grace time, and the queue is told", async () => {
    const { clock } = await start();
    const mia = await mentor('mia');
    const ana = await joined('ana');
    const second = await connect({ token: ana.client.token });
    const helpId = await raise(ana.client);
    ana.client.close();
    // One page still open: the grace time has not started.
    clock.skip(11 * MINUTE_MS);
    await server!.app.board.idle();
    expect(server!.app.board.state.help[helpId]).toMatchObject({ status: 'open' });
    await leave(mia.client, ana.id, second);
    clock.skip(9 * MINUTE_MS);
    await server!.app.board.idle();
    expect(server!.app.board.state.help[helpId]).toMatchObject({ status: 'open' });
    clock.skip(MINUTE_MS);
    await has(mia.client, (e) => e.type === 'help.cancelled' && e.reason === 'stranded' && e.actor === 'system', 'the cancel');
    expect(server!.app.board.state.help[helpId]).toMatchObject({ status: 'cancelled', cancelReason: 'stranded' });
  });

  it('a mentor who disappears hands the flag back to the queue, and the asker is told', async () => {
    const { clock } = await start();
    const mia = await mentor('mia');
    const ana = await joined('ana');
    const helpId = await raise(ana.client);
    await mia.client.send('help:take', { helpId });
    await leave(ana.client, mia.id, mia.client);
    clock.skip(10 * MINUTE_MS);
    await has(ana.client, (e) => e.type === 'help.returned' && e.reason === 'stranded', 'the flag handed back');
    expect(server!.app.board.state.help[helpId]).toMatchObject({ status: 'open' });
  });

  it('coming back within the grace time keeps the flag', async () => {
    const { clock } = await start();
    const ana = await joined('ana');
    const helpId = await raise(ana.client);
    const token = ana.client.token;
    const watcher = await connect();
    await leave(watcher, ana.id, ana.client);
    clock.skip(5 * MINUTE_MS);
    const back = await connect({ token });
    await watcher.until(() => online(watcher, ana.id), 'ana back');
    clock.skip(30 * MINUTE_MS);
    await server!.app.board.idle();
    expect(server!.app.board.state.help[helpId]).toMatchObject({ status: 'open' });
    back.close();
  });
});

describe('private threads', () => {
  it("a private thread's words reach the asker's pages and the mentors, never a lurker or another participant", async () => {
    await start();
    const mia = await mentor('mia');
    const ana = await joined('ana');
    const bob = await joined('bob');
    const anaTab = await connect({ token: ana.client.token });
    const lurker = await connect();
    const helpId = await raise(ana.client);
    expect(await ana.client.send('help:reply', { helpId, text: SECRET })).toMatchObject({ ok: true });
    await has(lurker, (e) => e.type === 'help.replied', 'the reply, live');
    for (const client of [mia.client, anaTab]) await has(client, (e) => e.type === 'help.replied' && e.text === SECRET, 'the words');
    await has(bob.client, (e) => e.type === 'help.replied', 'the reply');
    expect(json(lurker.events)).not.toContain(SECRET);
    expect(json(bob.client.events)).not.toContain(SECRET);
    expect(await bob.client.send('help:reply', { helpId, text: 'me too' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    // A new lurker's snapshot, a replay from the start, and a replay from a point: none holds the words.
    const fresh = await connect();
    const replayed = await connect({ lastSeq: 0 });
    const resumed = await connect({ lastSeq: 1, log: lurker.log });
    const asked = (await lurker.send('session:sync', { lastSeq: 0 })) as { data: SyncPayload };
    for (const sync of [fresh.syncs[0], replayed.syncs[0], resumed.syncs[0], asked.data]) expect(json(sync)).not.toContain(SECRET);
    expect('events' in replayed.syncs[0]! && replayed.syncs[0].events.some((e) => e.type === 'help.replied')).toBe(true);
    // The asker's and a mentor's own syncs do, even when they ask to resume from a point.
    const anaAgain = await connect({ token: ana.client.token, lastSeq: 1, log: lurker.log });
    const miaAgain = await connect({ token: mia.client.token, lastSeq: lurker.lastSeq, log: lurker.log });
    for (const sync of [anaAgain.syncs[0], miaAgain.syncs[0]]) expect(json(sync)).toContain(SECRET);
  });

  it('sharing sends the whole thread to everyone; a participant promoted to mentor is sent what they may now read', async () => {
    const { olga } = await start();
    const ana = await joined('ana');
    const bob = await joined('bob');
    const lurker = await connect();
    const helpId = await raise(ana.client);
    await ana.client.send('help:reply', { helpId, text: SECRET });
    await has(bob.client, (e) => e.type === 'help.replied', 'the reply');

    const promoted = bob.client.syncs.length;
    expect(await olga.client.send('person:role', { personId: bob.id, role: 'mentor' })).toMatchObject({ ok: true });
    await bob.client.until(() => bob.client.syncs.length > promoted, 'a sync of his own');
    expect(json(bob.client.syncs.at(-1))).toContain(SECRET);
    expect(lurker.syncs).toHaveLength(1);

    expect(await ana.client.send('help:share', { helpId })).toMatchObject({ ok: true });
    await has(lurker, (e) => e.type === 'help.shared', 'the shared thread');
    expect(lurker.events.find((e) => e.type === 'help.shared')).toMatchObject({ thread: [{ text: SECRET }] });
    // Shared now: later replies reach everyone whole, and a new lurker's snapshot holds the words.
    await olga.client.send('help:reply', { helpId, text: 'try make clean' });
    await has(lurker, (e) => e.type === 'help.replied' && e.text === 'try make clean', 'a public reply');
    expect(json((await connect()).syncs[0])).toContain(SECRET);
  });
});
