import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../server/log.ts';
import { MemoryStore } from '../../server/store/memory.ts';
import type { Batch } from '../../server/store/store.ts';
import { startChild, type ChildServer } from './helpers/child-server.ts';
import { TestClient } from './helpers/client.ts';
import { startServer, type RunningServer } from './helpers/server.ts';

const ORGANIZER_KEY = 'logs-test-organizer-key-0123456789';
const CHAT = 'the quokka sings at midnight';
const NOTE = 'my pangolin ate the test suite';
const UNKNOWN_TOKEN = 'A'.repeat(43);

interface LogRecord {
  level: number;
  msg: string;
  [field: string]: unknown;
}

let dir: string;
let server: RunningServer | undefined;
let child: ChildServer | undefined;
const clients: TestClient[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bugday-logs-'));
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await server?.stop();
  await child?.stop('SIGKILL');
  server = child = undefined;
  await rm(dir, { recursive: true, force: true });
});

async function connect(url: string, auth = {}): Promise<TestClient> {
  const client = await TestClient.connect(url, auth);
  clients.push(client);
  return client;
}

/** A store that fails its appends while `failing` is set, as a full disk does. */
class FlakyStore extends MemoryStore {
  failing = false;
  override async append(batch: Batch): Promise<void> {
    if (this.failing) throw new Error('ENOSPC: no space left on device');
    return super.append(batch);
  }
}

/**
 * What every run below does with the secrets in play: a person joins (a token
 * comes back), chats, raises a help flag with a note, an organizer joins with
 * the key and reads the mentor code, a mentor joins with it, and a page
 * offers a token the server does not know. Resolves with every secret and
 * text that must appear in no log line, and the person, still connected.
 */
async function secretsInPlay(url: string, organizerKey: string): Promise<{ secrets: string[]; ana: TestClient }> {
  const ana = await connect(url);
  const joined = await ana.join('ana');
  if (!joined.ok) throw new Error(joined.error.message);
  expect(await ana.send('chat:send', { text: CHAT })).toMatchObject({ ok: true });
  expect(await ana.send('help:raise', { note: NOTE })).toMatchObject({ ok: true });
  const olga = await connect(url);
  expect(await olga.send('session:join', { nick: 'olga', key: organizerKey })).toMatchObject({ ok: true });
  const shown = await olga.send('mentorCode:show', {});
  if (!shown.ok) throw new Error(shown.error.message);
  const mentorCode = (shown.data as { code: string }).code;
  const mia = await connect(url);
  expect(await mia.send('session:join', { nick: 'mia', key: mentorCode })).toMatchObject({ ok: true });
  await ana.until(() => ana.events.some((e) => e.type === 'person.joined' && e.person.nick === 'mia'), "mia's join");
  expect(await TestClient.refusal(url, { token: UNKNOWN_TOKEN })).toBe('unknown_token');
  expect(await TestClient.refusal(url, { token: 'not a token at all' })).toBe('invalid_token');
  return { secrets: [joined.data.token, organizerKey, mentorCode, CHAT, NOTE, UNKNOWN_TOKEN], ana };
}

const records = (lines: string[]) => lines.map((line) => JSON.parse(line) as LogRecord);

describe('logs, captured from createApp', () => {
  it('are JSON lines naming refused handshakes and storage faults, with no secret and no chat text in them', async () => {
    const lines: string[] = [];
    const log = createLogger('trace', { write: (line: string) => void lines.push(line) });
    const store = new FlakyStore();
    server = await startServer({ store, log, organizerKey: ORGANIZER_KEY });

    const { secrets, ana } = await secretsInPlay(server.url, ORGANIZER_KEY);
    store.failing = true;
    expect(await ana.send('chat:send', { text: CHAT })).toMatchObject({ ok: false, error: { code: 'storage_unavailable' } });

    const logged = records(lines);
    expect(logged.filter((r) => r.msg === 'handshake refused')).toEqual([
      expect.objectContaining({ level: 30, name: 'bugday', reason: 'unknown_token', address: expect.stringContaining('127.0.0.1') }),
      expect.objectContaining({ level: 30, name: 'bugday', reason: 'invalid_token', address: expect.stringContaining('127.0.0.1') }),
    ]);
    expect(logged.filter((r) => r.level >= 50)).toEqual([
      expect.objectContaining({
        msg: expect.stringContaining('could not store events'),
        command: 'chat:send',
        err: expect.objectContaining({ message: 'ENOSPC: no space left on device' }),
      }),
    ]);
    const all = lines.join('');
    for (const secret of secrets) expect(all).not.toContain(secret);
  });

  it('redact a secret or a text that a call site passes by mistake', () => {
    const lines: string[] = [];
    const log = createLogger('info', { write: (line: string) => void lines.push(line) });
    log.info({ token: UNKNOWN_TOKEN, auth: { token: UNKNOWN_TOKEN }, payload: { text: CHAT }, event: { note: NOTE } }, 'oops');
    expect(lines.join('')).not.toMatch(new RegExp(`${UNKNOWN_TOKEN}|${CHAT}|${NOTE}`));
    expect(records(lines)[0]).toMatchObject({ token: '[redacted]', auth: '[redacted]', payload: '[redacted]', event: { note: '[redacted]' } });
  });
});

describe('logs of the real server (npm start)', () => {
  it('say when it started and stopped; the new organizer key is only in the one-time link, never in a record', async () => {
    child = await startChild(join(dir, 'bugday.json'));
    const { output } = child;
    const link = /bugday: organizer key created\. Open this to organize \(it is shown only now\):\n {2}\S+#organizer-key=(\S+)\n/.exec(output());
    expect(link, output()).not.toBeNull();
    const organizerKey = link![1]!;

    const { secrets } = await secretsInPlay(child.url, organizerKey);
    const exit = await child.stop('SIGTERM');
    child = undefined;
    expect(exit.code).toBe(0);

    const lines = exit.output.replace(link![0], '').split('\n').filter(Boolean);
    const logged = records(lines);
    expect(logged.map((r) => r.msg)).toEqual([
      'organizer key created; its link was shown once on the console',
      expect.stringMatching(/^bugday is up: http:\/\/127\.0\.0\.1:\d+\/$/),
      'handshake refused',
      'handshake refused',
      'stopping: finishing writes, then closing',
      'bugday stopped',
    ]);
    expect(logged[1]).toMatchObject({ port: expect.any(Number), dataFile: join(dir, 'bugday.json'), protocol: 1 });
    expect(logged[2]).toMatchObject({ reason: 'unknown_token' });
    expect(logged.at(-1)).toMatchObject({ signal: 'SIGTERM', clean: true });
    for (const secret of secrets) expect(lines.join('\n')).not.toContain(secret);
  });
});
