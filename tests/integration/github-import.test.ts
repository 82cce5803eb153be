/**
 * import:github over real sockets against a local server that answers with
 * responses recorded in GitHub's format (tests/fixtures/github), so paging,
 * rate limits and where the token goes are all real HTTP.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppOptions } from '../../server/app.ts';
import { createLogger } from '../../server/log.ts';
import { MemoryStore } from '../../server/store/memory.ts';
import type { ImportProgress, Issue } from '../../shared/protocol.ts';
import { TestClient } from './helpers/client.ts';
import { closedPort, fakeHost, recorded, type FakeHost, type Recorded, type Request } from './helpers/fake-github.ts';
import { startServer, type RunningServer } from './helpers/server.ts';

const ORGANIZER_KEY = 'correct-horse-battery-staple';
const REPO = 'octo-org/bugday-demo';
const TOKEN = 'ghp_k3epThisOutOfLogs0123456789abcdefXYZ';
/** The open issues of the recorded repository: 101–122 and 124–128 (#123 is a pull request). */
const OPEN = [...range(101, 122), ...range(124, 128)];

function range(from: number, to: number) {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

let api: FakeHost;
let other: FakeHost;
let server: RunningServer;
let store: MemoryStore;
const logLines: string[] = [];
const clients: TestClient[] = [];
/** Holds the answer for octo-org/slow until the test lets it go. */
let slowGate: Promise<void> = Promise.resolve();

/** GitHub as the recordings have it; the path picks the repository, `state` which recording of it. */
async function github({ url, headers }: Request): Promise<Recorded> {
  if (headers.authorization === 'Bearer bad-token') return recorded('bad-credentials');
  const state = url.searchParams.get('state');
  switch (url.pathname) {
    case `/repos/${REPO}/issues`:
      return recorded(url.searchParams.get('milestone') === '3' ? 'issues-milestone-3' : `issues-${state}-1`);
    case '/repositories/4242/issues':
      return recorded(`issues-${state}-${url.searchParams.get('page')}`);
    case `/repos/${REPO}/milestones`:
      return recorded('milestones');
    case '/repos/octo-org/popular/issues':
      return recorded('rate-limited');
    case '/repos/octo-org/busy/issues':
      return recorded('issues-last-allowed');
    case '/repos/octo-org/elsewhere/issues':
      return recorded('issues-elsewhere');
    case '/repos/octo-org/old-name/issues':
      return moved(`{api}/repos/${REPO}/issues${url.search}`);
    case '/repos/octo-org/moved-away/issues':
      return moved(`{other}/repos/${REPO}/issues${url.search}`);
    case '/repos/octo-org/slow/issues':
      await slowGate;
      return recorded('issues-open-3');
    default:
      return recorded('not-found');
  }
}

/** What GitHub answers for a renamed repository. */
const moved = (location: string): Recorded => ({
  status: 301,
  headers: { location, 'content-type': 'application/json; charset=utf-8' },
  body: { message: 'Moved Permanently', url: location, documentation_url: 'https://docs.github.com/v3/#http-redirects' },
});

async function start(githubApiUrl?: string, options: Omit<AppOptions, 'githubApiUrl'> = {}) {
  const bases = () => ({ api: api.url, other: other.url });
  api = await fakeHost(github, bases);
  other = await fakeHost(() => recorded('issues-open-3'), bases);
  store = new MemoryStore();
  const log = createLogger('trace', { write: (line: string) => void logLines.push(line) });
  server = await startServer({ organizerKey: ORGANIZER_KEY, store, log }, { ...options, githubApiUrl: githubApiUrl ?? api.url });
  const organizer = await joined('olga', ORGANIZER_KEY);
  const watcher = await TestClient.connect(server.url);
  clients.push(watcher);
  return { organizer, watcher };
}

async function joined(nick: string, key?: string) {
  const client = await TestClient.connect(server.url);
  clients.push(client);
  const answer = await client.send('session:join', { nick, ...(key ? { key } : {}) });
  if (!answer.ok) throw new Error(`${nick}: ${answer.error.message}`);
  return client;
}

/** Sends import:github and collects the progress frames that come before its answer. */
async function importing(client: TestClient, payload: object) {
  const frames: ImportProgress[] = [];
  const onProgress = (frame: ImportProgress) => frames.push(frame);
  client.socket.on('import:progress', onProgress);
  const answer = await client.send('import:github', payload);
  client.socket.off('import:progress', onProgress);
  return { answer, frames };
}

const issues = () => Object.values(server.app.board.state.issues);
const card = (number: number) => issues().find((issue) => issue.number === number) as Issue;
const numbers = () => issues().map((issue) => issue.number).sort((a, b) => a! - b!);
const counted = (added: number, updated = 0, closed = 0, unchanged = 0, skipped = 0) => ({
  ok: true,
  data: { added, updated, closed, unchanged, skipped },
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await server?.stop();
  await api?.close();
  await other?.close();
  logLines.length = 0;
  slowGate = Promise.resolve();
});

describe('import:github', () => {
  it('brings in every issue once, follows the pages to the end, skips pull requests, types cards from labels; a watcher sees them', async () => {
    const { organizer, watcher } = await start();
    const { answer, frames } = await importing(organizer, { repo: REPO });

    expect(answer).toEqual(counted(27));
    expect(numbers()).toEqual(OPEN);
    await watcher.until(() => watcher.events.filter((e) => e.type === 'issue.created').length === 27, 'the 27 cards');
    expect(api.requests.map(({ url }) => `${url.pathname}?${url.searchParams}`)).toEqual([
      `/repos/${REPO}/issues?state=open&sort=created&direction=asc&per_page=100`,
      '/repositories/4242/issues?state=open&sort=created&direction=asc&per_page=100&page=2',
      '/repositories/4242/issues?state=open&sort=created&direction=asc&per_page=100&page=3',
    ]);
    // 22 issues in two syncs, then 3, then 2; the total shrinks as GitHub says fewer pages are left.
    expect(frames).toEqual([
      { done: 0 },
      { done: 20, total: 222 },
      { done: 22, total: 222 },
      { done: 25, total: 125 },
      { done: 27, total: 27 },
    ]);

    expect(card(101)).toMatchObject({ title: 'Crash when the config file is empty', type: 'bug', labels: ['type-bug', 'easy'], url: `https://github.com/${REPO}/issues/101` });
    expect([102, 103, 104, 105, 126].map((n) => card(n).type)).toEqual(['feature', 'docs', 'bug', 'feature', 'feature']);
    // Wider than a card: a 251-character title, a tab in a title, twelve labels, one of them 49 characters long.
    expect(card(124).title.length).toBeLessThanOrEqual(200);
    expect(card(124).title).toMatch(/^The archive step fails when a path holds a long directory name and .*\S…$/);
    expect(card(125).title).toBe('Describe every exit code in one table');
    expect(card(125).labels).toEqual([
      'type-bug',
      'documentation',
      'easy',
      'area: command-line interface and shell…',
      'windows',
      'macos',
      'linux',
      'needs-repro',
      'regression',
      'priority-low',
    ]);
    expect(card(125).type).toBe('docs');
  });

  it('sends the token to the API host on every page, through a same-host redirect, and neither stores nor logs it', async () => {
    const { organizer } = await start();
    const { answer } = await importing(organizer, { repo: 'octo-org/old-name', token: TOKEN });

    expect(answer).toEqual(counted(27));
    expect(api.requests.map(({ url }) => url.pathname)).toEqual([
      '/repos/octo-org/old-name/issues',
      `/repos/${REPO}/issues`,
      '/repositories/4242/issues',
      '/repositories/4242/issues',
    ]);
    for (const { headers } of api.requests) {
      expect(headers).toMatchObject({ authorization: `Bearer ${TOKEN}`, 'user-agent': 'bugday', accept: 'application/vnd.github+json' });
    }
    expect(logLines.some((line) => line.includes('github import done'))).toBe(true);
    expect(logLines.join('')).not.toContain(TOKEN);
    expect(JSON.stringify(await store.load())).not.toContain(TOKEN);
  });

  it('follows no Link and no redirect to another host: the token stays with the API', async () => {
    const { organizer } = await start();

    const elsewhere = await importing(organizer, { repo: 'octo-org/elsewhere', token: TOKEN });
    expect(elsewhere.answer).toEqual({
      ok: false,
      error: {
        code: 'upstream_unavailable',
        message:
          `GitHub pointed bugday to ${new URL(other.url).host}, which is not ${new URL(api.url).host}; the import stopped there so that the token goes nowhere else. ` +
          'Before that: 2 added, 0 updated, 0 closed upstream. Importing again is safe: nothing is duplicated.',
      },
    });
    const moved = await importing(organizer, { repo: 'octo-org/moved-away', token: TOKEN });
    expect(moved.answer).toMatchObject({ ok: false, error: { code: 'upstream_unavailable', message: expect.stringContaining(`GitHub pointed bugday to ${new URL(other.url).host}`) } });

    expect(other.requests).toEqual([]);
    expect(numbers()).toEqual([127, 128]);
  });

  it('is safe to run again: changed titles and labels update their cards, a closed issue is marked, nothing is duplicated', async () => {
    const { organizer, watcher } = await start();
    expect((await importing(organizer, { repo: REPO })).answer).toEqual(counted(27));
    const before = card(125).id;

    // Since then: #107 renamed, #109 relabelled a feature, #125 closed, #129 opened; #100 was closed long before.
    const again = await importing(organizer, { repo: REPO, state: 'all' });
    expect(again.answer).toEqual(counted(1, 2, 1, 24));
    expect(numbers()).toEqual([...OPEN, 129]);
    expect(card(107).title).toBe('Wrong exit code after a failed or interrupted download');
    expect(card(109)).toMatchObject({ type: 'feature', labels: ['type-feature', 'easy'] });
    expect(card(125)).toMatchObject({ id: before, closedUpstream: true });
    expect(card(126).closedUpstream).toBeUndefined();
    await watcher.until(
      () => watcher.events.filter((e) => e.type === 'issue.updated').length === 2 && watcher.events.some((e) => e.type === 'issue.closedUpstream'),
      'the updates and the closed mark',
    );
    // The closed issues count as read: #100 and #125 among the 29.
    expect(again.frames.at(-1)).toEqual({ done: 29, total: 29 });

    const seq = server.app.board.seq;
    expect((await importing(organizer, { repo: REPO, state: 'all' })).answer).toEqual(counted(0, 0, 0, 27));
    expect(server.app.board.seq).toBe(seq);
  });

  it('finds a milestone by its title, in any case, and asks GitHub by its number; an unknown title is refused', async () => {
    const { organizer } = await start();
    expect((await importing(organizer, { repo: REPO, milestone: 'bug day 2026', labels: ['easy', 'good first issue'] })).answer).toEqual(counted(2));
    expect(numbers()).toEqual([102, 126]);
    const [milestones, listed] = api.requests.map(({ url }) => url);
    expect(milestones!.pathname).toBe(`/repos/${REPO}/milestones`);
    expect(milestones!.searchParams.get('state')).toBe('all');
    expect(listed!.searchParams.get('milestone')).toBe('3');
    expect(listed!.searchParams.get('labels')).toBe('easy,good first issue');

    expect((await importing(organizer, { repo: REPO, milestone: 'Sprint 9' })).answer).toEqual({
      ok: false,
      error: { code: 'not_found', message: `github.com/${REPO} has no milestone called "Sprint 9".` },
    });
    api.requests.length = 0;
    await importing(organizer, { repo: REPO, milestone: '4' });
    expect(api.requests[0]!.url.searchParams.get('milestone')).toBe('4');
  });

  it('is for organizers only: a participant and a lurker are refused, and GitHub is never asked', async () => {
    const { watcher } = await start();
    const ana = await joined('ana');
    const refused = { ok: false, error: { code: 'forbidden', message: 'Only organizers can import issues.' } };
    expect((await importing(ana, { repo: REPO })).answer).toEqual(refused);
    expect((await importing(watcher, { repo: REPO })).answer).toEqual(refused);
    expect(api.requests).toEqual([]);
    expect(issues()).toEqual([]);
    expect(watcher.events.filter((e) => e.type.startsWith('issue.'))).toEqual([]);
  });

  it('runs one import at a time', async () => {
    const { organizer } = await start();
    let release!: () => void;
    slowGate = new Promise((resolve) => (release = resolve));
    const started = new Promise((resolve) => organizer.socket.once('import:progress', resolve));
    const first = importing(organizer, { repo: 'octo-org/slow' });
    await started;
    expect((await importing(organizer, { repo: REPO })).answer).toEqual({
      ok: false,
      error: { code: 'conflict', message: 'An import is already running; wait for it to finish.' },
    });
    release();
    expect((await first).answer).toEqual(counted(2));
    // The slow one brought #127 and #128.
    expect((await importing(organizer, { repo: REPO })).answer).toEqual(counted(25, 0, 0, 2));
  });

  it('counts against the sender’s command rate, like any command', async () => {
    const scarce = { capacity: 2, perSecond: 0.001 };
    // The join spends one, the first import the other.
    const { organizer } = await start(undefined, { limits: { commands: scarce, chat: scarce, reads: scarce } });
    expect((await importing(organizer, { repo: 'octo-org/gone' })).answer).toMatchObject({ error: { code: 'not_found' } });
    expect((await importing(organizer, { repo: 'octo-org/gone' })).answer).toMatchObject({ error: { code: 'rate_limited', message: expect.stringMatching(/^Slow down/) } });
    expect(api.requests).toHaveLength(1);
  });

  it('refuses what is not a repository or a filter GitHub takes, before asking it', async () => {
    const { organizer } = await start();
    for (const payload of [
      { repo: 'octo-org' },
      { repo: 'octo-org/..' },
      { repo: '-octo/demo' },
      { repo: 'octo-org/demo/issues' },
      { repo: REPO, labels: ['easy,docs'] },
      { repo: REPO, state: 'closed' },
      { repo: REPO, token: 'two words' },
      { repo: REPO, extra: true },
    ]) {
      expect((await importing(organizer, payload)).answer, JSON.stringify(payload)).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    }
    expect(api.requests).toEqual([]);
  });
});

describe('import:github when GitHub says no', () => {
  it('says until when the rate limit is used up, rounded up to the minute', async () => {
    const { organizer } = await start();
    expect((await importing(organizer, { repo: 'octo-org/popular' })).answer).toEqual({
      ok: false,
      error: { code: 'rate_limited', message: "GitHub's limit is used up until 14:05 UTC; add a token or wait." },
    });
    expect((await importing(organizer, { repo: 'octo-org/popular', token: TOKEN })).answer).toMatchObject({
      error: { message: "GitHub's limit for that token is used up until 14:05 UTC; wait until then." },
    });
    // A page that used the last request: its issues come in, and the next page is not asked for.
    api.requests.length = 0;
    expect((await importing(organizer, { repo: 'octo-org/busy' })).answer).toEqual({
      ok: false,
      error: {
        code: 'rate_limited',
        message: "GitHub's limit is used up until 14:05 UTC; add a token or wait. Before that: 2 added, 0 updated, 0 closed upstream. Importing again is safe: nothing is duplicated.",
      },
    });
    expect(api.requests).toHaveLength(1);
    expect(numbers()).toEqual([127, 128]);
  });

  it('names a repository that is not there, and a token GitHub refuses', async () => {
    const { organizer } = await start();
    expect((await importing(organizer, { repo: 'octo-org/gone' })).answer).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'github.com/octo-org/gone does not exist, or the token cannot see it.' },
    });
    expect((await importing(organizer, { repo: REPO, token: 'bad-token' })).answer).toEqual({
      ok: false,
      error: { code: 'forbidden', message: 'GitHub refused the token.' },
    });
    expect(issues()).toEqual([]);
  });

  it('says when GitHub cannot be reached', async () => {
    const { organizer } = await start(`http://127.0.0.1:${await closedPort()}`);
    const { answer } = await importing(organizer, { repo: REPO });
    expect(answer).toMatchObject({ ok: false, error: { code: 'upstream_unavailable', message: expect.stringMatching(/^Could not reach GitHub \(.*ECONNREFUSED.*\)\.$/) } });
    expect(issues()).toEqual([]);
  });
});

