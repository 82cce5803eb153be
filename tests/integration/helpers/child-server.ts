import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

export interface ChildServer {
  url: string;
  /** Everything the server printed so far, stdout and stderr together. */
  output(): string;
  /** Resolves when the process has gone, however it went. */
  exited: Promise<Exit>;
  /** Sends `signal` and waits for the process to be gone. */
  stop(signal: NodeJS.Signals): Promise<Exit>;
}

/**
 * Runs the real server the way `npm start` does, as its own process, so a
 * test can SIGKILL it mid-write (one node process: `npx tsx` would fork, and
 * the kill would miss the server). It listens on port 0 and the port is read
 * from the line it prints once it is up.
 */
function launch(dataFile: string, env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string; exited: Promise<Exit> } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts', '--port', '0', '--host', '127.0.0.1'], {
    cwd: ROOT,
    env: { ...process.env, ...env, BUGDAY_DATA: dataFile, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<Exit>((resolve) => {
    child.once('close', (code, signal) => resolve({ code, signal, output }));
  });
  return { child, output: () => output, exited };
}

export async function startChild(dataFile: string, env: NodeJS.ProcessEnv = {}): Promise<ChildServer> {
  const { child, output, exited } = launch(dataFile, env);
  const url = await new Promise<string>((resolve, reject) => {
    const look = () => {
      const match = /bugday is up: (http:\/\/[^/\s]+)\//.exec(output());
      if (match) resolve(match[1]!);
    };
    child.stdout!.on('data', look);
    void exited.then((exit) => reject(new Error(`the server exited (${exit.code ?? exit.signal}) before it was up:\n${exit.output}`)));
  });
  return {
    url,
    output,
    exited,
    stop(signal) {
      child.kill(signal);
      return exited;
    },
  };
}

/** Runs the server expecting it to refuse to start; resolves with how it exited. */
export function runChildExpectingExit(dataFile: string): Promise<Exit> {
  return launch(dataFile, {}).exited;
}
