import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from '@redis/client';
import { RedisUnusableError, shownUrl } from '../store/redis-log.ts';

const MAX_BACKOFF_MS = 2_000;

/** Socket.IO's Redis Streams adapter, and how to let go of its connection. */
export interface NodesAdapter {
  adapter: ReturnType<typeof createAdapter>;
  close(): Promise<void>;
}

/**
 * What crosses nodes besides the event log (presence summaries, for now)
 * goes through Socket.IO's own Redis Streams adapter. Version 0.3 takes
 * node-redis 5 as it takes 4 (it reads with XREAD on duplicated clients of
 * its own, not with v4's isolated commands), so it shares the client
 * library of the log, with a connection of its own: unlike the log's, it
 * keeps the client's offline queue, so while Redis is away the adapter's
 * read loop waits for it instead of spinning on refusals.
 */
export async function connectNodes(url: string): Promise<NodesAdapter> {
  const client = createClient({
    url,
    socket: { reconnectStrategy: (retries) => Math.min(50 * 2 ** retries, MAX_BACKOFF_MS) + Math.random() * 100 },
  });
  // The log's client tells each outage once; this one would tell the same outage again.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    throw new RedisUnusableError(`cannot reach Redis at ${shownUrl(url)} for the Socket.IO adapter: ${(error as Error).message}`);
  }
  // The adapter (0.3.1) drops the promise of each PUB/SUB message it sends (heartbeats, a node's goodbye):
  // one refused while this client closes would be an unhandled rejection, which ends the process.
  // A lost heartbeat is made good by the next.
  const publish = client.publish.bind(client);
  Object.defineProperty(client, 'publish', { value: (...args: Parameters<typeof publish>) => publish(...args).catch(() => 0) });
  const adapter = createAdapter(client, { streamName: 'bugday:socket.io', channelPrefix: 'bugday:socket.io' });
  // close, not destroy: what the adapter sent last (this node saying it has gone) is still delivered.
  return { adapter, close: () => client.close() };
}
