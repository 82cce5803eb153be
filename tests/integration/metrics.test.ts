import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMetrics } from '../../server/prometheus.ts';
import { LowdbStore } from '../../server/store/lowdb.ts';
import { startChild, type ChildServer } from './helpers/child-server.ts';
import { TestClient } from './helpers/client.ts';
import { startServer, type RunningServer } from './helpers/server.ts';

let dir: string;
let server: RunningServer | undefined;
let child: ChildServer | undefined;
const clients: TestClient[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bugday-metrics-'));
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await server?.stop();
  await child?.stop('SIGTERM');
  server = child = undefined;
  await rm(dir, { recursive: true, force: true });
});

async function connect(url: string, nick?: string): Promise<TestClient> {
  const client = nick ? await TestClient.joined(url, nick) : await TestClient.connect(url);
  clients.push(client);
  return client;
}

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition; comments left out. */
function samples(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [, name, labels = '', value] = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line)!;
      return {
        name: name!,
        labels: Object.fromEntries([...labels.matchAll(/(\w+)="([^"]*)"/g)].map(([, key, val]) => [key!, val!])),
        value: Number(value),
      };
    });
}

/** The value of the one sample named so whose labels include `labels`; undefined when there is none. */
function valueOf(all: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const found = all.filter((s) => s.name === name && Object.entries(labels).every(([key, val]) => s.labels[key] === val));
  expect(found.length, `${name} ${JSON.stringify(labels)}`).toBeLessThanOrEqual(1);
  return found[0]?.value;
}

async function scrape(url: string): Promise<Sample[]> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return samples(await response.text());
}

describe('/metrics with BUGDAY_METRICS=1', () => {
  it('counts commands by name and outcome, connections by role, and times acks, broadcasts and fsyncs', async () => {
    const metrics = createMetrics();
    const store = new LowdbStore(join(dir, 'bugday.json'), { onJournalSync: metrics.journalSynced });
    server = await startServer({ store, metrics }, { serveMetrics: true });
    const lurker = await connect(server.url);
    const ana = await connect(server.url, 'ana');
    const bo = await connect(server.url, 'bo');

    expect(await ana.send('issue:create', { title: 'Crash on start' })).toMatchObject({ ok: true });
    await bo.untilEvent('issue.created');
    const [issueId] = server.app.board.state.issueOrder;
    expect(await ana.send('issue:claim', { issueId })).toMatchObject({ ok: true });
    expect(await bo.send('issue:claim', { issueId })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await bo.send('issue:claim', { issueId: 42 })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    for (const name of ['issue:explode', 'no-such-command']) {
      expect(await bo.send(name, {})).toMatchObject({ ok: false, error: { code: 'unknown_command' } });
    }
    await lurker.untilEvent('issue.claimed');
    await lurker.until(() => lurker.presenceChanges.length > 0, 'a presence broadcast');

    const all = await scrape(`${server.url}/metrics`);
    const commands = (labels: Record<string, string>) => valueOf(all, 'bugday_commands_total', labels);
    expect(commands({ command: 'session:join', outcome: 'ok' })).toBe(2);
    expect(commands({ command: 'issue:create', outcome: 'ok' })).toBe(1);
    expect(commands({ command: 'issue:claim', outcome: 'ok' })).toBe(1);
    expect(commands({ command: 'issue:claim', outcome: 'conflict' })).toBe(1);
    expect(commands({ command: 'issue:claim', outcome: 'invalid_payload' })).toBe(1);
    expect(commands({ command: 'unknown', outcome: 'unknown_command' })).toBe(2);
    // A name a client made up never becomes a label value.
    const commandNames = all.filter((s) => s.name === 'bugday_commands_total').map((s) => s.labels.command);
    expect(commandNames).not.toContain('issue:explode');
    expect(commandNames).not.toContain('no-such-command');

    const connections = (role: string) => valueOf(all, 'bugday_connections', { role });
    expect([connections('lurker'), connections('participant'), connections('mentor'), connections('organizer')]).toEqual([1, 2, 0, 0]);

    expect(valueOf(all, 'bugday_command_ack_seconds_count')).toBe(8);
    expect(valueOf(all, 'bugday_broadcast_seconds_count', {})).toBeGreaterThan(0);
    // Two joins, the create and the claim were stored, each with one fsync; so was the first start's secrets.
    expect(valueOf(all, 'bugday_journal_fsync_seconds_count')).toBe(5);
    expect(valueOf(all, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(valueOf(all, 'process_cpu_seconds_total')).toBeGreaterThan(0);
  });

  it('counts the connections open at the scrape: a page that left is not counted, an organizer is', async () => {
    const metrics = createMetrics();
    server = await startServer({ metrics, organizerKey: 'metrics-organizer-key' }, { serveMetrics: true });
    const ana = await connect(server.url, 'ana');
    const lurker = await connect(server.url);
    const olga = await connect(server.url);
    expect(await olga.send('session:join', { nick: 'olga', key: 'metrics-organizer-key' })).toMatchObject({ ok: true });
    lurker.close();
    // Olga is online and nobody lurks only once the lurker's page has closed.
    const settled = () => ana.presences.at(-1)?.lurkers === 0 && ana.presences.at(-1)!.online.some((entry) => entry.nick === 'olga');
    await ana.until(settled, 'the lurker gone and olga joined');

    const connections = (all: Sample[], role: string) => valueOf(all, 'bugday_connections', { role });
    const all = await scrape(`${server.url}/metrics`);
    expect([connections(all, 'lurker'), connections(all, 'participant'), connections(all, 'organizer')]).toEqual([0, 1, 1]);
  });
});

describe('/metrics is off unless asked for', () => {
  it('is a 404 on the main port when off, even beside the page that answers every other path', async () => {
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>bugday</title><body></body>');
    server = await startServer({}, { clientDir: dir });
    expect((await fetch(`${server.url}/board`)).status).toBe(200);
    expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
  });

  it('is a 404 on the main port when metrics are kept for a port of their own', async () => {
    server = await startServer({ metrics: createMetrics() });
    expect((await fetch(`${server.url}/metrics`)).status).toBe(404);
  });
});

describe('BUGDAY_METRICS_PORT', () => {
  it('serves /metrics on its own listener, named in the start line, and not on the main port', async () => {
    child = await startChild(join(dir, 'bugday.json'), { BUGDAY_METRICS_PORT: '0' });
    const up = child
      .output()
      .split('\n')
      .map((line) => (line.startsWith('{') ? (JSON.parse(line) as { msg: string; metrics?: string }) : undefined))
      .find((record) => record?.msg.startsWith('bugday is up'));
    expect(up?.metrics).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    await connect(child.url, 'ana');

    const all = await scrape(up!.metrics!);
    expect(valueOf(all, 'bugday_commands_total', { command: 'session:join', outcome: 'ok' })).toBe(1);
    expect(valueOf(all, 'bugday_connections', { role: 'participant' })).toBe(1);
    expect((await fetch(`${child.url}/metrics`)).status).toBe(404);
    expect((await fetch(up!.metrics!.replace('/metrics', '/'))).status).toBe(404);
  });
});
