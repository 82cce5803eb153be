import type { DomainEvent } from '../../shared/protocol.ts';
import { commandKey } from '../command-ledger.ts';
import type { SecretsRecord } from '../secrets.ts';
import { emptyData, StoreUnreadableError, type Batch, type CommandRecord, type SessionRecord, type StoredData } from './store.ts';

/**
 * Where the log lives in Redis. The hash tag `{log}` puts every key in one
 * cluster slot, which a script that writes all of them needs.
 */
export const KEYS = {
  events: 'bugday:{log}:events',
  sessions: 'bugday:{log}:sessions',
  commands: 'bugday:{log}:commands',
  secrets: 'bugday:{log}:secrets',
} as const;

/**
 * Appends one batch, all or nothing: its events to the stream with ids that
 * are their seqs, and the records that go with them. The shebang makes Redis
 * refuse the whole script when it is out of memory, before its first write,
 * instead of failing at that write; Redis does not undo a script's writes
 * when a later command in it fails, so every check comes first and no write
 * after it can fail.
 *
 * KEYS: the events stream, the sessions, commands and secrets hashes.
 * ARGV: see appendArguments.
 * Answers { 'appended', after } or, when the log is not where the batch was
 * decided, { 'moved', the stream's last id } having written nothing.
 */
export const APPEND_SCRIPT = `#!lua
local after = ARGV[1]
local events, sessions, commands, secrets = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local records = ARGV[6]

local kinds = { 'stream', 'hash', 'hash', 'hash' }
for index, key in ipairs(KEYS) do
  local kind = redis.call('TYPE', key)['ok']
  if kind ~= 'none' and kind ~= kinds[index] then
    return redis.error_reply('WRONGTYPE ' .. key .. ' holds a ' .. kind .. ', which bugday did not write')
  end
end

local at = 7
if events > 0 then
  local newest = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)[1]
  local last = newest and newest[1] or '0-0'
  if last ~= after .. '-0' then return { 'moved', last } end
  local first = tonumber(after) + 1
  for offset = 0, events - 1 do
    local id = string.format('%d-0', first + offset)
    if offset == events - 1 and records ~= '' then
      redis.call('XADD', KEYS[1], id, 'event', ARGV[at], 'records', records)
    else
      redis.call('XADD', KEYS[1], id, 'event', ARGV[at])
    end
    at = at + 1
  end
end

for _ = 1, sessions do
  redis.call('HSET', KEYS[2], ARGV[at], ARGV[at + 1])
  at = at + 2
end
for _ = 1, commands do
  redis.call('HSET', KEYS[3], ARGV[at], ARGV[at + 1])
  at = at + 2
end
-- As when the lowdb journal is replayed: a batch without events (the first start's) only fills
-- gaps, so two nodes starting together on an empty Redis keep the secrets of the first.
local setSecret = events > 0 and 'HSET' or 'HSETNX'
for _ = 1, secrets do
  redis.call(setSecret, KEYS[4], ARGV[at], ARGV[at + 1])
  at = at + 2
end
return { 'appended', after }
`;

/**
 * The script's ARGV for a batch: the seq it was decided after (empty without
 * events), the counts, the records for the stream, then the items themselves.
 * Throws for events whose seqs do not follow one another, which the script
 * would otherwise store under ids that are not their seqs.
 */
export function appendArguments(batch: Batch): string[] {
  const { events, sessions, commands, secrets = {} } = batch;
  const first = events[0]?.seq;
  if (first !== undefined && !(Number.isSafeInteger(first) && first >= 1)) throw new Error(`a batch cannot start at event ${first}`);
  events.forEach((event, index) => {
    if (event.seq !== first! + index) throw new Error(`event ${event.seq} does not follow event ${first! + index - 1} in its batch`);
  });
  const secretEntries = Object.entries(secrets).filter((entry): entry is [string, string] => typeof entry[1] === 'string');
  return [
    first === undefined ? '' : String(first - 1),
    String(events.length),
    String(sessions.length),
    String(commands.length),
    String(secretEntries.length),
    events.length ? recordsJson(batch) : '',
    ...events.map((event) => JSON.stringify(event)),
    ...sessions.flatMap((session) => [session.tokenHash, session.personId]),
    ...commands.flatMap((command) => [commandKey(command), JSON.stringify(command)]),
    ...secretEntries.flat(),
  ];
}

