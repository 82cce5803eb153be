import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMMAND_NAMES } from '../../shared/schemas.ts';
import { MAX_MESSAGE_BYTES } from '../../server/app.ts';
import { EMPTY_PAYLOAD, validPayloads } from '../fixtures/payloads.ts';
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

/** Every way a payload can be wrong, built from a valid one so each command gets its own. */
function hostile(valid: object, empty: boolean): Array<[string, unknown]> {
  const fields = Object.keys(valid);
  const cases: Array<[string, unknown]> = [
    ['null', null],
    ['undefined', undefined],
    ['a number', 42],
    ['a string', 'issue'],
    ['an array', [valid]],
    ['an extra key', { ...valid, admin: true }],
    ['a prototype key', JSON.parse(`{"__proto__": {"admin": true}${empty ? '}' : `, ${JSON.stringify(valid).slice(1)}`}`)],
    ['a constructor key', { ...valid, constructor: { prototype: { admin: true } } }],
  ];
  if (empty) return cases;
  return [
    ...cases,
    ['an empty object', {}],
    ['wrong types', Object.fromEntries(fields.map((key) => [key, { nested: true }]))],
    ['a 60 kB string in every field', Object.fromEntries(fields.map((key) => [key, 'x'.repeat(60_000 / fields.length)]))],
    ['a deep object', Object.fromEntries(fields.map((key) => [key, JSON.parse('['.repeat(1_000) + ']'.repeat(1_000))]))],
  ];
}

describe('malformed payloads', () => {
  it.each(COMMAND_NAMES)('%s: every malformed payload is refused with invalid_payload', async (name) => {
    const seen = observer.events.length;
    for (const [what, payload] of hostile(validPayloads[name], EMPTY_PAYLOAD.has(name))) {
      const answer = await sender.send(name, payload);
      expect(answer, `${name} with ${what}`).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    }
    expect(await sender.send(name, { text: 'x' }, 'two payloads')).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    await expectNothingBroadcastSince(seen);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  it('session:join refuses malformed payloads too', async () => {
    const fresh = await TestClient.connect(server.url);
    for (const [what, payload] of [...hostile({ nick: 'ana' }, false), ['a nick with spaces', { nick: 'a b' }]] as const) {
      const answer = await fresh.send('session:join', payload);
      expect(answer, what).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    }
    fresh.close();
  });

  it('issue:history refuses malformed payloads too, and tells no one', async () => {
    const seen = observer.events.length;
    for (const [what, payload] of hostile({ issueId: 'i3' }, false)) {
      const answer = await sender.send('issue:history', payload);
      expect(answer, what).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    }
    await expectNothingBroadcastSince(seen);
  });

  it('a command without a callback does nothing', async () => {
    const seen = observer.events.length;
    const emit = sender.socket.emit.bind(sender.socket) as (name: string, ...args: unknown[]) => void;
    emit('chat:send', { text: 'no callback' }, undefined);
    emit('issue:claim', { issueId: 'i3' });
    emit('issue:claim');
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
    sender.socket.emit('chat:send', { text: 'x'.repeat(MAX_MESSAGE_BYTES) }, () => {});
    expect(await closed).toMatch(/transport (close|error)/);
    await expectNothingBroadcastSince(seen);
    const newcomer = await TestClient.joined(server.url, 'newcomer');
    expect(await newcomer.send('issue:claim', { issueId: 'i3' })).toMatchObject({ ok: true });
    newcomer.close();
  });
});
