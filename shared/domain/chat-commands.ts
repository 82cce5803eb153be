/**
 * What a line typed into the chat asks for: IRC-style slash commands, and the
 * claims and mentions a plain message carries. Pure, so the chat box and the
 * IRC bridge read a line alike. Whether a command may be done (the issue
 * exists, the branch is the event's, the person may move it) is for the
 * server to say; this only reads what was typed.
 */
import { CHECK_RESULTS, COLUMNS, LIMITS, type CheckResult, type Column } from '../protocol.ts';
import { COLUMN_LABELS } from './format.ts';
import { mentionedNumbers } from './issue-history.ts';

export type ChatCommand =
  | { kind: 'claim'; number: number; anyway?: boolean }
  | { kind: 'release'; number: number }
  | { kind: 'move'; number: number; column: Column }
  | { kind: 'check'; number: number; branch: string; result: CheckResult }
  | { kind: 'help'; note: string }
  | { kind: 'me'; action: string }
  | { kind: 'who'; number: number }
  | { kind: 'focus' };

export type ParsedChat =
  | { kind: 'message'; text: string } // plain chat to send as is
  | { kind: 'command'; command: ChatCommand }
  | { kind: 'usage'; message: string }; // one line shown only to the sender; nothing is sent

/** A command's words after its name, and the same line as typed (trimmed) for the commands that take free text. */
interface Args {
  words: string[];
  rest: string;
}

interface CommandSpec {
  usage: string;
  what: string;
  /** Said in brackets after the usage when the example alone does not say what is allowed. */
  allowed?: string;
  /** The command, or a usage line of its own, or undefined for the command's usage. */
  read(args: Args): ChatCommand | string | undefined;
}

const COLUMN_LIST = COLUMNS.join(', ');
const RESULT_LIST = CHECK_RESULTS.join(', ');
const BRANCH = /^[\w./-]{1,40}$/;

/** The one word of each label that may stand for it alone; a Record, so a new column cannot go without one. */
const COLUMN_WORDS: Record<Column, string> = {
  open: 'open',
  'in-progress': 'progress',
  review: 'review',
  ready: 'ready',
  done: 'done',
};

/** People write "in progress", "In-Progress" and "in_progress" for the same column. */
const columnKey = (name: string): string => name.toLowerCase().replace(/[\s_-]+/g, ' ').trim();

const COLUMN_NAMES = new Map<string, Column>(
  COLUMNS.flatMap((column) => [column, COLUMN_LABELS[column], COLUMN_WORDS[column]].map((name) => [columnKey(name), column] as const)),
);

const isCheckResult = (word: string): word is CheckResult => (CHECK_RESULTS as readonly string[]).includes(word);

