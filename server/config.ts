import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

export interface Config {
  port: number;
  host: string | undefined;
  dataFile: string;
}

const USAGE = `usage: npm start -- [--port N] [--host ADDRESS] [--data FILE]
  environment: PORT (3000), HOST (all interfaces), BUGDAY_DATA (./data/bugday.json)`;

/** Flags win over the environment, which wins over the defaults. */
export function readConfig(argv: string[], env: NodeJS.ProcessEnv): Config {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      data: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) throw new ConfigError(USAGE);
  const portText = values.port ?? env.PORT ?? '3000';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new ConfigError(`PORT must be a number from 0 to 65535, not "${portText}".\n${USAGE}`);
  }
  return {
    port,
    host: values.host ?? (env.HOST || undefined),
    dataFile: resolve(values.data ?? (env.BUGDAY_DATA || './data/bugday.json')),
  };
}

export class ConfigError extends Error {}
