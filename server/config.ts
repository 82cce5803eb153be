import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { LevelWithSilent } from 'pino';
import { LOG_LEVELS } from './log.ts';
import { ircConfig, IrcConfigError, type IrcConfig } from './irc/irc-config.ts';
import { shownUrl } from './store/redis-log.ts';
import { trustRule, type TrustProxy } from './transport/client-address.ts';

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
  /** The proxies in front whose X-Forwarded-For is believed; none when unset. */
  trustProxy: TrustProxy | undefined;
  /** Where GitHub imports read from; GitHub's own API when unset. */
  githubApiUrl: string | undefined;
  /** The IRC channel to bridge; none when unset. */
  irc: IrcConfig | undefined;
  /** The page's address as people reach it, for links said outside it (in IRC); http://localhost:PORT/ when unset. */
  publicUrl: string | undefined;
  /** Where the event log lives instead of the data file, for several nodes; the data file when unset. */
  redis: RedisConfig | undefined;
}

export interface RedisConfig {
  url: string;
  /** Start on a Redis whose persistence can lose acknowledged events. */
  allowVolatile: boolean;
}

const USAGE = `usage: npm start -- [--port N] [--host ADDRESS] [--data FILE]
  environment: PORT (3000), HOST (all interfaces), BUGDAY_DATA (./data/bugday.json),
  BUGDAY_ORGANIZER_KEY, BUGDAY_ORIGINS (comma-separated), BUGDAY_MAX_CONNECTIONS_PER_ADDRESS (200),
  BUGDAY_COMPACT_AFTER_BYTES (4194304), BUGDAY_METRICS (0; 1 serves /metrics on PORT),
  BUGDAY_METRICS_PORT (serves /metrics there instead), BUGDAY_METRICS_HOST (127.0.0.1),
  BUGDAY_LOG_LEVEL (info; ${LOG_LEVELS.join(', ')}),
  BUGDAY_TRUST_PROXY (a number of proxies, or their addresses: loopback, 10.0.0.0/8, …),
  BUGDAY_GITHUB_API_URL (https://api.github.com; GitHub Enterprise: https://HOST/api/v3),
  BUGDAY_PUBLIC_URL (the page's address for links in IRC: https://bugday.example.org/),
  BUGDAY_IRC (bridge one channel: ircs://irc.libera.chat:6697/#channel), BUGDAY_IRC_NICK (bugday),
  BUGDAY_IRC_PASSWORD (the server's), BUGDAY_IRC_SASL_USER and BUGDAY_IRC_SASL_PASSWORD,
  BUGDAY_REDIS_URL (the event log in Redis instead of BUGDAY_DATA: redis://host:6379),
  BUGDAY_REDIS_ALLOW_VOLATILE (0; 1 starts on a Redis without appendonly yes and appendfsync always)`;

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
  const origins = commaList(env.BUGDAY_ORIGINS);
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
    dataFile: dataFileFrom(values.data, env),
    organizerKey: env.BUGDAY_ORGANIZER_KEY || undefined,
    origins,
    maxConnectionsPerAddress: optionalWhole('BUGDAY_MAX_CONNECTIONS_PER_ADDRESS', env.BUGDAY_MAX_CONNECTIONS_PER_ADDRESS),
    compactAfterBytes: optionalWhole('BUGDAY_COMPACT_AFTER_BYTES', env.BUGDAY_COMPACT_AFTER_BYTES),
    metrics: metricsPlace(env, port),
    logLevel: logLevel as LevelWithSilent,
    trustProxy: trustProxy(env.BUGDAY_TRUST_PROXY),
    githubApiUrl: githubApiUrl(env.BUGDAY_GITHUB_API_URL),
    irc: ircOrExplain(env),
    publicUrl: publicUrl(env.BUGDAY_PUBLIC_URL),
    redis: redisConfig(env),
  };
}