describe('npm run import -- github', () => {
  const ROOT = fileURLToPath(new URL('../../', import.meta.url));

  function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/import-cli.ts', ...args], {
      cwd: ROOT,
      env: { ...process.env, GITHUB_TOKEN: '', BUGDAY_ORGANIZER_KEY: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
  }

  it('runs the same import against the running server, as many times as it is run', async () => {
    const { watcher } = await start();
    const args = ['github', REPO, '--label', 'easy', '--server', server.url, '--key', ORGANIZER_KEY];

    const first = await cli(args, { GITHUB_TOKEN: TOKEN });
    expect(first).toMatchObject({ code: 0, stdout: `bugday: imported from github.com/${REPO}: 27 added, 0 updated, 0 closed upstream, 0 unchanged, 0 skipped.\n` });
    expect(first.stderr.trim().split('\n')).toEqual([
      'bugday: 0 issues read',
      'bugday: 20 of at most 222 issues read',
      'bugday: 22 of at most 222 issues read',
      'bugday: 25 of at most 125 issues read',
      'bugday: 27 of at most 27 issues read',
    ]);
    await watcher.until(() => watcher.events.filter((e) => e.type === 'issue.created').length === 27, 'the 27 cards');
    expect(api.requests[0]!.url.searchParams.get('labels')).toBe('easy');
    expect(api.requests[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);

    const second = await cli(args);
    expect(second).toMatchObject({ code: 0, stdout: expect.stringContaining('0 added, 0 updated, 0 closed upstream, 27 unchanged') });
    expect(api.requests.at(-1)!.headers.authorization).toBeUndefined();
    expect(Object.values(server.app.board.state.people).map((p) => [p.nick, p.role])).toEqual([
      ['olga', 'organizer'],
      ['importer', 'organizer'],
      ['importer-2', 'organizer'],
    ]);
  });

  it('exits non-zero with the reason when it is refused', async () => {
    await start();
    const wrongKey = await cli(['github', REPO, '--server', server.url, '--key', 'not-the-key']);
    expect(wrongKey).toMatchObject({ code: 1, stderr: 'bugday import: That is neither the organizer key nor the mentor code.\n' });
    const missing = await cli(['github', 'octo-org/gone', '--server', server.url], { BUGDAY_ORGANIZER_KEY: ORGANIZER_KEY });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('bugday import: github.com/octo-org/gone does not exist, or the token cannot see it.\n');
    const usage = await cli(['github', '--server', server.url, '--key', ORGANIZER_KEY]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('github takes one repository, like python/cpython.');
    expect(issues()).toEqual([]);
  });
});
