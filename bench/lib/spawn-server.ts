import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { withTimeout } from './stats.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Asked for first; the container's hard limit may be lower, and then we take that and say so. */
const WANTED_OPEN_FILES = 65_535;

export interface RunningServer {
  name: string;
  pid: number;
  url: string;
  /** From spawn to the "is up" line on stdout. */
  startupMs: number;
  /** What `ulimit -n` was inside the server's shell. */
  openFileLimit: number;
  output(): string;
  stop(): Promise<void>;
}

export interface SpawnOptions {
  name: string;
  /** Script path relative to the repository root. */
  script: string;
  args: string[];
  /** How long to wait for the "is up" line. */
  timeoutMs?: number;
  /** Extra node flags, e.g. --cpu-prof. */
  nodeFlags?: string[];
  /** Environment beside the bench's own, e.g. BUGDAY_REDIS_URL. */
  env?: Record<string, string>;
}

/**
 * Starts a server as its own process in production mode: bash raises the
 * open-file limit (as far as the hard limit allows), prints it, then execs
 * node so that the pid we hold is the server itself (for /proc sampling and kill).
 */
export async function spawnServer(options: SpawnOptions): Promise<RunningServer> {
  // TypeScript runs through tsx; the built server (npm run build) is plain JavaScript.
  const loader = options.script.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const nodeArgs = [...(options.nodeFlags ?? []), ...loader, options.script, ...options.args].map(shellQuote).join(' ');
  const script = `ulimit -n ${WANTED_OPEN_FILES} 2>/dev/null || ulimit -n "$(ulimit -Hn)"; echo "ulimit-n=$(ulimit -n)"; exec node ${nodeArgs}`;
  const started = performance.now();
  const child = spawn('bash', ['-c', script], {
    cwd: ROOT,
    env: { ...process.env, ...options.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const up = new Promise<{ url: string; startupMs: number; limit: number }>((resolve, reject) => {
    let limit = NaN;
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.length > 100_000) output = output.slice(-50_000);
      const limitMatch = /ulimit-n=(\d+)/.exec(output);
      if (limitMatch) limit = Number(limitMatch[1]);
      const match = /is up: (http:\/\/[^\s/]+:\d+)\//.exec(output);
      if (match) resolve({ url: match[1]!.replace('localhost', '127.0.0.1'), startupMs: performance.now() - started, limit });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`${options.name} exited with ${code} before it was up:\n${output}`)));
    child.once('error', reject);
  });
  let info;
  try {
    info = await withTimeout(up, options.timeoutMs ?? 30_000, `${options.name} start-up`);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    name: options.name,
    pid: child.pid!,
    url: info.url,
    startupMs: info.startupMs,
    openFileLimit: info.limit,
    output: () => output,
    stop: () => stopChild(child),
  };
}

/** SIGTERM, then SIGKILL if it has not exited after 5 s. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  try {
    await withTimeout(exited, 5_000, 'graceful stop');
  } catch {
    child.kill('SIGKILL');
    await withTimeout(exited, 5_000, 'kill').catch(() => undefined);
  }
}

function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** BENCH_CPU_PROF=1 profiles every bugday server the bench starts (written to bench/results/prof on exit). */
const PROFILE_FLAGS = process.env.BENCH_CPU_PROF === '1' ? ['--cpu-prof', `--cpu-prof-dir=${ROOT}bench/results/prof`] : [];

export const bugdayServer = (dataFile: string): SpawnOptions => ({
  name: 'bugday',
  nodeFlags: PROFILE_FLAGS,
  // What `npm start` runs; `npm run bench` builds it first.
  script: 'dist/server.js',
  args: ['--port', '0', '--host', '127.0.0.1', '--data', dataFile],
});

/** `syncFile`: the board to send a page with nothing yet (the connect storm). */
export const baselineServer = (syncFile?: string): SpawnOptions => ({
  name: 'baseline',
  script: 'bench/baseline-server.ts',
  args: ['--port', '0', ...(syncFile ? ['--sync', syncFile] : [])],
});
