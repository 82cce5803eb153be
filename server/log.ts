import { pino, type DestinationStream, type LevelWithSilent, type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

export const LOG_LEVELS = [...Object.keys(pino.levels.values), 'silent'] as LevelWithSilent[];

/**
 * A safety net, not the rule: no call site passes a secret or someone's words.
 * Should one ever pass a payload, a handshake's auth or such a field anyway,
 * the value is replaced before the line is written.
 */
const NEVER_LOGGED = ['token', 'key', 'organizerKey', 'mentorCode', 'text', 'note', 'auth', 'payload'];

/**
 * Log records for whoever runs bugday. Both streams write synchronously, so
 * the lines about a shutdown are out before the process exits.
 */
export function createLogger(level: LevelWithSilent, destination: DestinationStream = consoleStream()): Logger {
  return pino(
    {
      name: 'bugday',
      level,
      redact: { paths: NEVER_LOGGED.flatMap((field) => [field, `*.${field}`]), censor: '[redacted]' },
    },
    destination,
  );
}

/** A person at a terminal reads lines; anything else (a pipe, a file, journald) gets one JSON object a line. */
function consoleStream(): DestinationStream {
  if (process.stdout.isTTY) return pretty({ sync: true, singleLine: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' });
  return pino.destination({ dest: 1, sync: true });
}

/** What createApp and the store log to when given no logger: tests build many apps and provoke faults on purpose. */
export const silentLogger: Logger = pino({ level: 'silent' });

/** A page turned away before it had a socket: why, and from where, never with what it sent. */
export function handshakeRefused(log: Logger, reason: string, address: string) {
  log.info({ reason, address }, 'handshake refused');
}
