import { describe, expect, it } from 'vitest';
import {
  CHAT_COMMAND_HELP,
  claimIntent,
  mentionedNicks,
  parseChat,
  type ChatCommand,
} from '../../shared/domain/index.ts';
import { COLUMNS, LIMITS, type Column } from '../../shared/protocol.ts';

const COLUMN_LIST = 'open, in-progress, review, ready, done';
const USAGE = {
  claim: 'Usage: /claim 123 (an issue number, then optionally “anyway”)',
  release: 'Usage: /release 123',
  move: `Usage: /move 123 review (a column: ${COLUMN_LIST})`,
  check: 'Usage: /check 123 main fixed (a branch, then a result: reproduces, not-reproduced, fixed)',
  help: `Usage: /help what you are stuck on (at most ${LIMITS.note} characters)`,
  me: `Usage: /me waves (at most ${LIMITS.chat} characters)`,
  who: 'Usage: /who 123',
  focus: 'Usage: /focus (nothing after it)',
};
const COMMAND_LIST = '/claim 123, /release 123, /move 123 review, /check 123 main fixed, /help what you are stuck on, /me waves, /who 123, /focus';

const command = (text: string) => {
  const parsed = parseChat(text);
  if (parsed.kind !== 'command') throw new Error(`${JSON.stringify(text)} read as ${JSON.stringify(parsed)}`);
  return parsed.command;
};

const usageOf = (text: string) => {
  const parsed = parseChat(text);
  if (parsed.kind !== 'usage') throw new Error(`${JSON.stringify(text)} read as ${JSON.stringify(parsed)}`);
  return parsed.message;
};

describe('parseChat: plain messages', () => {
  it.each([
    ['hello everyone', 'hello everyone'],
    ['  leading spaces stay  ', '  leading spaces stay  '],
    ['a line with /claim 12 inside', 'a line with /claim 12 inside'],
    ['two\nlines', 'two\nlines'],
    ['', ''],
    // A slash on its own or followed by a space is not a command anyone meant.
    ['/', '/'],
    ['/ shrug', '/ shrug'],
    ['  /  ', '  /  '],
    ['/\tshrug', '/\tshrug'],
    ['/\nnext line', '/\nnext line'],
  ])('%j is sent as %j', (text, sent) => {
    expect(parseChat(text)).toEqual({ kind: 'message', text: sent });
  });

  it.each([
    ['//claim 12', '/claim 12'],
    ['//usr/bin is read-only', '/usr/bin is read-only'],
    ['//', '/'],
    ['// shrug', '/ shrug'],
    ['  //me too', '/me too'],
    ['//two\nlines', '/two\nlines'],
    ['///', '//'],
  ])('the // escape sends %j as %j', (text, sent) => {
    expect(parseChat(text)).toEqual({ kind: 'message', text: sent });
  });
});

