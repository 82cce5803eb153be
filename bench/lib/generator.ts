import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WorkerReply, WorkerRequest } from './ipc.ts';
import { ROOT, stopChild } from './spawn-server.ts';
import { withTimeout } from './stats.ts';

const WORKER = fileURLToPath(new URL('./load-worker.ts', import.meta.url));

/** The load generator: several forked node processes, each holding a share of the clients. */
export class Generator {
  readonly #workers: ChildProcess[];
  readonly #pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  #nextId = 0;

  private constructor(workers: ChildProcess[]) {
    this.#workers = workers;
    for (const worker of workers) {
      worker.on('message', (reply: WorkerReply) => {
        const waiter = this.#pending.get(reply.id);
        if (!waiter) return;
        this.#pending.delete(reply.id);
        if (reply.ok) waiter.resolve(reply.value);
        else waiter.reject(new Error(reply.error));
      });
      worker.on('exit', (code) => {
        for (const [id, waiter] of this.#pending) {
          waiter.reject(new Error(`a load worker exited (${code})`));
          this.#pending.delete(id);
        }
      });
    }
  }

  static start(count: number): Generator {
    const workers = Array.from({ length: count }, () =>
      fork(WORKER, [], {
        cwd: ROOT,
        execArgv: ['--import', 'tsx', '--max-old-space-size=4096'],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        serialization: 'advanced',
      }),
    );
    return new Generator(workers);
  }

  get size(): number {
    return this.#workers.length;
  }

  get pids(): number[] {
    return this.#workers.map((worker) => worker.pid!);
  }

  request<T>(index: number, request: WorkerRequest, timeoutMs: number): Promise<T> {
    const id = this.#nextId++;
    const answer = new Promise<unknown>((resolve, reject) => this.#pending.set(id, { resolve, reject }));
    this.#workers[index]!.send({ id, request });
    return withTimeout(answer, timeoutMs, `worker ${index} ${request.kind}`).finally(() => this.#pending.delete(id)) as Promise<T>;
  }

  /** One request per worker, made by `make(index)`, all at once. */
  all<T>(make: (index: number) => WorkerRequest, timeoutMs: number): Promise<T[]> {
    return Promise.all(this.#workers.map((_, index) => this.request<T>(index, make(index), timeoutMs)));
  }

  async stop(): Promise<void> {
    await this.all(() => ({ kind: 'close' }), 10_000).catch(() => undefined);
    await Promise.all(this.#workers.map((worker) => stopChild(worker)));
  }
}

/** Splits `total` into `parts` near-equal whole shares. */
export function split(total: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));
}
