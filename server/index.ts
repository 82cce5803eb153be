import type { Server } from 'node:http';
import { fileURLToPath } from 'node:url';
import { PROTOCOL_VERSION } from '../shared/protocol.ts';
import { createApp } from './app.ts';
import { ConfigError, readConfig, type Config } from './config.ts';
import { createLogger } from './log.ts';
import { metricsListener, NO_METRICS, type Metrics } from './metrics.ts';
import { LowdbStore } from './store/lowdb.ts';
import { RedisUnusableError, shownUrl } from './store/redis-log.ts';
import { StoreUnreadableError, type Store } from './store/store.ts';

const clientDir = fileURLToPath(new URL('../dist/client', import.meta.url));

/** A mistyped setting is told to the person who typed it, plainly: there is no log yet to put it in. */
function configOrExit(): Config {
  try {
    return readConfig(process.argv.slice(2), process.env);
  } catch (error) {
    console.error(error instanceof ConfigError ? error.message : String(error));
    process.exit(1);
  }
}

const config = configOrExit();
const log = createLogger(config.logLevel);

// Prometheus, Redis and the Socket.IO adapter for it are loaded only when they are set up: a
// server without them starts without reading their packages.
async function main() {
  const metrics = config.metrics === 'off' ? NO_METRICS : (await import('./prometheus.ts')).createMetrics();
  // Before the store is opened: a metrics port in use must stop the first start before it makes
  // an organizer key that would then never be shown.
  const metricsUrl = await listenForMetrics(config.metrics, metrics);
  const store = await openStore(metrics);
  const nodes = config.redis ? await (await import('./transport/redis-adapter.ts')).connectNodes(config.redis.url) : undefined;
  const app = await createApp(
    { store, log, metrics, ...(nodes ? { nodes } : {}), ...(config.organizerKey ? { organizerKey: config.organizerKey } : {}) },
    {
      clientDir,
      origins: config.origins,
      trustProxy: config.trustProxy,
      ...(config.maxConnectionsPerAddress ? { maxConnectionsPerAddress: config.maxConnectionsPerAddress } : {}),
      ...(config.githubApiUrl ? { githubApiUrl: config.githubApiUrl } : {}),
      ...(config.irc ? { irc: { config: config.irc, site: config.publicUrl ?? `http://${config.host ?? 'localhost'}:${config.port}/` } } : {}),
      serveMetrics: config.metrics === 'main',
    },
  );

  const port = await listen(app.httpServer, config.port, config.host);
  // Ready for signals before saying so: whoever reads the line may signal at once.
  let stopping = false;
  // Clients are disconnected first, so no command starts after the signal;
  // the ones already queued are written before the store closes. Their
  // senders reconnect to the next server and retry, and the commandId they
  // retry with is answered from the store instead of acting twice.
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping: finishing writes, then closing');
    try {
      await app.close();
    } catch (error) {
      log.error({ signal, clean: false, err: error }, 'could not close cleanly; acknowledged events are on disk');
      process.exit(1);
    }
    log.info({ signal, clean: true }, 'bugday stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  const url = `http://${config.host ?? 'localhost'}:${port}/`;
  if (app.newOrganizerKey) {
    // Shown this once, like a notebook server's token: only its hash is kept. It is a message to
    // the person at the console, not a log record, so the key never reaches what collects the logs.
    console.log(`bugday: organizer key created. Open this to organize (it is shown only now):\n  ${url}#organizer-key=${app.newOrganizerKey}`);
    log.info('organizer key created; its link was shown once on the console');
  }
  const where = config.redis ? { redis: shownUrl(config.redis.url) } : { dataFile: config.dataFile };
  log.info(
    { url, port, ...where, protocol: PROTOCOL_VERSION, ...(metricsUrl ? { metrics: metricsUrl } : {}) },
    `bugday is up: ${url}`,
  );
}

async function openStore(metrics: Metrics): Promise<Store> {
  if (config.redis) {
    const { RedisStore } = await import('./store/redis.ts');
    return new RedisStore(config.redis.url, { allowVolatile: config.redis.allowVolatile, log });
  }
  return new LowdbStore(config.dataFile, {
    ...(config.compactAfterBytes ? { compactAfterBytes: config.compactAfterBytes } : {}),
    onJournalSync: metrics.journalSynced,
    log,
  });
}

function listen(server: Server, port: number, host: string | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

/** With a port of their own, metrics get a listener there; resolves with where to scrape them. */
async function listenForMetrics(place: Config['metrics'], metrics: Metrics): Promise<string | undefined> {
  if (typeof place !== 'object') return undefined;
  const port = await listen(metricsListener(metrics), place.port, place.host);
  return `http://${place.host}:${port}/metrics`;
}

main().catch((error: unknown) => {
  if (error instanceof StoreUnreadableError) {
    log.fatal(
      { file: error.location },
      `bugday did not start: ${error.message}. The file was left untouched. ${error.recovery ?? 'Repair it or move it aside, then start again.'}`,
    );
  } else if (error instanceof RedisUnusableError) {
    log.fatal(`bugday did not start: ${error.message}`);
  } else if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    const { port } = error as { port?: number };
    const setting = port === config.port ? 'PORT' : 'BUGDAY_METRICS_PORT';
    log.fatal({ port }, `bugday did not start: port ${port} is already in use. Set ${setting} to another one.`);
  } else {
    log.fatal({ err: error }, 'bugday did not start');
  }
  process.exit(1);
});