/** What came with a batch's events, kept on its last entry so that a node catching up learns it too. */
function recordsJson({ sessions, commands, secrets }: Batch): string {
  const records: Partial<Omit<Batch, 'events'>> = {};
  if (sessions.length) records.sessions = sessions;
  if (commands.length) records.commands = commands;
  if (secrets && Object.keys(secrets).length) records.secrets = secrets;
  return Object.keys(records).length ? JSON.stringify(records) : '';
}

/** The seq of a stream id that bugday wrote (`<seq>-0`); undefined for any other. */
export function seqOf(id: string): number | undefined {
  const match = /^(\d+)-0$/.exec(id);
  return match ? Number(match[1]) : undefined;
}

export interface StreamEntry {
  id: string;
  message: Record<string, string>;
}

/**
 * Folds stream entries that follow `into`'s last event into it: the events,
 * and the records that came with them. Anything that does not continue the
 * log exactly means the stream cannot be trusted.
 */
export function foldEntries(into: StoredData, entries: readonly StreamEntry[], after: number, location: string) {
  entries.forEach(({ id, message }, index) => {
    const seq = after + 1 + index;
    if (seqOf(id) !== seq) throw new StoreUnreadableError(location, `entry ${id} is where event ${seq} should be`);
    const event = parsed<DomainEvent>(message.event, location, id);
    if (event?.seq !== seq) throw new StoreUnreadableError(location, `entry ${id} does not hold event ${seq}`);
    into.events.push(event);
    if (message.records === undefined) return;
    const records = parsed<Partial<Omit<Batch, 'events'>>>(message.records, location, id);
    into.sessions.push(...(records.sessions ?? []));
    into.commands.push(...(records.commands ?? []));
    Object.assign(into.secrets, records.secrets);
  });
}

function parsed<T>(text: string | undefined, location: string, id: string): T {
  try {
    return JSON.parse(text ?? '') as T;
  } catch {
    throw new StoreUnreadableError(location, `entry ${id} is not a bugday event`);
  }
}

/** The records of the whole log, from the hashes that hold them all, those that came without an event too. */
export function recordsFrom(hashes: { sessions: Record<string, string>; commands: string[]; secrets: Record<string, string> }, location: string) {
  const data = emptyData();
  data.sessions = Object.entries(hashes.sessions).map(([tokenHash, personId]): SessionRecord => ({ tokenHash, personId }));
  data.commands = hashes.commands
    .map((text): CommandRecord => {
      try {
        return JSON.parse(text) as CommandRecord;
      } catch {
        throw new StoreUnreadableError(location, 'a command record is not JSON');
      }
    })
    // Oldest first, as the board remembers them: it forgets the oldest beyond its limit.
    .sort((a, b) => a.seq - b.seq);
  data.secrets = { ...hashes.secrets } as SecretsRecord;
  return data;
}

/** What about the server's persistence would lose an acknowledged event, one clause each; none when it keeps them. */
export function persistenceProblems(settings: Record<string, string | undefined>): string[] {
  const problems: string[] = [];
  if (settings.appendonly !== 'yes') problems.push(`appendonly is ${settings.appendonly ?? 'unset'}, not yes`);
  if (settings.appendfsync !== 'always') problems.push(`appendfsync is ${settings.appendfsync ?? 'unset'}, not always`);
  return problems;
}

/**
 * Redis cannot hold the log: unreachable at start-up, or set up to forget what it acknowledged.
 * Here, not beside the store, so that the server tells it without loading the Redis client.
 */
export class RedisUnusableError extends Error {
  override name = 'RedisUnusableError';
}

/** A Redis URL fit for a message or a log line: without its password. */
export function shownUrl(url: string): string {
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  if (!parsed?.password) return url;
  parsed.password = '***';
  return parsed.href;
}
