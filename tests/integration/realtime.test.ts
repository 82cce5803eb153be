import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LIMITS, type ChatHistory, type DomainEvent } from '../../shared/protocol.ts';
import { LowdbStore } from '../../server/store/lowdb.ts';
import { TestClient } from './helpers/client.ts';
import { startServer, type RunningServer } from './helpers/server.ts';

let server: RunningServer;
const clients: TestClient[] = [];

async function connect(nick?: string): Promise<TestClient> {
  const client = nick ? await TestClient.joined(server.url, nick) : await TestClient.connect(server.url);
  clients.push(client);
  return client;
}

/** Creates an issue as `client` and returns its id. */
async function createIssue(client: TestClient, title: string, number?: number): Promise<string> {
  const answer = await client.send('issue:create', number ? { title, number } : { title });
  if (!answer.ok) throw new Error(answer.error.message);
  await client.until(() => client.events.some((e) => e.type === 'issue.created' && e.issue.title === title), title);
  const created = client.events.find((e) => e.type === 'issue.created' && e.issue.title === title);
  return (created as Extract<DomainEvent, { type: 'issue.created' }>).issue.id;
}

beforeEach(async () => {
  server = await startServer();
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await server.stop();
});

describe('realtime board', () => {
  it('a claim by one client reaches another and a lurker', async () => {
    const ana = await connect('ana');
    const bo = await connect('bo');
    const lurker = await connect();
    const issueId = await createIssue(ana, 'Crash on start', 123);

    expect(await ana.send('issue:claim', { issueId })).toEqual({ ok: true, data: { seq: 4 } });

    for (const observer of [bo, lurker]) {
      await observer.untilEvent('issue.claimed');
      expect(observer.events.find((e) => e.type === 'issue.claimed')).toMatchObject({ issueId, actor: 'p1', seq: 4 });
    }
  });

  it('twenty people claiming one issue at once: one winner, nineteen refusals naming the holder', async () => {
    const creator = await connect('creator');
    const issueId = await createIssue(creator, 'Everybody wants this', 4242);
    const claimers = await Promise.all(Array.from({ length: 20 }, (_, i) => connect(`claimer${i}`)));

    const answers = await Promise.all(claimers.map((c) => c.send('issue:claim', { issueId })));

    const winners = answers.filter((a) => a.ok);
    const refusals = answers.flatMap((a) => (a.ok ? [] : [a.error]));
    expect(winners).toHaveLength(1);
    expect(refusals).toHaveLength(19);
    const holder = `claimer${answers.findIndex((a) => a.ok)}`;
    for (const refusal of refusals) {
      expect(refusal.code).toBe('conflict');
      expect(refusal.message).toMatch(new RegExp(`^#4242 is already claimed by ${holder} \\(since \\d\\d:\\d\\d UTC\\)\\.$`));
    }
    await creator.untilEvent('issue.claimed');
    // A later event proves no second claim was still on its way.
    await creator.send('chat:send', { text: 'barrier' });
    await creator.untilEvent('chat.sent');
    expect(creator.events.filter((e) => e.type === 'issue.claimed')).toHaveLength(1);
  });

  it('a lurker can change nothing and nobody hears of its attempts', async () => {
    const ana = await connect('ana');
    const issueId = await createIssue(ana, 'Typo', 7);
    const lurker = await connect();
    const observer = await connect('observer');
    const seen = observer.events.length;

    const attempts: Array<[string, object]> = [
      ['chat:send', { text: 'hello' }],
      ['issue:create', { title: 'Mine' }],
      ['issue:claim', { issueId }],
      ['issue:release', { issueId }],
      ['issue:move', { issueId, column: 'review' }],
      ['help:raise', { note: 'help' }],
      ['help:take', { helpId: 'h1' }],
      ['help:resolve', { helpId: 'h1' }],
      ['help:cancel', { helpId: 'h1' }],
    ];
    for (const [name, payload] of attempts) {
      const answer = await lurker.send(name, payload);
      expect(answer, name).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }

    await ana.send('chat:send', { text: 'barrier' });
    await observer.untilEvent('chat.sent');
    expect(observer.events.slice(seen).map((e) => e.type)).toEqual(['chat.sent']);
    expect(server.app.board.state.issues[issueId]!.claimant).toBeUndefined();
  });

  it('reconnecting with lastSeq delivers exactly the missed events, in order', async () => {
    const ana = await connect('ana');
    const bo = await connect('bo');
    await ana.send('chat:send', { text: 'before' });
    await bo.untilEvent('chat.sent');
    const lastSeq = bo.lastSeq;
    const token = bo.token!;
    const log = bo.log!;
    bo.close();

    for (const text of ['one', 'two', 'three']) await ana.send('chat:send', { text });
    const issueId = await createIssue(ana, 'While away', 99);
    await ana.send('issue:claim', { issueId });

    const back = await TestClient.connect(server.url, { token, lastSeq, log });
    clients.push(back);
    const sync = back.syncs[0]!;
    expect('events' in sync).toBe(true);
    const missed = 'events' in sync ? sync.events : [];
    expect(missed.map((e) => e.seq)).toEqual([lastSeq + 1, lastSeq + 2, lastSeq + 3, lastSeq + 4, lastSeq + 5]);
    expect(missed.map((e) => (e.type === 'chat.sent' ? e.text : e.type))).toEqual(['one', 'two', 'three', 'issue.created', 'issue.claimed']);
    expect(sync.seq).toBe(lastSeq + 5);

    // The token makes it bo again: it may act, as bo.
    expect(await back.send('chat:send', { text: 'back' })).toMatchObject({ ok: true });
    await ana.until(() => ana.events.some((e) => e.type === 'chat.sent' && e.text === 'back' && e.actor === 'p2'), 'bo is back');
  });

  it('a client that is ahead of the server (its data was reset) gets a snapshot', async () => {
    const probe = await TestClient.connect(server.url);
    const client = await TestClient.connect(server.url, { lastSeq: 500, log: probe.log! });
    clients.push(probe);
    clients.push(client);
    expect(client.syncs[0]).toMatchObject({ seq: 0, snapshot: { seq: 0, issueOrder: [] } });
  });

  it('a client whose seq counts in another log (the data was replaced) gets a snapshot, not that log\'s events', async () => {
    const ana = await connect('ana');
    for (const text of ['one', 'two', 'three']) await ana.send('chat:send', { text });
    const stranger = await TestClient.connect(server.url, { lastSeq: 2, log: 'another-log' });
    const same = await TestClient.connect(server.url, { lastSeq: 2, log: ana.log! });
    clients.push(stranger, same);
    expect(stranger.syncs[0]).toMatchObject({ seq: 4, snapshot: { seq: 4 } });
    expect(same.syncs[0]).toMatchObject({ seq: 4, events: [{ seq: 3 }, { seq: 4 }] });
    // A page with nothing yet gets the whole log replayed, whatever log it names: its chat then shows
    // who claimed and moved what, which a snapshot cannot tell.
    const fresh = await TestClient.connect(server.url, { lastSeq: 0 });
    clients.push(fresh);
    expect(fresh.syncs[0]).toMatchObject({ seq: 4, events: [{ seq: 1 }, { seq: 2 }, { seq: 3 }, { seq: 4 }] });
  });

  it('sends presence: people online with what they hold, and the lurker count', async () => {
    const ana = await connect('ana');
    const issueId = await createIssue(ana, 'Held', 1);
    await ana.send('issue:claim', { issueId });
    const lurker = await connect();
    await lurker.until(
      () => lurker.presences.some((p) => p.lurkers === 1 && p.online.some((o) => o.nick === 'ana' && o.holds.includes(issueId))),
      'presence with ana holding the issue',
    );
    expect(JSON.stringify(lurker.presences)).not.toContain(ana.token!);
  });

  it('nobody acts as a person without their token: made-up tokens are refused at the handshake', async () => {
    const ana = await connect('ana');
    expect(ana.token).toMatch(/^[\w-]{43}$/);
    expect(await TestClient.refusal(server.url, { token: 'x'.repeat(43) })).toBe('unknown_token');
    for (const token of ['short', 'ana', 42, { $ne: null }, `${ana.token}x`]) {
      expect(await TestClient.refusal(server.url, { token: token as string }), String(token)).toBe('invalid_token');
    }
  });
});

