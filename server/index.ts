import { fileURLToPath } from 'node:url';
import { createApp } from './app.ts';
import { ConfigError, readConfig } from './config.ts';
import { LowdbStore } from './store/lowdb.ts';
import { StoreUnreadableError } from './store/store.ts';

const clientDir = fileURLToPath(new URL('../dist/client', import.meta.url));

async function main() {
  const config = readConfig(process.argv.slice(2), process.env);
  const app = await createApp({ store: new LowdbStore(config.dataFile) }, { clientDir });

  await new Promise<void>((resolve, reject) => {
    app.httpServer.once('error', reject);
    app.httpServer.listen(config.port, config.host, resolve);
  });
  const address = app.httpServer.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  console.log(`bugday is up: http://${config.host ?? 'localhost'}:${port}/ (data: ${config.dataFile})`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`bugday: ${signal} received, finishing writes and closing`);
    await app.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  if (error instanceof StoreUnreadableError) {
    console.error(`bugday did not start: ${error.message}.`);
    console.error('The file was left untouched. Repair it or move it aside (BUGDAY_DATA picks another file), then start again.');
  } else if (error instanceof ConfigError) {
    console.error(error.message);
  } else if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    console.error(`bugday did not start: the port is already in use. Set PORT to another one.`);
  } else {
    console.error('bugday did not start:', error);
  }
  process.exit(1);
});