function redisConfig(env: NodeJS.ProcessEnv): RedisConfig | undefined {
  const volatile = env.BUGDAY_REDIS_ALLOW_VOLATILE || '0';
  if (volatile !== '0' && volatile !== '1') {
    throw new ConfigError(`BUGDAY_REDIS_ALLOW_VOLATILE must be 1 (start on a Redis that can lose acknowledged events) or 0, not "${volatile}".`);
  }
  const url = env.BUGDAY_REDIS_URL;
  if (!url) {
    if (volatile === '1') throw new ConfigError('BUGDAY_REDIS_ALLOW_VOLATILE is set without BUGDAY_REDIS_URL, the Redis it is for.');
    return undefined;
  }
  const protocol = URL.canParse(url) ? new URL(url).protocol : '';
  if (protocol !== 'redis:' && protocol !== 'rediss:') {
    throw new ConfigError(`BUGDAY_REDIS_URL must be a redis:// or rediss:// (TLS) address like redis://127.0.0.1:6379, not "${shownUrl(url)}".`);
  }
  return { url, allowVolatile: volatile === '1' };
}

function ircOrExplain(env: NodeJS.ProcessEnv): IrcConfig | undefined {
  try {
    return ircConfig(env);
  } catch (error) {
    throw error instanceof IrcConfigError ? new ConfigError(error.message) : error;
  }
}

function publicUrl(text: string | undefined): string | undefined {
  if (!text) return undefined;
  if (!URL.canParse(text) || !/^https?:$/.test(new URL(text).protocol)) {
    throw new ConfigError(`BUGDAY_PUBLIC_URL must be the page's http:// or https:// address like https://bugday.example.org/, not "${text}".`);
  }
  return new URL(text).href;
}

/** Without its trailing slash, so paths can be put after it. */
function githubApiUrl(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const protocol = URL.canParse(text) ? new URL(text).protocol : '';
  if (protocol !== 'https:' && protocol !== 'http:') {
    throw new ConfigError(`BUGDAY_GITHUB_API_URL must be an http:// or https:// address like https://api.github.com, not "${text}".`);
  }
  return text.replace(/\/+$/, '');
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

/**
 * Express's `trust proxy` values, less `true`: believing every hop would let
 * any client name itself in X-Forwarded-For and so dodge the per-address limits.
 */
function trustProxy(text: string | undefined): TrustProxy | undefined {
  const entries = commaList(text);
  if (entries.length === 0) return undefined;
  if (entries.length === 1 && /^\d+$/.test(entries[0]!)) return whole('BUGDAY_TRUST_PROXY', entries[0]!, 0, 100);
  for (const entry of entries) {
    if (!isProxyAddress(entry)) {
      throw new ConfigError(
        `BUGDAY_TRUST_PROXY holds "${entry}", which is not a number of proxies, an address, a range like 10.0.0.0/8, ` +
          `or one of loopback, linklocal, uniquelocal.`,
      );
    }
  }
  return entries;
}

const RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** Written out in full: proxy-addr alone would also take "1" as 0.0.0.1. */
function isProxyAddress(entry: string): boolean {
  if (RANGE_NAMES.has(entry)) return true;
  if (isIP(entry.split('/')[0]!) === 0) return false;
  try {
    trustRule([entry]);
    return true;
  } catch {
    return false;
  }
}

/** `--data`, else BUGDAY_DATA, else ./data/bugday.json, from the working directory: for the server and its backups alike. */
export const dataFileFrom = (flag: string | undefined, env: NodeJS.ProcessEnv) => resolve(flag ?? (env.BUGDAY_DATA || './data/bugday.json'));

function whole(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, not "${text}".\n${USAGE}`);
  }
  return value;
}

const commaList = (text: string | undefined) => (text ?? '').split(',').map((entry) => entry.trim()).filter(Boolean);

const optionalWhole = (name: string, text: string | undefined) =>
  text === undefined || text === '' ? undefined : whole(name, text, 1, Number.MAX_SAFE_INTEGER);

export class ConfigError extends Error {}
