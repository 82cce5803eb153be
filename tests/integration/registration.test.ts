/**
 * Registration and the stats read over real sockets: a lurker registers and
 * joins as that registration; the email reaches organizers only, in no
 * sync, replay or live event of anyone else's.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { EventStats, SyncPayload } from '../../shared/protocol.ts';
import { TestClient } from './helpers/client.ts';
import { startServer, type RunningServer } from './helpers/server.ts';

const ORGANIZER_KEY = 'correct-horse-battery-staple';
const EMAIL = 'newt@example.org';

let server: RunningServer;
const clients: TestClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await server.stop();
});

async function connect(auth = {}) {
  const client = await TestClient.connect(server.url, auth);
  clients.push(client);
  return client;
}

async function joined(nick: string, extra: object = {}) {
  const client = await connect();
  const answer = await client.send('session:join', { nick, ...extra });
  if (!answer.ok) throw new Error(`${nick}: ${answer.error.message}`);
  client.token = (answer.data as { token: string }).token;
  return client;
}

const json = (value: unknown) => JSON.stringify(value);

describe('registration', () => {
  it('a lurker registers; the email reaches organizers only; the code claims the registration in a join', async () => {
    server = await startServer({ organizerKey: ORGANIZER_KEY });
    const olga = await joined('olga', { key: ORGANIZER_KEY });
    const mia = await joined('mia');
    const lurker = await connect();
    const newt = await connect();
    const answer = await newt.send('person:register', { name: 'newt', venue: 'Montreal', firstTime: true, email: EMAIL });
    expect(answer).toMatchObject({ ok: true, data: { code: expect.stringMatching(/^r\d+\.[\w-]{22}$/) } });
    const code = (answer as { data: { code: string } }).data.code;
    await lurker.untilEvent('person.registered');
    await olga.until(() => olga.events.some((e) => e.type === 'person.registered' && e.registration.email === EMAIL), 'the email');
    await mia.untilEvent('person.registered');
    for (const client of [lurker, mia, newt]) expect(json(client.events)).not.toContain(EMAIL);

    const fresh = await connect();
    const replayed = await connect({ lastSeq: 0 });
    const asked = (await lurker.send('session:sync', { lastSeq: 0 })) as { data: SyncPayload };
    for (const sync of [fresh.syncs[0], replayed.syncs[0], asked.data]) expect(json(sync)).not.toContain(EMAIL);
    expect(json(replayed.syncs[0])).toContain('Montreal');
    const organizerAgain = await connect({ token: olga.token, lastSeq: 1, log: lurker.log });
    expect(json(organizerAgain.syncs[0])).toContain(EMAIL);

    expect(await newt.send('person:register', { name: 'newt2', email: 'not an email' })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    // One character changed, whatever it was: the code's last character is one of only four (A, Q, g, w).
    const tampered = `${code.slice(0, -1)}${code.endsWith('A') ? 'Q' : 'A'}`;
    expect(await newt.send('session:join', { nick: 'newt_x', registration: tampered })).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: 'That registration link is not valid here.' },
    });
    expect(await newt.send('session:join', { nick: 'newt_at_home', registration: code })).toMatchObject({
      ok: true,
      data: { person: { nick: 'newt_at_home', firstTime: true, venue: 'Montreal' } },
    });
    expect(await olga.send('person:register', { name: 'late' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});

describe('stats:get', () => {
  it('answers anyone with counts equal to the log, and refuses a malformed ask', async () => {
    server = await startServer({ organizerKey: ORGANIZER_KEY });
    const olga = await joined('olga', { key: ORGANIZER_KEY });
    await olga.send('issue:import', { issues: [{ title: 'A', number: 1 }, { title: 'B', number: 2 }] });
    const ids = server.app.board.state.issueOrder;
    await olga.send('issue:claim', { issueId: ids[0] });
    await olga.send('issue:move', { issueId: ids[0], column: 'done' });
    await olga.send('issue:claim', { issueId: ids[1] });
    const lurker = await connect();
    const answer = (await lurker.send('stats:get', {})) as { ok: true; data: EventStats };
    expect(answer.ok).toBe(true);
    expect(answer.data).toMatchObject({ columns: { done: 1, 'in-progress': 1, open: 0 }, totals: { claims: 2 } });
    expect(answer.data.series.at(-1)).toMatchObject({ done: 1, inProgress: 1 });
    expect(await lurker.send('stats:get', { all: true })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
  });
});