describe('restart', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bugday-restart-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a new server on the same data file has the same state, and tokens still work', async () => {
    await server.stop();
    const file = join(dir, 'bugday.json');
    server = await startServer({ store: new LowdbStore(file) });
    const ana = await connect('ana');
    const issueId = await createIssue(ana, 'Persisted', 321);
    await ana.send('issue:claim', { issueId });
    await ana.send('help:raise', { note: 'Where is the test suite?', issueId });
    await ana.send('chat:send', { text: "I'm working on #321" });
    await ana.untilEvent('chat.sent');
    const before = structuredClone(server.app.board.state);
    const token = ana.token!;
    ana.close();
    await server.stop();

    server = await startServer({ store: new LowdbStore(file) });
    expect(server.app.board.state).toEqual(before);
    const again = await TestClient.connect(server.url, { token, lastSeq: 0 });
    clients.push(again);
    expect(await again.send('issue:release', { issueId })).toMatchObject({ ok: true });
  });

  it('a join retried after a restart is still the same person', async () => {
    await server.stop();
    const file = join(dir, 'bugday.json');
    server = await startServer({ store: new LowdbStore(file) });
    const page = await TestClient.connect(server.url);
    clients.push(page);
    const first = await page.send('session:join', { nick: 'sleepy', commandId: 'join-laptop-lid' });
    expect(first).toMatchObject({ ok: true, data: { person: { id: 'p1' } } });
    page.close();
    await server.stop();

    server = await startServer({ store: new LowdbStore(file) });
    const back = await TestClient.connect(server.url);
    clients.push(back);
    const retried = await back.send('session:join', { nick: 'sleepy', commandId: 'join-laptop-lid' });
    expect(retried).toMatchObject({ ok: true, data: { person: { id: 'p1', nick: 'sleepy' } } });
    back.close();
    await server.stop();
    // The new token was stored too: it works after one more restart.
    server = await startServer({ store: new LowdbStore(file) });
    expect(Object.keys(server.app.board.state.people)).toEqual(['p1']);
    const tab = await TestClient.connect(server.url, { token: (retried as { data: { token: string } }).data.token });
    clients.push(tab);
    expect(await tab.send('chat:send', { text: 'awake' })).toMatchObject({ ok: true });
  });
});

