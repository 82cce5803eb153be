import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { LowdbStore } from '../../server/store/lowdb.ts';
import { runChildExpectingExit } from './helpers/child-server.ts';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bugday-startup-'));
  file = join(dir, 'bugday.json');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Every file in the data directory with its bytes, to show that nothing was touched. */
async function contents() {
  const names = (await readdir(dir)).sort();
  return Promise.all(names.map(async (name) => [name, await readFile(join(dir, name))] as const));
}

async function storeWithChats(count: number, options: ConstructorParameters<typeof LowdbStore>[1] = {}) {
  const store = new LowdbStore(file, options);
  await store.load();
  for (let seq = 1; seq <= count; seq += 1) {
    await store.append({
      events: [{ type: 'chat.sent', text: `message ${seq}`, seq, at: seq, actor: 'p1' }],
      sessions: [],
      commands: [],
    });
  }
  await store.close();
}

it('stops with a message naming a snapshot that does not parse, and the .bak to recover from, touching nothing', async () => {
  await storeWithChats(40, { compactAfterBytes: 500 });
  await writeFile(file, '{"events": [{"type": "chat.sent", "seq": 1');
  const before = await contents();

  const exit = await runChildExpectingExit(file);
  expect(exit.code).not.toBe(0);
  expect(exit.output).toContain(`cannot read the bugday data file ${file}`);
  expect(exit.output).toContain(`${file}.bak`);
  expect(await contents()).toEqual(before);
});

it('stops with a message naming a journal with a damaged line, touching nothing', async () => {
  await storeWithChats(3);
  const journal = `${file}.journal.1`;
  const lines = (await readFile(journal, 'utf8')).split('\n');
  lines[1] = 'not json';
  await writeFile(journal, lines.join('\n'));
  const before = await contents();

  const exit = await runChildExpectingExit(file);
  expect(exit.code).not.toBe(0);
  expect(exit.output).toContain(`cannot read the bugday data file ${journal}: line 2`);
  expect(await contents()).toEqual(before);
});

it('stops on a data file that is JSON but not a bugday log, touching nothing', async () => {
  await writeFile(file, '{"users": []}');
  const exit = await runChildExpectingExit(file);
  expect(exit.code).not.toBe(0);
  expect(exit.output).toContain(file);
  expect(await contents()).toEqual([['bugday.json', Buffer.from('{"users": []}')]]);
});
