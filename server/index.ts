import { fileURLToPath } from 'node:url';
import { createApp } from './app.ts';
import { ConfigError, readConfig } from './config.ts';
import { LowdbStore } from './store/lowdb.ts';
import { StoreUnreadableError } from './store/store.ts';

const clientDir = fileURLToPath(new URL('../dist/client', import.meta.url));

async function main() {
  const config = readConfig(process.argv.slice(2), process.env);
  const store = new LowdbStore(config.dataFile, config.compactAfterBytes ? { compactAfterBytes: config.compactAfterBytes } : {});
  const app = await createApp(
    { store, ...(config.organizerKey ? { organizerKey: config.organizerKey } : {}) },
    {
      clientDir,
      origins: config.origins,
      trustProxy: config.trustProxy,
      ...(config.maxConnectionsPerAddress ? { maxConnectionsPerAddress: config.maxConnectionsPerAddress } : {}),
    },
  );

  await new Promise<void>((resolve, reject) => {
    app.httpServer.once('error', reject);
    app.httpServer.listen(config.port, config.host, resolve);
  });
  // Ready for signals before saying so: whoever reads the line may signal at once.
  let stopping = false;
  // Clients are disconnected first, so no command starts after the signal;
  // the ones already queued are written before the store closes. Their
  // senders reconnect to the next server and retry, and the commandId they
  // retry with is answered from the store instead of acting twice.
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`bugday: ${signal} received, finishing writes and closing`);
    try {
      await app.close();
    } catch (error) {
      console.error('bugday: could not close cleanly; acknowledged events are on disk', error);
      process.exit(1);
    }
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  const address = app.httpServer.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host ?? 'localhost'}:${port}/`;
  if (app.newOrganizerKey) {
    // Shown this once, like a notebook server's token: only its hash is kept.
    console.log(`bugday: organizer key created. Open this to organize (it is shown only now):\n  ${url}#organizer-key=${app.newOrganizerKey}`);
  }
  console.log(`bugday is up: ${url} (data: ${config.dataFile})`);
}

main().catch((error: unknown) => {
  if (error instanceof StoreUnreadableError) {
    console.error(`bugday did not start: ${error.message}.`);
    console.error(`The file was left untouched. ${error.recovery ?? 'Repair it or move it aside, then start again.'}`);
  } else if (error instanceof ConfigError) {
    console.error(error.message);
  } else if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    console.error(`bugday did not start: the port is already in use. Set PORT to another one.`);
  } else {
    console.error('bugday did not start:', error);
  }
  process.exit(1);
});