describe('parseChat: commands', () => {
  it.each<[string, ChatCommand]>([
    ['/claim 123', { kind: 'claim', number: 123 }],
    ['/claim 123 anyway', { kind: 'claim', number: 123, anyway: true }],
    ['/claim #7 Anyway', { kind: 'claim', number: 7, anyway: true }],
    ['/claim #123', { kind: 'claim', number: 123 }],
    ['/claim #0012', { kind: 'claim', number: 12 }],
    [`/claim ${LIMITS.issueNumber}`, { kind: 'claim', number: LIMITS.issueNumber }],
    ['/claim 1', { kind: 'claim', number: 1 }],
    ['/CLAIM 5', { kind: 'claim', number: 5 }],
    ['/Claim 5', { kind: 'claim', number: 5 }],
    ['   /claim   7   ', { kind: 'claim', number: 7 }],
    ['/claim\t7', { kind: 'claim', number: 7 }],
    ['/claim 7\n', { kind: 'claim', number: 7 }],
    ['/release 9', { kind: 'release', number: 9 }],
    ['/RELEASE #9', { kind: 'release', number: 9 }],
    ['/who 42', { kind: 'who', number: 42 }],
    ['/Who #42', { kind: 'who', number: 42 }],
    ['/move 12 review', { kind: 'move', number: 12, column: 'review' }],
    ['/MOVE #12 Done', { kind: 'move', number: 12, column: 'done' }],
    ['/check 12 main fixed', { kind: 'check', number: 12, branch: 'main', result: 'fixed' }],
    ['/check #12 3.13 reproduces', { kind: 'check', number: 12, branch: '3.13', result: 'reproduces' }],
    ['/check 12 release/v2_0-rc.1 not-reproduced', { kind: 'check', number: 12, branch: 'release/v2_0-rc.1', result: 'not-reproduced' }],
    ['/check 12 Main NOT-REPRODUCED', { kind: 'check', number: 12, branch: 'Main', result: 'not-reproduced' }],
    ['/check 12 main not reproduced', { kind: 'check', number: 12, branch: 'main', result: 'not-reproduced' }],
    ['/check 12 main Not   Reproduced', { kind: 'check', number: 12, branch: 'main', result: 'not-reproduced' }],
    ['/check 12 main Fixed', { kind: 'check', number: 12, branch: 'main', result: 'fixed' }],
    [`/check 12 ${'b'.repeat(40)} fixed`, { kind: 'check', number: 12, branch: 'b'.repeat(40), result: 'fixed' }],
    ['/help the tests will not run', { kind: 'help', note: 'the tests will not run' }],
    ['/HELP   where is   the tracker?  ', { kind: 'help', note: 'where is   the tracker?' }],
    ['/help #12 needs a mentor', { kind: 'help', note: '#12 needs a mentor' }],
    [`/help ${'n'.repeat(LIMITS.note)}`, { kind: 'help', note: 'n'.repeat(LIMITS.note) }],
    ['/me waves', { kind: 'me', action: 'waves' }],
    ['/ME  is off to lunch, back at 2 ', { kind: 'me', action: 'is off to lunch, back at 2' }],
    [`/me ${'a'.repeat(LIMITS.chat)}`, { kind: 'me', action: 'a'.repeat(LIMITS.chat) }],
    ['/focus', { kind: 'focus' }],
    ['/FOCUS  ', { kind: 'focus' }],
  ])('%j is %j', (text, expected) => {
    expect(parseChat(text)).toEqual({ kind: 'command', command: expected });
  });
});

describe('parseChat: /move columns', () => {
  it.each<[string, Column]>([
    ['open', 'open'],
    ['Open', 'open'],
    ['in-progress', 'in-progress'],
    ['IN-PROGRESS', 'in-progress'],
    ['in progress', 'in-progress'],
    ['In Progress', 'in-progress'],
    ['in_progress', 'in-progress'],
    ['in  -  progress', 'in-progress'],
    ['progress', 'in-progress'],
    ['review', 'review'],
    ['Needs review', 'review'],
    ['needs-review', 'review'],
    ['NEEDS_REVIEW', 'review'],
    ['ready', 'ready'],
    ['Ready to commit', 'ready'],
    ['ready-to-commit', 'ready'],
    ['ready_to_commit', 'ready'],
    ['done', 'done'],
    ['DONE', 'done'],
  ])('%j is %s', (name, column) => {
    expect(command(`/move 12 ${name}`)).toEqual({ kind: 'move', number: 12, column });
  });

  it('knows every column by its id', () => {
    expect(COLUMNS.map((column) => command(`/move 1 ${column}`))).toEqual(
      COLUMNS.map((column) => ({ kind: 'move', number: 1, column })),
    );
  });

  it.each(['reveiw', 'needs', 'commit', 'in', 'to', 'closed', 'ready to', 'review please', 'open done', '-'])(
    'refuses %j, naming the columns',
    (name) => {
      expect(usageOf(`/move 12 ${name}`)).toBe(`Unknown column “${name}”. Columns: ${COLUMN_LIST}`);
    },
  );
});