describe('presence at scale', () => {
  let quiet: RunningServer;
  afterEach(async () => {
    await quiet?.stop();
  });

  it('after the first full list, a page hears only changes: a lurker is a count, a claim none at all', async () => {
    quiet = await startServer({}, { presenceDelayMs: 20 });
    const ana = await TestClient.joined(quiet.url, 'ana');
    const bo = await TestClient.joined(quiet.url, 'bo');
    const watcher = await TestClient.connect(quiet.url);
    clients.push(ana, bo, watcher);
    // Whatever was pending when the watcher connected is broadcast once, with the watcher counted.
    await watcher.until(() => watcher.presenceChanges.some((c) => c.lurkers === 1), 'the pending change');
    expect(watcher.presences.at(-1)!.online.map((o) => o.nick)).toEqual(['ana', 'bo']);

    const before = watcher.presenceChanges.length;
    const lurker = await TestClient.connect(quiet.url);
    clients.push(lurker);
    await watcher.until(() => watcher.presences.at(-1)?.lurkers === 2, 'the second lurker counted');
    expect(watcher.presenceChanges.slice(before)).toEqual([{ changed: [], left: [], lurkers: 2 }]);

    // A claim reaches every page as its event; presence says nothing of it.
    const created = await ana.send('issue:create', { title: 'Held' });
    expect(created.ok).toBe(true);
    const issueId = `i${(created as { data: { seq: number } }).data.seq}`;
    const afterClaim = watcher.presenceChanges.length;
    await ana.send('issue:claim', { issueId });
    await watcher.untilEvent('issue.claimed');
    // Something presence does report, sent after the claim: once it is in, any change the claim caused would be too.
    lurker.close();
    await watcher.until(() => watcher.presences.at(-1)?.lurkers === 1, 'the second lurker gone');
    expect(watcher.presenceChanges.slice(afterClaim)).toEqual([{ changed: [], left: [], lurkers: 1 }]);

    bo.close();
    await watcher.until(() => watcher.presences.at(-1)?.online.length === 1, 'bo gone');
    expect(watcher.presenceChanges.at(-1)).toMatchObject({ changed: [], left: ['p2'] });
    // A page that opens now gets the same people the watcher folded, with what they hold as of now.
    const late = await TestClient.connect(quiet.url);
    clients.push(late);
    expect(late.presences[0]!.online.map(({ holds: _, ...who }) => who)).toEqual(watcher.presences.at(-1)!.online.map(({ holds: _, ...who }) => who));
    expect(late.presences[0]!.online).toMatchObject([{ nick: 'ana', holds: [issueId] }]);
  });
});

