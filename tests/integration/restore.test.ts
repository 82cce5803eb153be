/**
 * Export, then restore into a fresh data file, then start a server on it:
 * the board is the one that was exported (as anyone could see it).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stateFor } from '../../shared/domain/index.ts';
import { readExport, restore, RestoreError } from '../../server/import/restore.ts';
import { LowdbStore } from '../../server/store/lowdb.ts';
import { TestClient } from './helpers/client.ts';
import { startServer, type RunningServer } from './helpers/server.ts';

const ORGANIZER_KEY = 'correct-horse-battery-staple';
const servers: RunningServer[] = [];
const clients: TestClient[] = [];
let dir: string;

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  for (const server of servers.splice(0)) await server.stop();
  await rm(dir, { recursive: true, force: true });
});

async function send(client: TestClient, name: string, payload: object) {
  const answer = await client.send(name, payload);
  if (!answer.ok) throw new Error(`${name}: ${answer.error.message}`);
  return answer.data as { seq: number };
}

describe('restoring an export', () => {
  it('into an empty data file gives the exported board, and a second restore is refused', async () => {
    dir = await mkdtemp(join(tmpdir(), 'bugday-restore-'));
    const original = await startServer({ organizerKey: ORGANIZER_KEY });
    servers.push(original);
    const olga = await TestClient.connect(original.url);
    clients.push(olga);
    await send(olga, 'session:join', { nick: 'olga', key: ORGANIZER_KEY });
    await send(olga, 'issue:import', { issues: [{ title: 'Crash', number: 1 }, { title: 'Typo', number: 2, type: 'docs' }] });
    const [first] = original.app.board.state.issueOrder;
    await send(olga, 'issue:claim', { issueId: first });
    const removed = await send(olga, 'chat:send', { text: 'oops' });
    await send(olga, 'chat:remove', { chatSeq: removed.seq });
    await send(olga, 'chat:send', { text: 'working on #1' });
    const flag = await send(olga, 'help:raise', { note: 'stuck' });
    await send(olga, 'help:reply', { helpId: `h${flag.seq}`, text: 'private' });

    const file = join(dir, 'export.json');
    await writeFile(file, await (await fetch(`${original.url}/export/event.json`)).text());
    const data = join(dir, 'restored.json');
    const exported = await readExport(file);
    expect(await restore(exported, new LowdbStore(data))).toBe(original.app.board.seq);

    const restored = await startServer({ store: new LowdbStore(data) });
    servers.push(restored);
    expect(restored.app.board.state).toEqual(stateFor(original.app.board.state, null));
    const lurker = await TestClient.connect(restored.url);
    clients.push(lurker);
    expect(lurker.lastSeq).toBe(original.app.board.seq);

    await expect(restore(exported, new LowdbStore(join(dir, 'restored.json')))).rejects.toThrow(RestoreError);
    await writeFile(join(dir, 'other.json'), '{"hello": 1}');
    await expect(readExport(join(dir, 'other.json'))).rejects.toThrow('is not a bugday event export');
    const gap = { ...exported, events: exported.events.filter((e) => e.seq !== 3) };
    await expect(restore(gap, new LowdbStore(join(dir, 'gap.json')))).rejects.toThrow('does not fold into a board');
  });
});
