import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CommandName, Role } from '../../shared/protocol.ts';
import { LowdbStore } from '../../server/store/lowdb.ts';
import { TestClient } from './helpers/client.ts';
import { startServer, type RunningServer } from './helpers/server.ts';

const ORGANIZER_KEY = 'correct-horse-battery-staple';

let server: RunningServer;
const clients: TestClient[] = [];

async function joined(nick: string, key?: string): Promise<TestClient> {
  const client = await TestClient.connect(server.url);
  clients.push(client);
  const answer = await client.send('session:join', key ? { nick, key } : { nick });
  if (!answer.ok) throw new Error(`${nick}: ${answer.error.message}`);
  client.token = (answer.data as { token: string }).token;
  return client;
}

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await server.stop();
});

describe('keys and roles', () => {
  it('the organizer key makes an organizer, the mentor code a mentor; a wrong key is refused', async () => {
    server = await startServer({ organizerKey: ORGANIZER_KEY });
    const olga = await joined('olga', ORGANIZER_KEY);
    expect(server.app.board.state.people.p1!.role).toBe('organizer');

    const shown = await olga.send('mentorCode:show', {});
    expect(shown).toMatchObject({ ok: true, data: { code: expect.stringMatching(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/) } });
    const code = (shown as { data: { code: string } }).data.code;
    await joined('mia', code.toUpperCase());
    expect(server.app.board.state.people.p2!.role).toBe('mentor');

    const stranger = await TestClient.connect(server.url);
    clients.push(stranger);
    expect(await stranger.send('session:join', { nick: 'eve', key: 'guess' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: 'That is neither the organizer key nor the mentor code.' },
    });
    expect(Object.keys(server.app.board.state.people)).toHaveLength(2);
  });

  it('rotating the mentor code stops the old one; a participant can elevate with the new one', async () => {
    server = await startServer({ organizerKey: ORGANIZER_KEY });
    const olga = await joined('olga', ORGANIZER_KEY);
    const old = ((await olga.send('mentorCode:show', {})) as { data: { code: string } }).data.code;
    const rotated = await olga.send('mentorCode:rotate', {});
    const fresh = (rotated as { data: { code: string } }).data.code;
    expect(fresh).not.toBe(old);

    const pat = await joined('pat');
    expect(await pat.send('session:elevate', { key: old })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await pat.send('session:elevate', { key: fresh })).toMatchObject({ ok: true });
    await olga.until(() => olga.events.some((e) => e.type === 'person.roleChanged' && e.role === 'mentor'), 'pat becomes a mentor');
    // The log says when the code changed, never what it is.
    expect(JSON.stringify(olga.events)).not.toContain(fresh);
    expect(JSON.stringify(olga.events)).not.toContain(old);
  });

  it('without BUGDAY_ORGANIZER_KEY a key is made on the first start, kept only as a hash, and works after a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bugday-key-'));
    const file = join(dir, 'bugday.json');
    try {
      server = await startServer({ store: new LowdbStore(file) });
      const key = server.app.newOrganizerKey!;
      expect(key).toMatch(/^[\w-]{32}$/);
      await server.stop();

      server = await startServer({ store: new LowdbStore(file) });
      expect(server.app.newOrganizerKey).toBeUndefined();
      await joined('olga', key);
      expect(server.app.board.state.people.p1!.role).toBe('organizer');
      const { readFile } = await import('node:fs/promises');
      const { readdir } = await import('node:fs/promises');
      for (const name of await readdir(dir)) expect(await readFile(join(dir, name), 'utf8')).not.toContain(key);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a removed person is disconnected everywhere and their token no longer opens a session', async () => {
    server = await startServer({ organizerKey: ORGANIZER_KEY });
    const olga = await joined('olga', ORGANIZER_KEY);
    const troll = await joined('troll');
    const secondTab = await TestClient.connect(server.url, { token: troll.token! });
    clients.push(secondTab);
    const gone = Promise.all([troll, secondTab].map((c) => new Promise((resolve) => c.socket.on('disconnect', resolve))));

    expect(await olga.send('person:remove', { personId: 'p2' })).toMatchObject({ ok: true });
    await gone;
    expect(await TestClient.refusal(server.url, { token: troll.token! })).toBe('removed');
  });
});

