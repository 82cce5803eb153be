import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../server/app.ts';
import { LIMITS, type Ack, type DomainEvent, type IssueHistory } from '../../shared/protocol.ts';
import { TestClient } from './helpers/client.ts';
import { startServer, type RunningServer } from './helpers/server.ts';

let server: RunningServer;
const clients: TestClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await server.stop();
});

/** A person who has joined, with the organizer key when `key` is given, whose join is back as an event. */
async function joined(nick: string, key?: string): Promise<TestClient> {
  const client = await TestClient.connect(server.url);
  clients.push(client);
  const answer = await client.send('session:join', key ? { nick, key } : { nick });
  if (!answer.ok) throw new Error(`${nick}: ${answer.error.message}`);
  await client.until(() => client.events.some((e) => e.type === 'person.joined' && e.person.nick === nick), `${nick}'s join`);
  return client;
}

async function lurker(): Promise<TestClient> {
  const client = await TestClient.connect(server.url);
  clients.push(client);
  return client;
}

/** Sends a command that must be accepted and resolves with the seq it was stored at. */
async function done(client: TestClient, name: string, payload: object): Promise<number> {
  const answer = (await client.send(name, payload)) as Ack<{ seq: number }>;
  if (!answer.ok) throw new Error(`${name} was refused: ${answer.error.message}`);
  return answer.data.seq;
}

/** The event stored at `seq`, once `client` has heard it. */
async function heard(client: TestClient, seq: number): Promise<DomainEvent> {
  await client.until(() => client.events.some((e) => e.seq === seq), `event ${seq}`);
  return client.events.find((e) => e.seq === seq)!;
}

/** Creates an issue and resolves with its id, read from the event the creator hears back. */
async function create(client: TestClient, number: number): Promise<string> {
  const seq = await done(client, 'issue:create', { title: `Issue ${number}`, number });
  return ((await heard(client, seq)) as DomainEvent & { type: 'issue.created' }).issue.id;
}

const ask = (client: TestClient, payload: unknown) => client.send('issue:history', payload) as Promise<Ack<IssueHistory>>;

