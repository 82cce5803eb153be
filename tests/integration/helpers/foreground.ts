import { spawn, type ChildProcess } from 'node:child_process';

/**
 * A real server a test runs in the foreground (ngircd, redis-server): started,
 * and started again, until its log says it is ready; stopped with a signal and
 * waited for until it has gone.
 */
export class Foreground {
  #child: ChildProcess | undefined;
  #exited: Promise<void> = Promise.resolve();

  /** `ready` reads everything the server has written so far, stdout and stderr together. */
  constructor(
    readonly name: string,
    readonly command: string,
    readonly args: string[],
    readonly ready: (log: string) => boolean,
  ) {}

  async start(): Promise<void> {
    const running = spawn(this.command, this.args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.#child = running;
    this.#exited = new Promise((resolve) => running.once('close', () => resolve()));
    let log = '';
    await new Promise<void>((resolve, reject) => {
      const read = (chunk: Buffer) => {
        log += chunk.toString();
        if (this.ready(log)) resolve();
      };
      running.stdout!.on('data', read);
      running.stderr!.on('data', read);
      running.once('error', reject);
      void this.#exited.then(() => reject(new Error(`${this.name} exited before it was up:\n${log}`)));
    });
  }

  /** Sends `signal` and waits until the server has gone. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    this.#child?.kill(signal);
    await this.#exited;
    this.#child = undefined;
  }

  /** Sends `signal` and does not wait (SIGSTOP, SIGCONT). */
  signal(signal: NodeJS.Signals) {
    this.#child?.kill(signal);
  }
}
