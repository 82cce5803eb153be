import type { AddressInfo } from 'node:net';
import { createApp, type App, type AppDeps, type AppOptions } from '../../../server/app.ts';
import { MemoryStore } from '../../../server/store/memory.ts';

const UNLIMITED = { capacity: 1_000_000, perSecond: 1_000_000 };

export interface RunningServer {
  app: App;
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** The real app on a free port (or the given one, to restart in place). */
export async function startServer(
  deps: Partial<AppDeps> = {},
  options: AppOptions & { port?: number } = {},
): Promise<RunningServer> {
  const app = await createApp({ ...deps, store: deps.store ?? new MemoryStore() }, {
    presenceDelayMs: 10,
    // Tests send fast on purpose; the flood test sets the real limits itself.
    limits: { commands: UNLIMITED, chat: UNLIMITED, reads: UNLIMITED },
    ...options,
  });
  await new Promise<void>((resolve) => app.httpServer.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = app.httpServer.address() as AddressInfo;
  return { app, port, url: `http://127.0.0.1:${port}`, stop: () => app.close() };
}