describe('issue:history', () => {
  it('tells a lurker what happened to one card and what the chat said of it, oldest first, and nothing about other cards', async () => {
    server = await startServer();
    const ana = await joined('ana');
    const bo = await joined('bo');
    const watcher = await lurker();

    const twelve = await create(ana, 12);
    const created = server.app.board.seq;
    // Asked before anything happened to it, then again after: the second answer has all that came since.
    const early = await ask(watcher, { issueId: twelve });
    expect(early.ok && early.data).toEqual({ events: [await heard(watcher, created)], messages: [] });
    const other = await create(bo, 123);
    const claimed = await done(ana, 'issue:claim', { issueId: twelve });
    await done(bo, 'issue:claim', { issueId: other });
    const said = await done(ana, 'chat:send', { text: 'working on #12' });
    await done(bo, 'chat:send', { text: 'and I on #123' });
    const moved = await done(ana, 'issue:move', { issueId: twelve, column: 'review' });
    const patched = await done(ana, 'issue:patch', { issueId: twelve, url: 'https://github.com/python/cpython/pull/12' });
    await done(bo, 'issue:patch', { issueId: other, url: 'https://github.com/python/cpython/pull/123' });
    const flagged = await done(bo, 'help:raise', { note: 'how do I test #12?', issueId: twelve });
    const tested = await done(bo, 'issue:report', { issueId: twelve, result: 'works' });

    const answer = await ask(watcher, { issueId: twelve });
    expect(answer.ok).toBe(true);
    if (!answer.ok) return;
    // Exactly what the log holds about #12, as every page heard it.
    const events = await Promise.all([created, claimed, moved, patched, flagged, tested].map((seq) => heard(watcher, seq)));
    expect(answer.data.events).toEqual(events);
    expect(answer.data.events.map((e) => e.type)).toEqual([
      'issue.created',
      'issue.claimed',
      'issue.moved',
      'issue.patched',
      'help.raised',
      'issue.tested',
    ]);
    const chat = await heard(watcher, said);
    expect(answer.data.messages).toEqual([{ seq: said, at: chat.at, author: chat.actor, text: 'working on #12' }]);

    const theirs = await ask(ana, { issueId: other });
    expect(theirs.ok && theirs.data.messages.map((m) => m.text)).toEqual(['and I on #123']);
    expect(theirs.ok && theirs.data.events.map((e) => e.type)).toEqual(['issue.created', 'issue.claimed', 'issue.patched']);
  });

  it('leaves out a message a moderator removed', async () => {
    server = await startServer({ organizerKey: 'the-organizer-key' });
    const ana = await joined('ana');
    const watcher = await lurker();
    const twelve = await create(ana, 12);
    await done(ana, 'chat:send', { text: '#12 is done' });
    const rude = await done(ana, 'chat:send', { text: '#12 reviewers are slow' });
    const organizer = await joined('org', 'the-organizer-key');
    await done(organizer, 'chat:remove', { chatSeq: rude });

    const answer = await ask(watcher, { issueId: twelve });
    expect(answer.ok && answer.data.messages.map((m) => m.text)).toEqual(['#12 is done']);
  });

  it('answers an id that is not on the board with not_found', async () => {
    server = await startServer();
    const watcher = await lurker();
    for (const issueId of ['i99', 'constructor', '__proto__']) {
      expect(await ask(watcher, { issueId })).toEqual({ ok: false, error: { code: 'not_found', message: 'That issue is not on the board.' } });
    }
  });

  it('refuses a malformed payload with a clear error to its sender alone, and changes nothing', async () => {
    server = await startServer();
    const ana = await joined('ana');
    const observer = await joined('observer');
    const twelve = await create(ana, 12);
    await observer.until(() => observer.events.length > 0 && observer.lastSeq === server.app.board.seq, 'the board so far');
    const seq = server.app.board.seq;
    const seen = observer.events.length;

    const cases: Array<[string, unknown, RegExp]> = [
      ['no issueId', {}, /issueId/],
      ['an issueId that is not a string', { issueId: 12 }, /issueId/],
      ['an overlong issueId', { issueId: 'i'.repeat(LIMITS.id + 1) }, /issueId/],
      ['an issueId that is not an id', { issueId: 'i3; drop' }, /issueId: not a valid id/],
      ['an extra key', { issueId: twelve, admin: true }, /admin|key/i],
      ['no object', 'i3', /object/],
    ];
    for (const [what, payload, says] of cases) {
      const answer = await ask(ana, payload);
      expect(answer, what).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
      expect(!answer.ok && answer.error.message, what).toMatch(says);
    }
    expect(await ana.send('issue:history', { issueId: twelve }, 'a second payload')).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload', message: 'issue:history takes one payload object and a callback.' },
    });

    // Without a callback there is nobody to answer: nothing happens, and the server still answers the next ask.
    const emit = ana.socket.emit.bind(ana.socket) as (name: string, ...args: unknown[]) => void;
    emit('issue:history', { issueId: twelve });
    emit('issue:history', { issueId: 42 });
    emit('issue:history');
    const after = await ask(ana, { issueId: twelve });
    expect(after.ok && after.data.events.map((e) => e.type)).toEqual(['issue.created']);

    expect(server.app.board.seq).toBe(seq);
    // Nothing reached anyone else: the next thing the observer hears is its own barrier.
    await done(observer, 'chat:send', { text: 'barrier' });
    await observer.until(() => observer.events.some((e) => e.type === 'chat.sent' && e.text === 'barrier'), 'the barrier');
    expect(observer.events.slice(seen).map((e) => e.type)).toEqual(['chat.sent']);
  });

  it('is limited as a read, per connection and per address, and leaves the sender room to act', async () => {
    server = await startServer({}, { limits: DEFAULT_LIMITS });
    const ana = await joined('ana');
    const twelve = await create(ana, 12);
    const lurkers = await Promise.all([1, 2, 3].map(() => lurker()));

    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => ask(lurkers[i % 3]!, { issueId: twelve })));
    const refused = answers.filter((a) => !a.ok);
    // Ten at once from one address, then two a second: far fewer than thirty, though each connection sent only ten.
    expect(answers.filter((a) => a.ok).length).toBeLessThanOrEqual(DEFAULT_LIMITS.reads.capacity + 1);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((a) => !a.ok && a.error.code === 'rate_limited')).toBe(true);
    // Reads spend the read bucket, not the commands one: the same address may still claim.
    expect(await ana.send('issue:claim', { issueId: twelve })).toMatchObject({ ok: true });
  });
});