describe('forbidden cells reach nobody', () => {
  /** Payloads that would succeed for an organizer in the world built below. */
  const attempts: Array<[CommandName, object, Role[]]> = [
    ['help:take', { helpId: 'h4' }, ['participant']],
    ['help:resolve', { helpId: 'h4' }, ['participant']],
    ['issue:assign', { issueId: 'i5', personId: 'p3' }, ['participant']],
    ['issue:import', { issues: [{ title: 'Imported' }] }, ['participant', 'mentor']],
    ['chat:remove', { chatSeq: 6 }, ['participant', 'mentor']],
    ['person:role', { personId: 'p3', role: 'mentor' }, ['participant', 'mentor']],
    ['person:mute', { personId: 'p3', muted: true }, ['participant', 'mentor']],
    ['person:remove', { personId: 'p3' }, ['participant', 'mentor']],
    ['event:update', { title: 'Mine now' }, ['participant', 'mentor']],
    ['event:close', {}, ['participant', 'mentor']],
    ['mentorCode:show', {}, ['participant', 'mentor']],
    ['mentorCode:rotate', {}, ['participant', 'mentor']],
  ];

  it('every command a role may not send is refused as forbidden, and no other page hears of it', async () => {
    server = await startServer({ organizerKey: ORGANIZER_KEY });
    const olga = await joined('olga', ORGANIZER_KEY); // p1
    const code = ((await olga.send('mentorCode:show', {})) as { data: { code: string } }).data.code;
    const mia = await joined('mia', code); // p2
    const pat = await joined('pat'); // p3
    await pat.send('help:raise', { note: 'stuck' }); // h4
    await pat.send('issue:create', { title: 'Free card' }); // i5
    await pat.send('chat:send', { text: 'hello' }); // 6
    const lurker = await TestClient.connect(server.url);
    clients.push(lurker);
    await lurker.until(() => lurker.lastSeq === 6, 'the setup');
    const by: Record<Role, TestClient> = { participant: pat, mentor: mia, organizer: olga };

    for (const [name, payload, refusedFor] of attempts) {
      for (const role of refusedFor) {
        expect(await by[role].send(name, payload), `${name} as ${role}`).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      }
    }
    await olga.send('chat:send', { text: 'barrier' });
    await lurker.until(() => lurker.lastSeq === 7, 'the barrier');
    expect(lurker.events.filter((e) => e.seq > 6).map((e) => e.type)).toEqual(['chat.sent']);
  });
});

describe('moderation', () => {
  it('a removed message reaches nobody again: live pages blank it, replays and snapshots carry no words', async () => {
    server = await startServer({ organizerKey: ORGANIZER_KEY });
    const olga = await joined('olga', ORGANIZER_KEY);
    const troll = await joined('troll');
    const watcher = await TestClient.connect(server.url);
    clients.push(watcher);
    expect(await troll.send('chat:send', { text: 'something nasty' })).toMatchObject({ ok: true, data: { seq: 3 } });
    expect(await olga.send('chat:remove', { chatSeq: 3 })).toMatchObject({ ok: true });
    await watcher.untilEvent('chat.removed');

    const replayed = await TestClient.connect(server.url, { lastSeq: 0, log: olga.log! });
    const snapshot = await TestClient.connect(server.url);
    clients.push(replayed, snapshot);
    expect(JSON.stringify(replayed.syncs)).not.toContain('nasty');
    expect(JSON.stringify(snapshot.syncs)).not.toContain('nasty');
    expect('snapshot' in snapshot.syncs[0]! && snapshot.syncs[0].snapshot.chat).toEqual([
      { seq: 3, at: expect.any(Number), author: 'p2', text: '', removedBy: 'p1' },
    ]);
  });
});