/** 123 or #123 as a whole number the board can hold; anything else is not an issue number. */
function issueNumber(word: string | undefined): number | undefined {
  const number = Number(/^#?(\d+)$/.exec(word ?? '')?.[1]);
  return number >= 1 && number <= LIMITS.issueNumber ? number : undefined;
}

/** For the commands whose only argument is an issue number. */
const aboutIssue =
  (kind: 'release' | 'who') =>
  ({ words }: Args): ChatCommand | undefined => {
    const number = words.length === 1 ? issueNumber(words[0]) : undefined;
    return number === undefined ? undefined : { kind, number };
  };

/** Free text up to `max` characters: zod counts UTF-16 units, and so does this, so a note accepted here fits. */
const freeText = (rest: string, max: number): string | undefined => (rest.length >= 1 && rest.length <= max ? rest : undefined);

const COMMANDS: Record<ChatCommand['kind'], CommandSpec> = {
  claim: {
    usage: '/claim 123',
    what: 'claim #123 (/claim 123 anyway: even against the focus)',
    allowed: 'an issue number, then optionally “anyway”',
    read({ words: [first, anyway, ...more] }) {
      const number = issueNumber(first);
      if (number === undefined || more.length > 0 || (anyway !== undefined && anyway.toLowerCase() !== 'anyway')) return undefined;
      return anyway ? { kind: 'claim', number, anyway: true } : { kind: 'claim', number };
    },
  },
  release: { usage: '/release 123', what: 'release #123', read: aboutIssue('release') },
  move: {
    usage: '/move 123 review',
    what: `move #123 to a column: ${COLUMN_LIST}`,
    allowed: `a column: ${COLUMN_LIST}`,
    read({ words: [first, ...name] }) {
      const number = issueNumber(first);
      if (number === undefined || name.length === 0) return undefined;
      const column = COLUMN_NAMES.get(columnKey(name.join(' ')));
      return column ? { kind: 'move', number, column } : `Unknown column “${name.join(' ')}”. Columns: ${COLUMN_LIST}`;
    },
  },
  check: {
    usage: '/check 123 main fixed',
    what: `record what #123 does on a branch: ${RESULT_LIST}`,
    allowed: `a branch, then a result: ${RESULT_LIST}`,
    read({ words: [first, branch, ...said] }) {
      const number = issueNumber(first);
      // Joined with hyphens, "not reproduced" typed with a space is the id not-reproduced.
      const result = said.join('-').toLowerCase();
      if (number === undefined || branch === undefined || !BRANCH.test(branch) || !isCheckResult(result)) return undefined;
      return { kind: 'check', number, branch, result };
    },
  },
  help: {
    usage: '/help what you are stuck on',
    what: 'ask a mentor for help',
    allowed: `at most ${LIMITS.note} characters`,
    read({ rest }) {
      // IRC's /help lists the commands, so a bare /help is most likely someone looking for them.
      if (!rest) return `${usageLine(COMMANDS.help)} Commands: ${commandList()}.`;
      const note = freeText(rest, LIMITS.note);
      return note === undefined ? undefined : { kind: 'help', note };
    },
  },
  me: {
    usage: '/me waves',
    what: 'say what you are doing',
    allowed: `at most ${LIMITS.chat} characters`,
    read({ rest }) {
      const action = freeText(rest, LIMITS.chat);
      return action === undefined ? undefined : { kind: 'me', action };
    },
  },
  who: { usage: '/who 123', what: 'who is on #123', read: aboutIssue('who') },
  focus: {
    usage: '/focus',
    what: 'show what this event is focused on',
    allowed: 'nothing after it',
    read: ({ words }) => (words.length === 0 ? { kind: 'focus' } : undefined),
  },
};

/** Each command once, in the order a person would want them explained. */
export const CHAT_COMMAND_HELP: readonly { usage: string; what: string }[] = Object.values(COMMANDS).map(({ usage, what }) => ({
  usage,
  what,
}));

// A Map, so that "/constructor" finds no command where a plain object would find one.
const BY_NAME = new Map(Object.entries(COMMANDS));

function usageLine({ usage, allowed }: CommandSpec): string {
  return allowed ? `Usage: ${usage} (${allowed})` : `Usage: ${usage}`;
}

function commandList(): string {
  return CHAT_COMMAND_HELP.map(({ usage }) => usage).join(', ');
}

const ESCAPE_HINT = 'To send a line that starts with /, begin it with //.';

const usage = (message: string): ParsedChat => ({ kind: 'usage', message });

/** How a line marks a command where it is typed. */
export interface ChatSyntax {
  prefix: '/' | '!';
  /** The commands that may be given there. */
  commands: ReadonlySet<ChatCommand['kind']>;
  /**
   * A channel has other bots with `!` commands of their own: there, a name that is not one of
   * ours is chat, and our usage lines are answered only for our commands.
   */
  othersCommands: boolean;
}

export const PAGE_SYNTAX: ChatSyntax = { prefix: '/', commands: new Set(BY_NAME.keys() as Iterable<ChatCommand['kind']>), othersCommands: false };

/** `/me` is IRC's own there, and a line is one line. */
export const IRC_SYNTAX: ChatSyntax = {
  prefix: '!',
  commands: new Set(['claim', 'release', 'move', 'check', 'help', 'who', 'focus']),
  othersCommands: true,
};

/** The usage lines are written for the page; in a channel each /command is said with the channel's prefix. */
const spokenWith = (prefix: ChatSyntax['prefix'], text: string) => (prefix === '/' ? text : text.replace(/(^|[\s(,])\/(?=[a-z])/g, `$1${prefix}`));

/**
 * Reads a line from the chat box (or, with IRC_SYNTAX, from the channel). `//text` sends "/text", as IRC does. A bare
 * "/" or one followed by a space ("/ shrug") is not a command anyone meant, so
 * it is sent as typed rather than refused. A command is one line: a newline
 * in it is more likely a pasted block that happens to start with a slash.
 */
export function parseChat(text: string, syntax: ChatSyntax = PAGE_SYNTAX): ParsedChat {
  const { prefix } = syntax;
  const start = text.trimStart();
  if (!start.startsWith(prefix) || /^.(?:\s|$)/.test(start)) return { kind: 'message', text };
  if (start.startsWith(prefix + prefix)) return { kind: 'message', text: start.slice(1) };

  const line = start.trimEnd();
  const [name = '', ...words] = line.slice(1).split(/\s+/);
  const spec = syntax.commands.has(name.toLowerCase() as ChatCommand['kind']) ? BY_NAME.get(name.toLowerCase()) : undefined;
  if (!spec && syntax.othersCommands) return { kind: 'message', text };
  const said = (message: string) => usage(spokenWith(prefix, message));
  if (/[\n\r\u2028\u2029]/.test(line)) return said(`A command is one line. ${ESCAPE_HINT}`);
  if (!spec) return said(`Unknown command /${name}. Commands: ${commandList()}. ${ESCAPE_HINT}`);

  const read = spec.read({ words, rest: line.slice(1 + name.length).trim() });
  if (read === undefined) return said(usageLine(spec));
  if (typeof read === 'string') return said(read);
  return { kind: 'command', command: read };
}

/**
 * The few phrases people type when they take an issue. Each must open the
 * message or a clause ("ok, …", "Thanks. …"), optionally after an "ok": that
 * is what keeps out "who is working on", "is anyone looking at", "not working
 * on", "stopped working on" and "I was working on", where a word comes first.
 * A reference followed by "?" asks rather than says.
 */
const CLAIM_PHRASE = new RegExp(
  String.raw`(?:^|[,.;:!?])\s*(?:(?:ok|okay|so|alright|now)\s+)?` +
    String.raw`(?:(?:i['’]?m\s+|i\s+am\s+)?(?:working\s+on|looking\s+(?:at|into)|taking)|i(?:['’]?ll|\s+will)\s+take)` +
    String.raw`\s+(?:issue\s+)?#(\d{1,10})\b(?!\s*\?)`,
  'im',
);

/**
 * The issue a plain message says its sender is taking ("ok, I'm working on
 * #123"), or undefined. Only when that is the one issue named from the phrase
 * on: "taking #12 and #13" is not one claim to offer.
 */
export function claimIntent(text: string): number | undefined {
  if (text.trimStart().startsWith('/')) return undefined;
  const match = CLAIM_PHRASE.exec(text);
  const number = issueNumber(match?.[1]);
  if (match === null || number === undefined) return undefined;
  const later = mentionedNumbers(text.slice(match.index + match[0].length));
  return later.every((other) => other === number) ? number : undefined;
}
