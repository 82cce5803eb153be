import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { backUp, BackupError } from '../../server/store/consistent-copy.ts';
import { journalGenerations } from '../../server/store/journal.ts';
import { LowdbStore } from '../../server/store/lowdb.ts';
import { readLog } from '../../server/store/read-log.ts';
import type { StoredData } from '../../server/store/store.ts';
import { TestClient } from './helpers/client.ts';
import { startServer, type RunningServer } from './helpers/server.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

const dirs: string[] = [];
const servers: RunningServer[] = [];
const clients: TestClient[] = [];

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  for (const server of servers.splice(0)) await server.stop();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bugday-backup-'));
  dirs.push(dir);
  return dir;
}

async function serveFile(file: string, compactAfterBytes?: number): Promise<RunningServer> {
  const server = await startServer({ store: new LowdbStore(file, compactAfterBytes ? { compactAfterBytes } : {}) });
  servers.push(server);
  return server;
}

const newestJournal = async (file: string) => (await journalGenerations(file)).at(-1) ?? 0;

/** The README's restore: the copy alone in a new data folder, as the data file. */
function restore(backup: string): string {
  const file = join(tempDir(), 'data', 'bugday.json');
  mkdirSync(join(file, '..'));
  copyFileSync(backup, file);
  return file;
}

/** `copy` is `original` as it stood `copy.events.length` events in, under a log id of its own. */
function expectPrefix(copy: StoredData, original: StoredData) {
  expect(copy.events).toEqual(original.events.slice(0, copy.events.length));
  const last = copy.events.length;
  expect(copy.commands).toEqual(original.commands.filter((command) => command.seq <= last));
  expect(copy.sessions).toEqual(original.sessions.slice(0, copy.sessions.length));
  const { logId, ...secrets } = copy.secrets;
  const { logId: originalLogId, ...originalSecrets } = original.secrets;
  expect(secrets).toEqual(originalSecrets);
  expect(logId).toBeTruthy();
  expect(logId).not.toBe(originalLogId);
}

describe('npm run backup', () => {
  it('copies a server that is appending and compacting, and the copy restores to that server as it stood', async () => {
    const file = join(tempDir(), 'data', 'bugday.json');
    // A small compaction threshold, so snapshots are renamed and journals removed while the backups read.
    const server = await serveFile(file, 2_048);
    const writer = await TestClient.joined(server.url, 'writer');
    clients.push(writer);

    let acked = 0;
    let writing = true;
    const writes = (async () => {
      for (let n = 1; writing; n += 1) {
        const answer = await writer.send('chat:send', { text: `line ${n}`, commandId: `line-${n}` });
        if (!answer.ok) throw new Error(answer.error.message);
        acked = (answer.data as { seq: number }).seq;
      }
    })();

    const dir = tempDir();
    const backups: Array<{ dest: string; ackedBefore: number }> = [];
    const byNpm = join(dir, 'by-npm.json');
    try {
      const firstJournal = await newestJournal(file);
      while ((await newestJournal(file)) < firstJournal + 4 && backups.length < 500) {
        const dest = join(dir, `bugday-${backups.length}.json`);
        const ackedBefore = acked;
        await backUp(file, dest);
        backups.push({ dest, ackedBefore });
      }
      expect(await newestJournal(file)).toBeGreaterThanOrEqual(firstJournal + 4);

      // And once as the README says, in a process of its own.
      const ackedBefore = acked;
      const { stdout } = await run('npm', ['run', '--silent', 'backup', '--', '--data', file, byNpm], { cwd: ROOT });
      expect(stdout).toMatch(/^bugday: backed up \d+ events from /);
      backups.push({ dest: byNpm, ackedBefore });
    } finally {
      writing = false;
      await writes;
    }
    await server.stop();
    servers.splice(servers.indexOf(server), 1);
    const original = (await readLog(file)).data;
    expect(original.events.length).toBeGreaterThan(backups.at(-1)!.ackedBefore);

    for (const backup of backups) {
      const copy = (await readLog(backup.dest)).data;
      // Everything acknowledged before the backup began is in it.
      expect(copy.events.length).toBeGreaterThanOrEqual(backup.ackedBefore);
      expectPrefix(copy, original);
    }

    const copy = (await readLog(byNpm)).data;
    const restored = await serveFile(restore(byNpm));
    expect(restored.app.board.eventsAfter(0)).toEqual(original.events.slice(0, copy.events.length));
    // The writer is still the writer, and a retry of a command in the copy is answered, not run again.
    const back = await TestClient.connect(restored.url, { token: writer.token! });
    clients.push(back);
    const retried = original.commands.find((command) => command.seq === copy.events.length) ?? original.commands[0]!;
    const seq = restored.app.board.seq;
    expect(await back.send('chat:send', { text: 'again', commandId: retried.commandId })).toEqual({ ok: true, data: { seq: retried.seq } });
    expect(restored.app.board.seq).toBe(seq);
    expect(await back.send('chat:send', { text: 'after the restore' })).toEqual({ ok: true, data: { seq: seq + 1 } });
  });

  it('never writes over a file, and says so when there is nothing to back up', async () => {
    const dir = tempDir();
    const file = join(dir, 'data', 'bugday.json');
    await serveFile(file);
    const dest = join(dir, 'taken.json');
    writeFileSync(dest, 'keep me');
    await expect(backUp(file, dest)).rejects.toThrow(new BackupError(`${dest} already exists; a backup never writes over a file. Name a new one.`));
    await expect(backUp(join(dir, 'elsewhere', 'bugday.json'), join(dir, 'new.json'))).rejects.toThrow(/there is no bugday data at/);
  });
});
