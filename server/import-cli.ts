/**
 * `npm run import -- SOURCE …`: brings issues into a running bugday from a
 * script, as an organizer, over the same socket the page uses. Each source is
 * a subcommand; they share how to reach the server and join.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { resolve } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { readExport, restore, RestoreError } from './import/restore.ts';
import { LowdbStore } from './store/lowdb.ts';
import type { ClientToServerEvents, GithubImport, ImportCounts, ImportProgress, ServerToClientEvents } from '../shared/protocol.ts';

type BugdaySocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const USAGE = `usage: npm run import -- SOURCE ARGS… --server URL --key KEY
  --server URL   the running bugday, like http://localhost:3000
  --key KEY      the organizer key (or set BUGDAY_ORGANIZER_KEY)
  --nick NICK    the nick to join as (importer; importer-2 and on when it is taken)

  github OWNER/NAME [--label L]… [--milestone M] [--state open|all] [--token T]
      the repository's issues: only those with every --label, in milestone M (a title or a number);
      --state all also marks the cards of closed issues closed upstream. The token (or GITHUB_TOKEN,
      which keeps it out of the process list) goes to the server for GitHub's requests only.

  json EXPORT.json --data FILE
      restores an event from its /export/event.json into FILE, a data file that holds no events yet
      (the server is not running on it); start bugday on FILE afterwards. No --server or --key.`;

class UsageError extends Error {}
class HelpAsked extends Error {}
/** The server or GitHub said no: the message is theirs, for the person running the script. */
class Refused extends Error {}

const SERVER_OPTIONS = {
  server: { type: 'string' },
  key: { type: 'string' },
  nick: { type: 'string' },
  help: { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

interface ServerArgs {
  server?: string | undefined;
  key?: string | undefined;
  nick?: string | undefined;
}

const subcommands: Record<string, (args: string[]) => Promise<void>> = {
  async json(args) {
    const { values, positionals } = parse(() => parseArgs({ args, options: { data: { type: 'string' }, help: { type: 'boolean' } }, allowPositionals: true }));
    if (positionals.length !== 1) throw new UsageError('json takes one export file, like bugday-event.json.');
    if (!values.data) throw new UsageError('json needs --data FILE, the data file to restore into.');
    const store = new LowdbStore(resolve(values.data));
    try {
      const restored = await restore(await readExport(positionals[0]!), store);
      console.log(`bugday: restored ${restored} events into ${values.data}.`);
    } catch (error) {
      throw error instanceof RestoreError ? new Refused(error.message) : error;
    } finally {
      await store.close();
    }
  },

  async github(args) {
    const { values, positionals } = parse(() =>
      parseArgs({
        args,
        options: {
          ...SERVER_OPTIONS,
          label: { type: 'string', multiple: true },
          milestone: { type: 'string' },
          state: { type: 'string' },
          token: { type: 'string' },
        },
        allowPositionals: true,
      }),
    );
    if (positionals.length !== 1) throw new UsageError('github takes one repository, like python/cpython.');
    const { state } = values;
    if (state !== undefined && state !== 'open' && state !== 'all') throw new UsageError('--state is open or all.');
    const token = values.token || process.env.GITHUB_TOKEN || undefined;
    const request: GithubImport = {
      repo: positionals[0]!,
      ...(values.label ? { labels: values.label } : {}),
      ...(values.milestone ? { milestone: values.milestone } : {}),
      ...(state ? { state } : {}),
      ...(token ? { token } : {}),
    };
    const socket = await joinAsOrganizer(values);
    try {
      socket.on('import:progress', showProgress);
      const answer = await untilAnswered(socket, socket.emitWithAck('import:github', request));
      endProgress();
      if (!answer.ok) throw new Refused(answer.error.message);
      console.log(`bugday: imported from github.com/${request.repo}: ${describe(answer.data)}.`);
    } finally {
      socket.close();
    }
  },
};

/** A mistyped option, or --help, is answered with the usage. */
function parse<T extends { values: { help?: boolean | undefined } }>(read: () => T): T {
  let parsed: T;
  try {
    parsed = read();
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (parsed.values.help) throw new HelpAsked();
  return parsed;
}

/** Connects and joins with the organizer key; a nick taken by an earlier run gets a number. */
async function joinAsOrganizer({ server, key = process.env.BUGDAY_ORGANIZER_KEY, nick }: ServerArgs): Promise<BugdaySocket> {
  if (!server || !URL.canParse(server)) throw new UsageError('--server names the running bugday, like http://localhost:3000.');
  if (!key) throw new UsageError('--key (or BUGDAY_ORGANIZER_KEY) is the organizer key.');
  const socket: BugdaySocket = io(server, { transports: ['websocket'], reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', (error: Error & { description?: { message?: string } }) => {
      socket.close();
      // A transport's error carries the network's reason (ECONNREFUSED, ENOTFOUND) beneath its own.
      reject(new Refused(`Could not connect to ${server} (${error.description?.message ?? error.message}).`));
    });
  });
  const nicks = nick ? [nick] : ['importer', ...Array.from({ length: 19 }, (_, i) => `importer-${i + 2}`)];
  for (const candidate of nicks) {
    const answer = await untilAnswered(socket, socket.emitWithAck('session:join', { nick: candidate, key }));
    if (answer.ok) return socket;
    if (answer.error.code !== 'nick_taken' || candidate === nicks.at(-1)) {
      socket.close();
      throw new Refused(answer.error.message);
    }
  }
  throw new Error('unreachable: the last nick either joined or threw');
}

/** The answer, unless the connection drops first (an answer can then never come). */
function untilAnswered<T>(socket: BugdaySocket, answer: Promise<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    const lost = (reason: string) => reject(new Refused(`Lost the connection to bugday (${reason}); importing again is safe.`));
    socket.once('disconnect', lost);
    answer.then(resolve, reject).finally(() => socket.off('disconnect', lost));
  });
}

const onTerminal = process.stderr.isTTY;

/** On a terminal one line that updates; in a log one line per step. */
function showProgress({ done, total }: ImportProgress) {
  const line = `bugday: ${done}${total === undefined ? '' : ` of at most ${total}`} issues read`;
  process.stderr.write(onTerminal ? `\r${line}\x1b[K` : `${line}\n`);
}

function endProgress() {
  if (onTerminal) process.stderr.write('\n');
}

const describe = ({ added, updated, closed, unchanged, skipped }: ImportCounts) =>
  `${added} added, ${updated} updated, ${closed} closed upstream, ${unchanged} unchanged, ${skipped} skipped`;

async function main() {
  const [name, ...args] = process.argv.slice(2);
  const run = name !== undefined && Object.hasOwn(subcommands, name) ? subcommands[name] : undefined;
  if (name === '--help') throw new HelpAsked();
  if (!run) throw new UsageError(name === undefined ? '' : `bugday cannot import from "${name}".`);
  await run(args);
}

main().catch((error: unknown) => {
  if (error instanceof HelpAsked) return console.log(USAGE);
  if (error instanceof UsageError) console.error(error.message ? `bugday import: ${error.message}\n${USAGE}` : USAGE);
  else if (error instanceof Refused) console.error(`bugday import: ${error.message}`);
  else console.error('bugday import failed:', error);
  process.exitCode = error instanceof UsageError ? 2 : 1;
});
