import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Foreground } from './foreground.ts';
import { freePort } from './free-port.ts';

export const REDIS_SERVER = '/usr/bin/redis-server';
const REDIS_CLI = '/usr/bin/redis-cli';

export interface RunningRedis {
  port: number;
  url: string;
  /** Runs one command with redis-cli, apart from the code under test, and gives its raw output. */
  cli(...args: string[]): Promise<string>;
  /** Ends redis-server with `signal` and waits until it has gone. SIGTERM lets it finish its append-only file; SIGKILL does not. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Sends `signal` and does not wait: SIGSTOP freezes it as a hung server, SIGCONT lets it go on. */
  signal(signal: NodeJS.Signals): void;
  /** Starts it again on the same port and folder, so it reads back what it had. */
  start(): Promise<void>;
  /** Ends it for good and removes its folder. */
  close(): Promise<void>;
}

/**
 * Debian's redis-server in the foreground on a free port, never the system
 * one on 6379, with its append-only file in a folder of its own. Durable as
 * bugday needs (appendonly yes, appendfsync always) unless `lines` (more
 * redis.conf lines) say otherwise: a later line wins.
 */
export async function startRedis(lines: string[] = []): Promise<RunningRedis> {
  if (!existsSync(REDIS_SERVER)) {
    throw new Error(`redis-server is not installed at ${REDIS_SERVER}: install redis-server (\`apt-get install redis-server\`; this test never skips).`);
  }
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'bugday-redis-'));
  const configFile = join(dir, 'redis.conf');
  writeFileSync(configFile, [...config(port, dir), ...lines, ''].join('\n'));
  const server = new Foreground('redis-server', REDIS_SERVER, [configFile], (log) => log.includes('Ready to accept connections'));
  const start = () => server.start();
  const stop = (signal: NodeJS.Signals = 'SIGTERM') => server.stop(signal);
  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async cli(...args) {
      const { stdout } = await promisify(execFile)(REDIS_CLI, ['-p', String(port), ...args]);
      return stdout;
    },
    stop,
    signal: (signal) => server.signal(signal),
    start,
    async close() {
      await stop('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const config = (port: number, dir: string) => [
  `port ${port}`,
  'bind 127.0.0.1',
  `dir ${dir}`,
  'daemonize no',
  'logfile ""',
  'save ""',
  'appendonly yes',
  'appendfsync always',
];
