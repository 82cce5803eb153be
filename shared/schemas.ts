/**
 * Runtime schemas for every client→server payload. Nothing a client sends
 * reaches the domain before it passed through `parseCommand`/`parseJoin`:
 * unknown keys are refused, every string and array is bounded.
 */
import { z } from 'zod';
import {
  CHECK_RESULTS,
  COLUMNS,
  ISSUE_TYPES,
  LIMITS,
  TEST_RESULTS,
  type CommandName,
  type CommandPayloads,
  type GithubImport,
  type JoinPayload,
  type Refusal,
} from './protocol.ts';

/** No whitespace and no control, format or unassigned code points. */
const NICK = new RegExp(`^[^\\s\\p{C}]{1,${LIMITS.nick}}$`, 'u');
/** Single-line text: no control characters at all. */
const SINGLE_LINE = /^[^\p{Cc}]*$/u;
/** Multi-line text may hold newlines and tabs, nothing else from Cc. */
const MULTI_LINE = /^(?:[^\p{Cc}]|[\t\n])*$/u;

const line = (max: number, what: string) =>
  z
    .string()
    .trim()
    .min(1, `${what} cannot be empty`)
    .max(max, `${what} is longer than ${max} characters`)
    .regex(SINGLE_LINE, `${what} cannot contain control characters`);

const id = z.string().min(1).max(LIMITS.id).regex(/^[\w-]+$/, 'not a valid id');

const httpUrl = z
  .string()
  .max(LIMITS.url, `the link is longer than ${LIMITS.url} characters`)
  .refine((value) => {
    try {
      const { protocol } = new URL(value);
      return protocol === 'http:' || protocol === 'https:';
    } catch {
      return false;
    }
  }, 'the link must be an http:// or https:// address');

const commandId = z
  .string()
  .min(1)
  .max(LIMITS.commandId)
  .regex(/^[\w-]+$/, 'commandId may hold letters, digits, - and _');

/** Every command may carry a commandId; everything else is the command's own. */
const command = <T extends z.ZodRawShape>(shape: T) => z.strictObject({ ...shape, commandId: commandId.optional() });

const draft = z.strictObject({
  title: line(LIMITS.title, 'the title'),
  number: z.number().int().min(1).max(LIMITS.issueNumber).optional(),
  url: httpUrl.optional(),
  type: z.enum(ISSUE_TYPES).optional(),
  labels: z.array(line(LIMITS.label, 'a label')).max(LIMITS.labels, `at most ${LIMITS.labels} labels`).optional(),
});

const key = z.string().min(1).max(LIMITS.key);
const note = line(LIMITS.note, 'the note');
/** Epoch milliseconds between 2000 and 2100: anything else is a mistake, not a date. */
const instant = z.number().int().min(946_684_800_000).max(4_102_444_800_000);
const nothing = command({});
/** An IANA zone name this runtime knows: the page formats times in it, so an unknown one would throw there. */
const timeZone = z
  .string()
  .max(64)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'that is not a time zone (e.g. Europe/Berlin)');

const nick = z
  .string()
  .max(LIMITS.nick * 4, `a nick is at most ${LIMITS.nick} characters`)
  .regex(NICK, `a nick is 1–${LIMITS.nick} characters with no spaces or control characters`);

const joinSchema = z.strictObject({
  nick,
  venue: line(LIMITS.venue, 'the venue').optional(),
  key: key.optional(),
  firstTime: z.boolean().optional(),
  registration: z.string().min(1).max(LIMITS.key).optional(),
  commandId: commandId.optional(),
});

/** A branch name as git allows it, less the oddities: main, 3.13, release/2.x. */
const branch = z
  .string()
  .min(1)
  .max(LIMITS.branch, `a branch name is at most ${LIMITS.branch} characters`)
  .regex(/^[\w.][\w./-]*$/, 'a branch name holds letters, digits, ".", "-", "_" and "/"');

const minutes = (what: string) =>
  z.number().int(`${what} is a whole number of minutes`).min(1, `${what} is at least 1 minute`).max(LIMITS.minutes, `${what} is at most a week`);
const holdCap = z.number().int().min(1, 'a cap is at least 1').max(LIMITS.holdMax, `a cap is at most ${LIMITS.holdMax}`);

const unique = (list: string[]) => new Set(list).size === list.length;

