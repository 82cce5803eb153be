import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { DomainEvent } from '../../shared/protocol.ts';
import type { JournalHandle, OpenJournal } from '../../server/store/journal.ts';
import { LowdbStore } from '../../server/store/lowdb.ts';
import { TestClient } from './helpers/client.ts';
import { startServer, type RunningServer } from './helpers/server.ts';

/**
 * A disk that can fill up. Tests run as root, whom permissions do not stop,
 * so the failure is injected where the store opens its journal. A full disk
 * lands part of a write before it fails, which is the case that matters: the
 * part must not stay behind.
 */
class FlakyDisk {
  full = false;
  /** Also fail the truncate that undoes a failed write, as a dying disk might. */
  broken = false;

  readonly open: OpenJournal = async (path, flags) => {
    const handle = await open(path, flags);
    const fail = (syscall: string) => Object.assign(new Error(`ENOSPC: no space left on device, ${syscall}`), { code: 'ENOSPC' });
    const write = async (buffer: Buffer, offset: number, length: number, position: number) => {
      if (!this.full) return handle.write(buffer, offset, length, position);
      await handle.write(buffer, offset, Math.ceil(length / 2), position);
      throw fail('write');
    };
    return {
      write: write as JournalHandle['write'],
      datasync: () => (this.full ? Promise.reject(fail('fdatasync')) : handle.datasync()),
      truncate: (length) => (this.broken ? Promise.reject(fail('ftruncate')) : handle.truncate(length)),
      close: () => handle.close(),
    };
  };
}

let dir: string;
let file: string;
let disk: FlakyDisk;
let server: RunningServer | undefined;
const clients: TestClient[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bugday-full-'));
  file = join(dir, 'bugday.json');
  disk = new FlakyDisk();
});
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await server?.stop();
  server = undefined;
  await rm(dir, { recursive: true, force: true });
});

async function storedEvents(): Promise<DomainEvent[]> {
  const store = new LowdbStore(file);
  const { events } = await store.load();
  await store.close();
  return events;
}

const texts = (events: DomainEvent[]) => events.flatMap((event) => (event.type === 'chat.sent' ? [event.text] : []));

it('refuses commands with storage_unavailable while the disk is full, keeps serving reads, and resumes after', async () => {
  server = await startServer({ store: new LowdbStore(file, { openJournal: disk.open }) });
  const ana = await TestClient.joined(server.url, 'ana');
  const bob = await TestClient.joined(server.url, 'bob');
  clients.push(ana, bob);
  expect(await ana.send('chat:send', { text: 'before', commandId: 'a-1' })).toMatchObject({ ok: true });
  const seq = server.app.board.seq;

  disk.full = true;
  const refused = await ana.send('chat:send', { text: 'while full', commandId: 'a-2' });
  expect(refused).toMatchObject({ ok: false, error: { code: 'storage_unavailable' } });
  expect(await TestClient.connect(server.url).then((c) => (clients.push(c), c.join('cy')))).toMatchObject({
    ok: false,
    error: { code: 'storage_unavailable' },
  });
  expect(server.app.board.seq).toBe(seq);
  // Reads still work: a newcomer gets the board, a client can ask to sync.
  const lurker = await TestClient.connect(server.url, { lastSeq: 0 });
  clients.push(lurker);
  expect(lurker.syncs[0]!.seq).toBe(seq);
  expect(await ana.send('session:sync', { lastSeq: 0 })).toMatchObject({ ok: true, data: { seq } });

  disk.full = false;
  expect(await ana.send('chat:send', { text: 'while full', commandId: 'a-2' })).toEqual({ ok: true, data: { seq: seq + 1 } });
  await bob.until(() => bob.lastSeq === seq + 1, 'the retried chat');
  // Nothing was broadcast for the refused try: bob heard each seq once, with no gap.
  const heard = bob.events.map((event) => event.seq);
  expect(heard.every((heardSeq, index) => index === 0 || heardSeq === heard[index - 1]! + 1)).toBe(true);
  expect(texts(bob.events)).toEqual(['before', 'while full']);

  await server.stop();
  server = undefined;
  // It loads, so no half line was left between the good ones.
  expect(texts(await storedEvents())).toEqual(['before', 'while full']);
});

it('cuts a failed write off before the next one even when undoing it failed at first', async () => {
  const store = new LowdbStore(file, { openJournal: disk.open });
  await store.load();
  const chat = (seq: number) => ({
    events: [{ type: 'chat.sent' as const, text: `message ${seq}`, seq, at: seq, actor: 'p1' }],
    sessions: [],
    commands: [],
  });
  await store.append(chat(1));
  disk.full = true;
  disk.broken = true;
  await expect(store.append(chat(2))).rejects.toThrow(/ENOSPC/);
  disk.full = false;
  await expect(store.append(chat(2))).rejects.toThrow(/ftruncate/);
  disk.broken = false;
  await store.append(chat(2));
  await store.close();
  expect(texts(await storedEvents())).toEqual(['message 1', 'message 2']);
});
