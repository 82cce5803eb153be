import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMMAND_NAMES } from '../../shared/schemas.ts';
import { TestClient } from './helpers/client.ts';
import { startServer, type RunningServer } from './helpers/server.ts';

let server: RunningServer;
let sender: TestClient;
let observer: TestClient;

beforeEach(async () => {
  server = await startServer();
  sender = await TestClient.joined(server.url, 'mallory');
  observer = await TestClient.joined(server.url, 'watcher');
  const created = await sender.send('issue:create', { title: 'Target', number: 1 });
  expect(created.ok).toBe(true);
  await observer.untilEvent('issue.created');
});

afterEach(async () => {
  sender.close();
  observer.close();
  await server.stop();
});

/** Proves nothing reached the observer: a known event sent afterwards must be the next thing it sees. */
async function expectNothingBroadcastSince(seen: number) {
  const answer = await observer.send('chat:send', { text: 'barrier' });
  expect(answer.ok).toBe(true);
  await observer.until(() => observer.events.some((e) => e.type === 'chat.sent' && e.text === 'barrier'), 'the barrier');
  expect(observer.events.slice(seen).map((e) => e.type)).toEqual(['chat.sent']);
}

/** The one string each command must have, to be made too long. */
const mainField: Record<string, string> = {
  'session:join': 'nick',
  'chat:send': 'text',
  'issue:create': 'title',
  'issue:claim': 'issueId',
  'issue:release': 'issueId',
  'issue:move': 'issueId',
  'help:raise': 'note',
  'help:take': 'helpId',
  'help:resolve': 'helpId',
  'help:cancel': 'helpId',
};

const hostile = (name: string): Array<[string, unknown]> => [
  ['a 900 kB string', { [mainField[name]!]: 'x'.repeat(900_000) }],
  ['null', null],
  ['undefined', undefined],
  ['a number', 42],
  ['a string', 'issue'],
  ['an array', [{ issueId: 'i3' }]],
  ['an empty object', {}],
  ['wrong types', { issueId: 3, helpId: [], text: {}, title: 5, note: false, column: 1 }],
  ['an extra key', { issueId: 'i3', helpId: 'h1', text: 'x', title: 'x', note: 'x', column: 'review', admin: true }],
  ['a prototype key', JSON.parse('{"__proto__": {"admin": true}, "text": "x"}')],
  ['a constructor key', { constructor: { prototype: { admin: true } }, text: 'x' }],
  ['a deep object', { [mainField[name]!]: JSON.parse('['.repeat(1_000) + ']'.repeat(1_000)) }],
];

describe('malformed payloads', () => {
  it.each(COMMAND_NAMES)('%s: every malformed payload is refused with invalid_payload', async (name) => {
    const seen = observer.events.length;
    for (const [what, payload] of hostile(name)) {
      const answer = await sender.send(name, payload);
      expect(answer, `${name} with ${what}`).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    }
    expect(await sender.send(name, { text: 'x' }, 'two payloads')).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    await expectNothingBroadcastSince(seen);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('session:join refuses malformed payloads too', async () => {
    const fresh = await TestClient.connect(server.url);
    for (const [what, payload] of [...hostile('session:join'), ['a nick with spaces', { nick: 'a b' }]] as const) {
      const answer = await fresh.send('session:join', payload);
      expect(answer, what).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    }
    fresh.close();
  });

  it('a command without a callback does nothing', async () => {
    const seen = observer.events.length;
    sender.socket.emit('chat:send' as 'chat:send', { text: 'no callback' } as never, undefined as never);
    (sender.socket.emit as (name: string, payload: unknown) => void)('issue:claim', { issueId: 'i3' });
    (sender.socket.emit as (name: string) => void)('issue:claim');
    await expectNothingBroadcastSince(seen);
    expect(server.app.board.state.issues.i3!.claimant).toBeUndefined();
  });

  it('an unknown command is answered as unknown', async () => {
    expect(await sender.send('issue:delete', { issueId: 'i3' })).toMatchObject({ ok: false, error: { code: 'unknown_command' } });
    expect(await sender.send('__proto__', {})).toMatchObject({ ok: false, error: { code: 'unknown_command' } });
  });

  it('a message over the size limit closes only that connection; the server keeps serving', async () => {
    const seen = observer.events.length;
    const closed = new Promise<string>((resolve) => sender.socket.on('disconnect', resolve));
    sender.socket.emit('chat:send', { text: 'x'.repeat(2_000_000) }, () => {});
    expect(await closed).toMatch(/transport (close|error)/);
    await expectNothingBroadcastSince(seen);
    const newcomer = await TestClient.joined(server.url, 'newcomer');
    expect(await newcomer.send('issue:claim', { issueId: 'i3' })).toMatchObject({ ok: true });
    newcomer.close();
  });
});
