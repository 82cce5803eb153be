import type { AppDeps, AppOptions } from '../../../server/app.ts';
import type { DomainEvent } from '../../../shared/protocol.ts';
import { RedisStore } from '../../../server/store/redis.ts';
import { connectNodes } from '../../../server/transport/redis-adapter.ts';
import type { RunningRedis } from './redis.ts';
import { startServer, type RunningServer } from './server.ts';

/**
 * bugday nodes in this process, each with a Redis store and a Socket.IO
 * adapter of its own on one Redis, as separate processes would have, on ports of their own.
 */
export async function startNodes(redis: RunningRedis, count: number, deps: Partial<AppDeps> = {}, options: AppOptions = {}): Promise<RunningServer[]> {
  const nodes: RunningServer[] = [];
  // One after another: the first start makes the secrets the others then read.
  for (let i = 0; i < count; i += 1) nodes.push(await startNode(redis, deps, options));
  return nodes;
}

export async function startNode(redis: RunningRedis, deps: Partial<AppDeps> = {}, options: AppOptions & { port?: number } = {}): Promise<RunningServer> {
  const store = new RedisStore(redis.url, { appendTimeoutMs: 2_000 });
  return startServer({ ...deps, store, nodes: await connectNodes(redis.url) }, options);
}

/** The whole log as Redis holds it, read by a store of the test's own. */
export async function storedLog(redis: RunningRedis): Promise<DomainEvent[]> {
  const reader = new RedisStore(redis.url);
  try {
    return (await reader.load()).events;
  } finally {
    await reader.close();
  }
}