describe('the first presence list', () => {
  it('is as of now for every new page: who came, what they hold, who left, how many watch', async () => {
    const firstList = async () => {
      const page = await TestClient.connect(server.url);
      clients.push(page);
      const [first] = page.presences;
      return { people: first!.online.map((entry) => `${entry.nick}:${entry.holds.join(',')}`), lurkers: first!.lurkers };
    };
    expect(await firstList()).toEqual({ people: [], lurkers: 1 });
    const ana = await TestClient.joined(server.url, 'ana');
    clients.push(ana);
    expect(await firstList()).toEqual({ people: ['ana:'], lurkers: 2 });
    const issueId = await createIssue(ana, 'Held', 7);
    await ana.send('issue:claim', { issueId });
    expect(await firstList()).toEqual({ people: [`ana:${issueId}`], lurkers: 3 });
    const bo = await TestClient.joined(server.url, 'bo');
    expect(await firstList()).toEqual({ people: [`ana:${issueId}`, 'bo:'], lurkers: 4 });
    // Leaving changes no seq: the list must follow the connection, not only the log.
    bo.close();
    await ana.until(() => ana.presences.at(-1)?.online.length === 1, 'bo gone');
    expect(await firstList()).toEqual({ people: [`ana:${issueId}`], lurkers: 5 });
  });
});