const chatText = z
  .string()
  .trim()
  .min(1, 'a message cannot be empty')
  .max(LIMITS.chat, `a message is at most ${LIMITS.chat} characters`)
  .regex(MULTI_LINE, 'a message cannot contain control characters');

const elevateSchema = z.strictObject({ key });

const commandSchemas = {
  'chat:send': command({ text: chatText, action: z.boolean().optional() }),
  'issue:create': command(draft.shape),
  'issue:claim': command({ issueId: id, confirm: z.boolean().optional() }),
  'issue:extend': command({ issueId: id }),
  'issue:pair': command({ issueId: id, personId: id }),
  'issue:unpair': command({ issueId: id, personId: id }),
  'issue:check': command({ issueId: id, branch, result: z.enum(CHECK_RESULTS) }),
  'issue:ask-commit': command({ issueId: id, note: note.optional() }),
  'issue:release': command({ issueId: id }),
  'issue:move': command({ issueId: id, column: z.enum(COLUMNS) }),
  'help:raise': command({ note, issueId: id.optional() }),
  'help:take': command({ helpId: id }),
  'help:resolve': command({ helpId: id }),
  'help:cancel': command({ helpId: id }),
  'help:return': command({ helpId: id }),
  'help:hold': command({
    helpId: id,
    minutes: z.number().int('a whole number of minutes').min(1, 'at least 1 minute').max(LIMITS.holdMinutes, `at most ${LIMITS.holdMinutes} minutes`),
    reason: line(LIMITS.note, 'the reason'),
  }),
  'help:reply': command({ helpId: id, text: chatText }),
  'help:share': command({ helpId: id }),
  'issue:assign': command({ issueId: id, personId: id }),
  'issue:patch': command({ issueId: id, url: httpUrl, note: note.optional() }),
  'issue:report': command({ issueId: id, result: z.enum(TEST_RESULTS), note: note.optional() }),
  'issue:import': command({
    issues: z.array(draft).min(1).max(LIMITS.importBatch, `import at most ${LIMITS.importBatch} issues at a time`),
  }),
  'issue:sync': command({
    issues: z
      .array(draft.extend({ number: z.number().int().min(1).max(LIMITS.issueNumber) }))
      .max(LIMITS.importBatch, `sync at most ${LIMITS.importBatch} issues at a time`),
    closed: z.array(z.number().int().min(1).max(LIMITS.issueNumber)).max(LIMITS.closedBatch).optional(),
  }).refine((sync) => sync.issues.length > 0 || (sync.closed?.length ?? 0) > 0, 'send at least one issue or closed number'),
  'chat:remove': command({ chatSeq: z.number().int().min(1) }),
  'person:role': command({ personId: id, role: z.enum(['participant', 'mentor']) }),
  'person:mute': command({ personId: id, muted: z.boolean() }),
  'person:remove': command({ personId: id }),
  'person:listed': command({ listed: z.boolean() }),
  'person:register': command({
    name: nick,
    venue: line(LIMITS.venue, 'the venue').optional(),
    firstTime: z.boolean().optional(),
    email: z.email('that is not an email address').max(LIMITS.email).optional(),
  }),
  'event:update': command({
    title: line(LIMITS.eventTitle, 'the title').optional(),
    description: z.string().trim().max(LIMITS.description).regex(MULTI_LINE, 'the description cannot contain control characters').optional(),
    startsAt: instant.optional(),
    endsAt: instant.optional(),
    timeZone: timeZone.optional(),
    venues: z.array(line(LIMITS.venue, 'a venue')).max(LIMITS.venues).optional(),
    resources: z
      .array(z.strictObject({ label: line(LIMITS.title, 'a resource label'), url: httpUrl }))
      .max(LIMITS.resources)
      .optional(),
    claims: z
      .strictObject({
        leaseMinutes: minutes('the lease').optional(),
        graceMinutes: minutes('the grace time').optional(),
        max: holdCap.optional(),
        newcomerMax: holdCap.optional(),
      })
      .refine((claims) => Object.keys(claims).length > 0, 'name at least one claim rule')
      .optional(),
    focus: z
      .strictObject({
        text: z.string().trim().max(LIMITS.focus, `the focus is at most ${LIMITS.focus} characters`).regex(SINGLE_LINE, 'the focus is one line'),
        discouraged: z.array(z.enum(ISSUE_TYPES)).max(ISSUE_TYPES.length).refine(unique, 'name each type once'),
      })
      .optional(),
    help: z
      .strictObject({ firstTimersFirst: z.boolean().optional(), graceMinutes: minutes('the grace time').optional() })
      .refine((help) => Object.keys(help).length > 0, 'name at least one help rule')
      .optional(),
    irc: z
      .strictObject({ boardLines: z.boolean().optional(), commands: z.boolean().optional() })
      .refine((irc) => Object.keys(irc).length > 0, 'name at least one IRC rule')
      .optional(),
    friendlyLabel: z.string().trim().max(LIMITS.label).regex(SINGLE_LINE, 'a label is one line').optional(),
    branches: z.array(branch).max(LIMITS.branches, `at most ${LIMITS.branches} branches`).refine(unique, 'name each branch once').optional(),
  }).refine((info) => Object.keys(info).some((k) => k !== 'commandId'), 'change at least one thing'),
  'event:close': nothing,
  'event:reopen': nothing,
  'mentorCode:show': nothing,
  'mentorCode:rotate': nothing,
} satisfies Record<CommandName, z.ZodType>;

