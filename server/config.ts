import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { LevelWithSilent } from 'pino';
import { LOG_LEVELS } from './log.ts';

export interface Config {
  port: number;
  host: string | undefined;
  dataFile: string;
  /** When set, the organizer key; otherwise one is made on the first start and shown once. */
  organizerKey: string | undefined;
  /** Origins besides the server's own whose pages may connect. */
  origins: string[];
  maxConnectionsPerAddress: number | undefined;
  /** How large the journal may grow before it is folded into the snapshot. */
  compactAfterBytes: number | undefined;
  /** Where /metrics is served: nowhere, on the main port, or on a listener of its own. */
  metrics: 'off' | 'main' | { port: number; host: string };
  logLevel: LevelWithSilent;
}

const USAGE = `usage: npm start -- [--port N] [--host ADDRESS] [--data FILE]
  environment: PORT (3000), HOST (all interfaces), BUGDAY_DATA (./data/bugday.json),
  BUGDAY_ORGANIZER_KEY, BUGDAY_ORIGINS (comma-separated), BUGDAY_MAX_CONNECTIONS_PER_ADDRESS (200),
  BUGDAY_COMPACT_AFTER_BYTES (4194304), BUGDAY_METRICS (0; 1 serves /metrics on PORT),
  BUGDAY_METRICS_PORT (serves /metrics there instead), BUGDAY_METRICS_HOST (127.0.0.1),
  BUGDAY_LOG_LEVEL (info; ${LOG_LEVELS.join(', ')})`;

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
  const origins = (env.BUGDAY_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean);
  for (const origin of origins) {
    if (!URL.canParse(origin) || new URL(origin).origin !== origin) {
      throw new ConfigError(`BUGDAY_ORIGINS holds "${origin}", which is not an origin like https://bugday.example.org.`);
    }
  }
  if (env.BUGDAY_ORGANIZER_KEY !== undefined && env.BUGDAY_ORGANIZER_KEY.length < 16) {
    throw new ConfigError('BUGDAY_ORGANIZER_KEY must be at least 16 characters: it is the key to the whole event.');
  }
  const port = whole('PORT', values.port ?? env.PORT ?? '3000', 0, 65_535);
  const logLevel = env.BUGDAY_LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(logLevel as LevelWithSilent)) {
    throw new ConfigError(`BUGDAY_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, not "${logLevel}".`);
  }
  return {
    port,
    host: values.host ?? (env.HOST || undefined),
    dataFile: resolve(values.data ?? (env.BUGDAY_DATA || './data/bugday.json')),
    organizerKey: env.BUGDAY_ORGANIZER_KEY || undefined,
    origins,
    maxConnectionsPerAddress: optionalWhole('BUGDAY_MAX_CONNECTIONS_PER_ADDRESS', env.BUGDAY_MAX_CONNECTIONS_PER_ADDRESS),
    compactAfterBytes: optionalWhole('BUGDAY_COMPACT_AFTER_BYTES', env.BUGDAY_COMPACT_AFTER_BYTES),
    metrics: metricsPlace(env, port),
    logLevel: logLevel as LevelWithSilent,
  };
}

/** Metrics are off unless asked for; a port of their own keeps them off the public one. */
function metricsPlace(env: NodeJS.ProcessEnv, mainPort: number): Config['metrics'] {
  const on = env.BUGDAY_METRICS || '0';
  if (on !== '0' && on !== '1') throw new ConfigError(`BUGDAY_METRICS must be 1 (serve /metrics on PORT) or 0, not "${on}".`);
  if (!env.BUGDAY_METRICS_PORT) {
    if (env.BUGDAY_METRICS_HOST) throw new ConfigError('BUGDAY_METRICS_HOST is set without BUGDAY_METRICS_PORT, the port it is for.');
    return on === '1' ? 'main' : 'off';
  }
  const port = whole('BUGDAY_METRICS_PORT', env.BUGDAY_METRICS_PORT, 0, 65_535);
  if (port !== 0 && port === mainPort) throw new ConfigError(`BUGDAY_METRICS_PORT must differ from PORT (${port}): that is the public port.`);
  return { port, host: env.BUGDAY_METRICS_HOST || '127.0.0.1' };
}

function whole(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, not "${text}".\n${USAGE}`);
  }
  return value;
}

const optionalWhole = (name: string, text: string | undefined) =>
  text === undefined || text === '' ? undefined : whole(name, text, 1, Number.MAX_SAFE_INTEGER);

export class ConfigError extends Error {}