describe('long chat', () => {
  let busy: RunningServer;
  afterEach(async () => {
    await busy?.stop();
  });

  it('a new page gets the newest messages and pages back through the rest with chat:history', async () => {
    busy = await startServer();
    const ana = await TestClient.joined(busy.url, 'ana');
    clients.push(ana);
    const total = LIMITS.chatWindow + 250;
    for (let i = 1; i <= total; i += 1) await ana.send('chat:send', { text: `m${i}` });

    const page = await TestClient.connect(busy.url);
    clients.push(page);
    const sync = page.syncs[0]!;
    if (!('snapshot' in sync)) throw new Error('expected a snapshot');
    expect(sync.olderChat).toBe(true);
    expect(sync.snapshot.chat.map((m) => m.text)).toEqual(Array.from({ length: LIMITS.chatWindow }, (_, i) => `m${i + 251}`));

    const texts: string[] = [];
    let before = sync.snapshot.chat[0]!.seq;
    for (;;) {
      const answer = await page.send('chat:history', { beforeSeq: before, limit: 100 });
      if (!answer.ok) throw new Error(answer.error.message);
      const { messages, more } = answer.data as ChatHistory;
      texts.unshift(...messages.map((m) => m.text));
      before = messages[0]!.seq;
      if (!more) break;
    }
    expect(texts).toEqual(Array.from({ length: 250 }, (_, i) => `m${i + 1}`));
    expect(await page.send('chat:history', { beforeSeq: 1, limit: 100_000 })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
  });
});

describe('joining races', () => {
  it('two joins sent at once from one page: one person, one refusal, presence right', async () => {
    const page = await TestClient.connect(server.url);
    const watcher = await TestClient.connect(server.url);
    clients.push(page, watcher);
    const [first, second] = await Promise.all([page.send('session:join', { nick: 'x1' }), page.send('session:join', { nick: 'x2' })]);
    expect(first).toMatchObject({ ok: true });
    expect(second).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(Object.values(server.app.board.state.people).map((p) => p.nick)).toEqual(['x1']);
    page.close();
    await watcher.until(() => watcher.presences.at(-1)?.online.length === 0 && watcher.presences.at(-1)?.lurkers === 1, 'x1 gone, one lurker left');
  });

  it('a join retried after its answer was lost comes back as the same person, with a token of its own', async () => {
    const first = await TestClient.connect(server.url);
    const watcher = await TestClient.connect(server.url);
    clients.push(first, watcher);
    const join = { nick: 'wifi', commandId: 'join-5f0c' };
    const answered = await first.send('session:join', join);
    first.close(); // as if the answer never arrived and the page reconnected
    const again = await TestClient.connect(server.url);
    clients.push(again);
    const retried = await again.send('session:join', join);
    expect(retried).toMatchObject({ ok: true, data: { person: { id: 'p1', nick: 'wifi' } } });
    const tokens = [answered, retried].map((a) => (a as { data: { token: string } }).data.token);
    expect(tokens[0]).not.toBe(tokens[1]);
    // One person, joined once; both tokens are that person.
    expect(Object.keys(server.app.board.state.people)).toEqual(['p1']);
    for (const token of tokens) {
      const tab = await TestClient.connect(server.url, { token });
      clients.push(tab);
      expect(await tab.send('chat:send', { text: 'still me' })).toMatchObject({ ok: true });
    }
    await watcher.until(() => watcher.events.filter((e) => e.type === 'chat.sent').length === 2, 'both chats');
    expect(watcher.events.filter((e) => e.type === 'person.joined')).toHaveLength(1);
    expect(watcher.events.filter((e) => e.type === 'chat.sent').every((e) => e.actor === 'p1')).toBe(true);
  });

  it('a page that closes while its join is queued is not left online', async () => {
    const page = await TestClient.connect(server.url);
    const watcher = await TestClient.connect(server.url);
    clients.push(page, watcher);
    page.socket.emit('session:join', { nick: 'ghost' }, () => {});
    page.close();
    await watcher.untilEvent('person.joined');
    await watcher.until(() => watcher.presences.at(-1)?.lurkers === 1 && watcher.presences.at(-1)?.online.length === 0, 'only the watcher, as a lurker');
  });
});

describe('broadcast batching', () => {
  it('under a burst pages get fewer messages than events, yet every event once, in order — pages that join mid-burst too', async () => {
    const ana = await TestClient.joined(server.url, 'ana');
    const early = await TestClient.connect(server.url);
    clients.push(ana, early);
    const messages: number[] = [];
    early.socket.on('events', (events) => messages.push(events.length));
    const sends = Array.from({ length: 60 }, (_, i) => ana.send('chat:send', { text: `burst ${i}` }));
    // A page that connects while the burst is being written and broadcast.
    const late = await TestClient.connect(server.url, { lastSeq: early.lastSeq, log: early.log! });
    clients.push(late);
    await Promise.all(sends);
    const last = server.app.board.seq;
    for (const page of [early, late]) {
      await page.until(() => page.lastSeq === last, 'the whole burst');
      const seen = [...(('events' in page.syncs[0]!) ? page.syncs[0].events : []), ...page.events].map((e) => e.seq);
      const fromSync = 'events' in page.syncs[0]! ? page.syncs[0].events.length : 0;
      const first = page.syncs[0]!.seq - fromSync + 1;
      expect(seen, 'each event once, gapless').toEqual(Array.from({ length: last - first + 1 }, (_, i) => first + i));
    }
    expect(messages.length).toBeLessThan(60);
  });
});