const syncRequestSchema = z.strictObject({ lastSeq: z.number().int().min(0), log: z.string().max(LIMITS.id).optional() });
const chatHistorySchema = z.strictObject({
  beforeSeq: z.number().int().min(1),
  limit: z.number().int().min(1).max(LIMITS.chatPage).optional(),
});

const issueHistorySchema = z.strictObject({ issueId: id });
const statsSchema = z.strictObject({});

export const COMMAND_NAMES = Object.keys(commandSchemas) as CommandName[];

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.hasOwn(commandSchemas, name);
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: Refusal };

function parseWith<T>(schema: z.ZodType<T>, payload: unknown): Parsed<T> {
  const result = schema.safeParse(payload);
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
  return {
    ok: false,
    error: { code: 'invalid_payload', message: `${where}${issue?.message ?? 'malformed payload'}` },
  };
}

export type ParsedCommand<N extends CommandName = CommandName> = {
  name: N;
  payload: CommandPayloads[N];
  commandId?: string;
};

export function parseCommand<N extends CommandName>(name: N, payload: unknown): Parsed<ParsedCommand<N>> {
  const parsed = parseWith(commandSchemas[name] as unknown as z.ZodType<CommandPayloads[N] & { commandId?: string }>, payload);
  if (!parsed.ok) return parsed;
  const { commandId: cid, ...rest } = parsed.value;
  return { ok: true, value: { name, payload: rest as CommandPayloads[N], ...(cid ? { commandId: cid } : {}) } };
}

export const parseJoin = (payload: unknown): Parsed<JoinPayload> => parseWith(joinSchema, payload);
export const parseElevate = (payload: unknown): Parsed<{ key: string }> => parseWith(elevateSchema, payload);
export const parseSyncRequest = (payload: unknown): Parsed<{ lastSeq: number; log?: string }> =>
  parseWith(syncRequestSchema, payload);
export const parseChatHistory = (payload: unknown): Parsed<{ beforeSeq: number; limit?: number }> =>
  parseWith(chatHistorySchema, payload);
export const parseIssueHistory = (payload: unknown): Parsed<{ issueId: string }> => parseWith(issueHistorySchema, payload);
export const parseStats = (payload: unknown): Parsed<Record<string, never>> => parseWith(statsSchema, payload);

/** GitHub's own bounds: an owner is 1–39 letters, digits and inner hyphens, a repository 1–100 letters, digits, ".", "-", "_". */
const githubRepo = z
  .string()
  .max(140)
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]{0,38}\/[\w.-]{1,100}$/, 'name the repository as owner/name, like python/cpython')
  .refine((repo) => !/\/\.{1,2}$/.test(repo), 'that is not a repository name');

const githubImportSchema = z.strictObject({
  repo: githubRepo,
  // GitHub takes the labels as one comma-separated list, so a comma cannot be part of one.
  labels: z
    .array(line(50, 'a label').regex(/^[^,]*$/, 'a label to import by cannot hold a comma'))
    .max(LIMITS.labels, `import by at most ${LIMITS.labels} labels`)
    .optional(),
  milestone: line(100, 'the milestone').optional(),
  state: z.enum(['open', 'all']).optional(),
  // Sent on as an HTTP header: printable ASCII only.
  token: z.string().min(1).max(255).regex(/^[\x21-\x7e]+$/, 'that is not a GitHub token').optional(),
});

export const parseGithubImport = (payload: unknown): Parsed<GithubImport> => parseWith(githubImportSchema, payload);
