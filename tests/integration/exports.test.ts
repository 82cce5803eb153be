/**
 * The downloads, from a real server after a real bug day over sockets: what
 * a lurker sees, whole, and nothing more — no token, key, email, private
 * thread words or removed message — in shapes a spreadsheet, a blog and a
 * browser years from now can take.
 */
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyAll, emptyState } from '../../shared/domain/index.ts';
import type { DomainEvent, Issue } from '../../shared/protocol.ts';
import { TestClient } from './helpers/client.ts';
import { startServer, type RunningServer } from './helpers/server.ts';

const ORGANIZER_KEY = 'correct-horse-battery-staple';
const SECRETS = ['newt@example.org', 'private words about my setup', 'this message was removed', ORGANIZER_KEY];
const HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>';

let server: RunningServer;
const clients: TestClient[] = [];
const tokens: string[] = [];

async function joined(nick: string, extra: object = {}) {
  const client = await TestClient.connect(server.url);
  clients.push(client);
  const answer = await client.send('session:join', { nick, ...extra });
  if (!answer.ok) throw new Error(`${nick}: ${answer.error.message}`);
  tokens.push((answer.data as { token: string }).token);
  return client;
}

const must = async (client: TestClient, name: string, payload: object) => {
  const answer = await client.send(name, payload);
  if (!answer.ok) throw new Error(`${name}: ${answer.error.message}`);
  return answer.data as { seq: number };
};

async function download(file: string) {
  const response = await fetch(`${server.url}/export/${file}`);
  return { response, text: await response.text() };
}

beforeAll(async () => {
  server = await startServer({ organizerKey: ORGANIZER_KEY });
  const olga = await joined('olga', { key: ORGANIZER_KEY });
  await must(olga, 'event:update', { title: 'CPython bug day', startsAt: Date.UTC(2026, 10, 21, 9), endsAt: Date.UTC(2026, 10, 21, 18) });
  const lurker = await TestClient.connect(server.url);
  clients.push(lurker);
  await must(lurker, 'person:register', { name: 'newt', email: 'newt@example.org', firstTime: true });
  const ana = await joined('ana');
  await must(olga, 'issue:import', {
    issues: [
      { title: 'Crash in the parser', number: 101, url: 'https://bugs.example.org/101', labels: ['easy'] },
      { title: '=HYPERLINK("http://evil.example","click")', number: 102 },
      { title: `Docs *typo* [here](javascript:x) ${HOSTILE}`, number: 103, type: 'docs' },
    ],
  });
  const [first, , third] = server.app.board.state.issueOrder;
  await must(ana, 'issue:claim', { issueId: first });
  await must(ana, 'issue:patch', { issueId: first, url: 'https://github.com/python/cpython/pull/1' });
  await must(olga, 'issue:move', { issueId: first, column: 'done' });
  await must(ana, 'issue:claim', { issueId: third });
  await must(ana, 'chat:send', { text: HOSTILE });
  const removed = await must(ana, 'chat:send', { text: 'this message was removed' });
  await must(olga, 'chat:remove', { chatSeq: removed.seq });
  const flag = await must(ana, 'help:raise', { note: 'stuck' });
  await must(ana, 'help:reply', { helpId: `h${flag.seq}`, text: 'private words about my setup' });
});

afterAll(async () => {
  for (const client of clients) client.close();
  await server.stop();
});

describe('exports', () => {
  it.each(['event.json', 'issues.csv', 'summary.md', 'archive.html'])('%s is a dated download holding no secret', async (file) => {
    const { response, text } = await download(file);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="cpython-bug-day-\\d{4}-\\d{2}-\\d{2}-${file.replace('.', '\\.')}"$`));
    for (const secret of [...SECRETS, ...tokens]) expect(text).not.toContain(secret);
  });

  it('event.json holds the whole log with its seqs, and folding it gives the board it holds', async () => {
    const body = JSON.parse((await download('event.json')).text) as { format: string; seq: number; events: DomainEvent[]; issues: Issue[]; people: object[] };
    expect(body.format).toBe('bugday-event');
    expect(body.events.map((e) => e.seq)).toEqual(Array.from({ length: server.app.board.seq }, (_, i) => i + 1));
    expect(body.seq).toBe(server.app.board.seq);
    const folded = applyAll(emptyState(), body.events);
    expect(folded.issueOrder.map((id) => folded.issues[id])).toEqual(body.issues);
    expect(body.people).toContainEqual({ id: expect.any(String), nick: 'ana', role: 'participant' });
    expect(JSON.stringify(body.people)).not.toContain('registrationId');
  });

  it('issues.csv has a row per issue, and a formula in a title is neutralised for spreadsheets', async () => {
    const { text, response } = await download('issues.csv');
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const { data } = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true });
    expect(data).toHaveLength(3);
    expect(data[0]).toMatchObject({ number: '101', column: 'Done', holders: 'ana', patches: 'https://github.com/python/cpython/pull/1', labels: 'easy' });
    expect(data[1]!.title).toBe(`'=HYPERLINK("http://evil.example","click")`);
  });

  it('summary.md reads as a thank-you post, with what people typed kept as text', async () => {
    const { text } = await download('summary.md');
    expect(text).toMatch(/^# CPython bug day \(2026-11-21\)/);
    expect(text).toContain('1 issue fixed or ready to commit, 1 patch posted');
    expect(text).toContain('- \\#101 Crash in the parser (https://bugs.example.org/101), by ana');
    expect(text).not.toContain('[here](javascript');
    expect(text).not.toContain('<script>');
  });

  it('archive.html stands alone: nothing loads or runs, every text is escaped', async () => {
    const { text } = await download('archive.html');
    expect(text).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src 'none'">`);
    expect(text).not.toMatch(/<script|<img|<link|src=["']?http/i);
    expect(text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(text).toContain('removed by a moderator');
    expect(text).toContain('<h3>Done (1)</h3>');
  });

  it('an unknown export is a 404, and the same seq is built once', async () => {
    expect((await download('secrets.json')).response.status).toBe(404);
    expect((await download('__proto__')).response.status).toBe(404);
    const [a, b] = await Promise.all([download('event.json'), download('event.json')]);
    expect(JSON.parse(a.text).exportedAt).toBe(JSON.parse(b.text).exportedAt);
  });
});