describe('parseChat: malformed arguments', () => {
  const badNumbers = ['0', '#0', '-1', '+1', '1.5', '1e3', '12a', 'a12', '##12', '# 12', '#', 'twelve', '١٢', String(LIMITS.issueNumber + 1), '9'.repeat(400)];

  it.each([
    ...['claim', 'release', 'who'].flatMap((name) => [
      [`/${name}`, name],
      [`/${name} 1 2`, name],
      [`/${name} 12 please`, name],
      ...badNumbers.map((bad) => [`/${name} ${bad}`, name]),
    ]),
    ['/move', 'move'],
    ['/move 12', 'move'],
    ['/move review', 'move'],
    ['/move review 12', 'move'],
    ...badNumbers.map((bad) => [`/move ${bad} review`, 'move']),
    ['/check', 'check'],
    ['/check 12', 'check'],
    ['/check 12 main', 'check'],
    ['/check 12 fixed', 'check'],
    ['/check 12 main fixed now', 'check'],
    ['/check 12 main broken', 'check'],
    ['/check 12 main not_reproduced', 'check'],
    ['/check 12 main notreproduced', 'check'],
    ['/check 12 main reproduced not', 'check'],
    ['/check 12 main fixed fixed', 'check'],
    ['/check main 12 fixed', 'check'],
    ['/check 12 ma:in fixed', 'check'],
    ['/check 12 mäin fixed', 'check'],
    ['/check 12 feature~1 fixed', 'check'],
    [`/check 12 ${'b'.repeat(41)} fixed`, 'check'],
    ...badNumbers.map((bad) => [`/check ${bad} main fixed`, 'check']),
    [`/help ${'n'.repeat(LIMITS.note + 1)}`, 'help'],
    ['/me', 'me'],
    ['/me    ', 'me'],
    [`/me ${'a'.repeat(LIMITS.chat + 1)}`, 'me'],
    ['/focus now', 'focus'],
    ['/focus #12', 'focus'],
  ] as [string, keyof typeof USAGE][])('%j says the usage of /%s', (text, name) => {
    expect(parseChat(text)).toEqual({ kind: 'usage', message: USAGE[name] });
  });

  it('a bare /help also lists the commands, since on IRC that is what /help does', () => {
    const message = `${USAGE.help} Commands: ${COMMAND_LIST}.`;
    expect(parseChat('/help')).toEqual({ kind: 'usage', message });
    expect(parseChat('/HELP   ')).toEqual({ kind: 'usage', message });
  });

  it.each(['/claim 12\n13', '/me waves\nand leaves', '/help stuck\r\non tests', '/help stuck\u2028here', '/foo\nbar', '  /move 12\nreview'])(
    'a command over more than one line, %j, is refused and says how to send it',
    (text) => {
      expect(usageOf(text)).toBe('A command is one line. To send a line that starts with /, begin it with //.');
    },
  );
});

describe('parseChat: unknown commands', () => {
  it.each([
    ['/foo', '/foo'],
    ['/FOO bar', '/FOO'],
    ['/usr/bin/python3 crashes', '/usr/bin/python3'],
    ['/claim#12', '/claim#12'],
    ['/constructor', '/constructor'],
    ['/toString', '/toString'],
    ['/__proto__', '/__proto__'],
    ['/claims 12', '/claims'],
  ])('%j names %s and lists the commands', (text, named) => {
    expect(usageOf(text)).toBe(
      `Unknown command ${named}. Commands: ${COMMAND_LIST}. To send a line that starts with /, begin it with //.`,
    );
  });
});

describe('CHAT_COMMAND_HELP', () => {
  it('explains each command once, in order, with an example that parses as that command', () => {
    expect(CHAT_COMMAND_HELP.map(({ usage }) => usage).join(', ')).toBe(COMMAND_LIST);
    expect(CHAT_COMMAND_HELP.map(({ usage }) => command(usage).kind)).toEqual([
      'claim',
      'release',
      'move',
      'check',
      'help',
      'me',
      'who',
      'focus',
    ]);
  });

  it('says what each command does', () => {
    expect(CHAT_COMMAND_HELP[0]).toEqual({ usage: '/claim 123', what: 'claim #123 (/claim 123 anyway: even against the focus)' });
    for (const { what } of CHAT_COMMAND_HELP) expect(what).toMatch(/\w/);
  });
});

