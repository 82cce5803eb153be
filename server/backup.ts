import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { dataFileFrom } from './config.ts';
import { BackupError, backUp } from './store/consistent-copy.ts';
import { StoreUnreadableError } from './store/store.ts';

const USAGE = `usage: npm run backup -- [--data FILE] DEST
  Writes a consistent copy of bugday's data (FILE, else BUGDAY_DATA, else ./data/bugday.json) to DEST,
  a new file, while the server runs or not. To restore it, stop the server, move the data folder aside,
  copy DEST in as the data file (alone in its folder), and start the server.`;

async function main() {
  let parsed;
  try {
    parsed = parseArgs({ args: process.argv.slice(2), options: { data: { type: 'string' }, help: { type: 'boolean' } }, allowPositionals: true });
  } catch (error) {
    throw new BackupError(`${(error as Error).message}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length !== 1) throw new BackupError(USAGE);
  const source = dataFileFrom(values.data, process.env);
  const dest = resolve(positionals[0]!);
  const events = await backUp(source, dest);
  console.log(`bugday: backed up ${events} events from ${source} to ${dest}`);
}

main().catch((error: unknown) => {
  if (error instanceof BackupError) console.error(`bugday backup: ${error.message}`);
  else if (error instanceof StoreUnreadableError) console.error(`bugday backup: ${error.message}; the files were left untouched.`);
  else console.error('bugday backup failed:', error);
  process.exit(1);
});