describe('claimIntent', () => {
  it.each([
    ["I'm working on #123", 123],
    ['I’m working on #123', 123],
    ['im working on #123', 123],
    ['Im working on #123', 123],
    ['I am working on #123', 123],
    ['working on #123', 123],
    ['Working on #123 now', 123],
    ["I'll take #123", 123],
    ['I’ll take #123', 123],
    ['Ill take #123', 123],
    ['I will take #123', 123],
    ['taking #123', 123],
    ["I'm taking #123", 123],
    ['looking at #123', 123],
    ["I'm looking into #123", 123],
    ['I’M LOOKING INTO #123', 123],
    ['ok, working on #123', 123],
    ["OK, I'll take #123", 123],
    ['ok I’m working on #123', 123],
    ['okay so, taking #123', 123],
    ['  working on #123', 123],
    ['Thanks! Working on #123.', 123],
    ['#5 is done. Taking #123', 123],
    ['Anyone on #5? I’ll take #123', 123],
    ['hi all\nworking on #123', 123],
    ["I'm working on #123, the crash on start", 123],
    ['working on #123, as #123 said', 123],
    ['working on #123 (see https://example.org/issues#45)', 123],
    ['working on issue #123', 123],
    ['working on #0012', 12],
    [`taking #${LIMITS.issueNumber}`, LIMITS.issueNumber],
  ])('%j claims #%i', (text, number) => {
    expect(claimIntent(text)).toBe(number);
  });

  it.each([
    'who is working on #123?',
    'who is working on #123',
    'is anyone looking at #123',
    'anyone looking at #123?',
    'stopped working on #123',
    'not working on #123',
    "I'm not working on #123",
    'I was working on #123',
    'I had been looking into #123',
    'networking on #123',
    'working on #123?',
    "I'll take #123 ?",
    'working on #123 and #124',
    "I'll take #123 or #7",
    'taking #12, #13 and #14',
    'working on 123',
    'working on #123abc',
    'working on #0',
    `taking #${LIMITS.issueNumber + 1}`,
    'working on it',
    'hello',
    '/claim 123',
    // A command says what it does itself, and an escaped line quotes one.
    '/help ok, working on #123',
    '/me waves. Working on #123',
    '//ok, taking #123',
  ])('%j claims nothing', (text) => {
    expect(claimIntent(text)).toBeUndefined();
  });
});

describe('mentionedNicks', () => {
  it.each<[string, string[]]>([
    ['@ana can you look?', ['ana']],
    ['thanks @ana', ['ana']],
    ['@ana, @bo: review please', ['ana', 'bo']],
    ['ping @Ana!', ['Ana']],
    ['ask @bo.', ['bo']],
    ['ask @bo...', ['bo']],
    ['is it you @cy?', ['cy']],
    ['(cc @cy)', ['cy']],
    ['@dee;', ['dee']],
    ['@a.b.c knows', ['a.b.c']],
    ['@ana-maria and @ana_b', ['ana-maria', 'ana_b']],
    ['@émile et @李', ['émile', '李']],
    ['@ana @bo @ana', ['ana', 'bo']],
    ['@Ana then @ANA then @ana', ['Ana']],
    ['@bo\n@ana', ['bo', 'ana']],
    ['write to ana@example.org', []],
    ['write to josé@example.org', []],
    ['user_@host', []],
    ['see https://example.org/@ana and @bo', ['bo']],
    ['@ alone', []],
    ['@', []],
    ['@!?', []],
    ['no mentions here', []],
    [`@${'n'.repeat(LIMITS.nick)}`, ['n'.repeat(LIMITS.nick)]],
    [`@${'n'.repeat(LIMITS.nick + 1)} is no one`, []],
    ['@ana\u0000x', ['ana']],
  ])('%j mentions %j', (text, nicks) => {
    expect(mentionedNicks(text)).toEqual(nicks);
  });
});
