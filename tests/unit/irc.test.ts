/** The IRC bridge's pure parts: its text rules, its pace, what the channel hears, what it reads, and its settings. */
import { describe, expect, it } from 'vitest';
import { apply, chatAction, decide, emptyState, IRC_SYNTAX, parseChat, stamp } from '../../shared/domain/index.ts';
import { parseCommand } from '../../shared/schemas.ts';
import { LIMITS, type BoardState, type DomainEvent } from '../../shared/protocol.ts';
import { channelLine } from '../../server/irc/channel-lines.ts';
import { ircConfig } from '../../server/irc/irc-config.ts';
import { fromIrc, IRC_LINE_BYTES, ircLines, relayedNick, textBytes } from '../../server/irc/irc-text.ts';
import { IRC_PACE, lineCost, Outbox, type OutLine } from '../../server/irc/outbox.ts';

const SITE = 'https://bugday.example.org/';

describe('text between the channel and the board', () => {
  it('strips colours, styles and control characters from what IRC says, and bounds it', () => {
    expect(fromIrc('\u0002bold\u0002 \u000304,12red on blue\u0003 \u0004ff0000hex\u0004 \u001ditalic\u001d\u000f \u0007bell')).toBe('bold red on blue hex italic  bell');
    expect(fromIrc('\u000312\u0003')).toBe('');
    expect(fromIrc('x'.repeat(LIMITS.chat + 50))).toHaveLength(LIMITS.chat);
    // A cut never leaves half of a surrogate pair.
    expect(fromIrc(`${'x'.repeat(LIMITS.chat - 1)}😀`)).toBe('x'.repeat(LIMITS.chat - 1));
  });

  it('puts a zero-width space after the first character of a relayed nick', () => {
    expect(relayedNick('ana')).toBe('a\u200bna');
    expect(relayedNick('é')).toBe('é');
    expect(relayedNick('😀bob')).toBe('😀\u200bbob');
  });

  it('splits a message into lines of at most the budget in UTF-8 bytes, never inside a character, each with its lead', () => {
    const budget = 60;
    // One long word: it is broken between characters, wherever the budget falls.
    const text = `${'é'.repeat(40)}${'😀'.repeat(20)}\nsecond line\r\n\nthird`;
    const lines = ircLines('<a\u200bna> ', text, budget);
    expect(lines.every((line) => Buffer.byteLength(line) <= budget && line.startsWith('<a\u200bna> ') && !line.includes('\ufffd'))).toBe(true);
    expect(lines.slice(-2)).toEqual(['<a\u200bna> second line', '<a\u200bna> third']);
    expect(
      lines
        .slice(0, -2)
        .map((line) => line.slice('<a\u200bna> '.length))
        .join(''),
    ).toBe(`${'é'.repeat(40)}${'😀'.repeat(20)}`);
  });

  it('leaves room for what the server puts before a line it passes on', () => {
    const room = textBytes('PRIVMSG', '#python-dev', 'bugday');
    const host = 'h'.repeat(63);
    expect(Buffer.byteLength(`:bugday!~bugdayxx@${host} PRIVMSG #python-dev :${'x'.repeat(room)}\r\n`)).toBeLessThanOrEqual(IRC_LINE_BYTES);
    expect(textBytes('PRIVMSG', '#python-dev', 'bugday', true)).toBe(room - '\u0001ACTION \u0001'.length);
  });
});

describe('the pace: one token bucket, a burst of 4, about a line each 1.5 s', () => {
  const line = (text: string, seq?: number): OutLine => ({ command: 'PRIVMSG', target: '#c', text, action: false, ...(seq ? { seq, by: 'p1' } : {}) });
  const full = 'x'.repeat(400);

  it('lets a burst of four full lines go, then one a line-time later', () => {
    const box = new Outbox(IRC_PACE, 400, 0);
    box.push(Array.from({ length: 6 }, () => line(full)));
    const sent = [0, 0, 0, 0].map(() => box.take(0));
    expect(sent.every((taken) => taken && 'line' in taken)).toBe(true);
    expect(box.take(0)).toEqual({ waitMs: 1_500 });
    expect(box.take(1_499)).toEqual({ waitMs: 1 });
    expect(box.take(1_500)).toMatchObject({ line: { text: full } });
    expect(box.take(1_500)).toEqual({ waitMs: 1_500 });
  });

  it('weighs lines by length: a short line costs half a full one', () => {
    expect(lineCost(0, 400)).toBe(0.5);
    expect(lineCost(200, 400)).toBe(0.75);
    expect(lineCost(4_000, 400)).toBe(1);
    // A burst of four full lines' worth is seven two-byte ones (each a little over half).
    const fresh = new Outbox(IRC_PACE, 400, 0);
    fresh.push(Array.from({ length: 10 }, () => line('hi')));
    const taken = Array.from({ length: 10 }, () => fresh.take(0)).filter((t) => t && 'line' in t);
    expect(taken).toHaveLength(7);
  });

  it('counts a line said once confirmed; a dropped connection puts the unconfirmed back in front, marked late; answers are dropped', () => {
    const box = new Outbox(IRC_PACE, 400, 0);
    box.push([line('one', 1), line('two', 2), { command: 'NOTICE', target: 'bob', text: 'You hold #1', action: false }, line('three', 3)]);
    expect(box.inFlight).toBe(false);
    const ids = [box.take(0), box.take(0)].map((t) => (t && 'line' in t ? t.line.id : 0));
    expect(box.inFlight).toBe(true);
    expect(box.queuedFrom).toBe(1);
    box.confirm(ids[0]!);
    expect(box.queuedFrom).toBe(2);
    expect(box.inFlight).toBe(true);
    box.take(0); // the NOTICE
    box.requeue();
    expect(box.inFlight).toBe(false);
    const after = Array.from({ length: 3 }, () => box.take(10_000)).map((t) => (t && 'line' in t ? [t.line.text, t.line.late] : t));
    expect(after).toEqual([['two', true], ['three', true], undefined]);
  });

  it('after an outage keeps the last N board events and says how many it dropped', () => {
    const box = new Outbox(IRC_PACE, 400, 0);
    box.push([line('a', 1), line('b1', 2), line('b2', 2), line('c', 3), line('d', 4)]);
    expect(box.keepLast(2)).toBe(2);
    expect(box.keepLast(2)).toBe(0);
    box.pushFront([line('(2 earlier messages on the board)')]);
    const texts = Array.from({ length: 3 }, () => box.take(60_000)).map((t) => (t && 'line' in t ? t.line.text : t));
    expect(texts).toEqual(['(2 earlier messages on the board)', 'c', 'd']);
  });
});

/** A board with ana (joined), bea, #12 and a help flag; events stamped as the server would. */
function board() {
  const state = emptyState();
  let seq = 0;
  const run = (actor: string | null, command: Parameters<typeof decide>[2]): DomainEvent[] => {
    const decision = decide(state, actor, command, { now: 1_000 + seq, nextSeq: seq + 1 });
    if (!decision.ok) throw new Error(decision.error.message);
    const events = stamp(decision.events, seq + 1, 1_000 + seq, actor ?? 'system');
    for (const event of events) apply(state, event);
    seq = state.seq;
    return events;
  };
  const join = (nick: string) => (run(null, { name: 'session:join', payload: { nick, role: nick === 'olga' ? 'organizer' : 'participant' } })[0] as DomainEvent & { type: 'person.joined' }).person.id;
  const olga = join('olga');
  run(olga, { name: 'issue:import', payload: { issues: [{ number: 12, title: 'Fix the parser crash' }] } });
  return { state, run, join, olga, issueId: Object.keys(state.issues)[0]! };
}

describe('what the channel hears of the board', () => {
  it('chat from the page under the relayed nick; nothing of what came from IRC', () => {
    const { state, run, join } = board();
    const ana = join('ana');
    const [said] = run(ana, { name: 'chat:send', payload: { text: 'hello' } });
    expect(channelLine(state, said!, SITE)).toMatchObject({ lead: '<a\u200bna> ', text: 'hello', action: false, by: ana });
    const [joined] = run(null, { name: 'irc:join', payload: { nick: 'bob' } });
    const bob = (joined as DomainEvent & { type: 'person.joined' }).person.id;
    const [fromIrc] = run(bob, { name: 'chat:send', payload: { text: 'from the channel' } });
    expect(channelLine(state, fromIrc!, SITE)).toBeUndefined();
  });

  it('a help flag without its note, a help thread never; board lines off, only chat', () => {
    const { state, run, join, olga, issueId } = board();
    const ana = join('ana');
    const [raised] = run(ana, { name: 'help:raise', payload: { note: 'my secret stack trace', issueId } });
    expect(channelLine(state, raised!, SITE)?.text).toBe(`a\u200bna asked for help on #12 Fix the parser crash ${SITE}#/issue/12`);
    const helpId = Object.keys(state.help)[0]!;
    const [reply] = run(ana, { name: 'help:reply', payload: { helpId, text: 'more secrets' } });
    expect(channelLine(state, reply!, SITE)).toBeUndefined();
    const [claimed] = run(ana, { name: 'issue:claim', payload: { issueId } });
    expect(channelLine(state, claimed!, SITE)?.text).toBe(`a\u200bna claimed #12 Fix the parser crash ${SITE}#/issue/12`);
    run(olga, { name: 'event:update', payload: { irc: { boardLines: false } } });
    const [released] = run(ana, { name: 'issue:release', payload: { issueId } });
    expect(channelLine(state, released!, SITE)).toBeUndefined();
  });
});

describe('IRC people', () => {
  it('come in by their nick alone, as participants, beside a bugday person of the same nick; never promoted', () => {
    const { state, run, join, olga } = board();
    const ana = join('ana');
    const [joined] = run(null, { name: 'irc:join', payload: { nick: 'ANA' } });
    const ircAna = (joined as DomainEvent & { type: 'person.joined' }).person;
    expect(ircAna).toMatchObject({ nick: 'ANA', via: 'irc', role: 'participant' });
    expect(ircAna.id).not.toBe(ana);
    expect(decide(state, null, { name: 'irc:join', payload: { nick: 'ana' } }, { now: 1, nextSeq: state.seq + 1 })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(decide(state, olga, { name: 'person:role', payload: { personId: ircAna.id, role: 'mentor' } }, { now: 1, nextSeq: state.seq + 1 })).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: 'ANA is on IRC, where a nick proves little: people on IRC stay participants.' },
    });
    // Only the bridge (no person) brings people in from IRC.
    expect(decide(state, ana, { name: 'irc:join', payload: { nick: 'carl' } }, { now: 1, nextSeq: state.seq + 1 })).toMatchObject({ ok: false });
    // A bugday join is not refused for an IRC person's nick: they are not the same kind.
    expect(decide(state, null, { name: 'session:join', payload: { nick: 'carl' } }, { now: 1, nextSeq: state.seq + 1 }).ok).toBe(true);
  });
});

describe('commands said in the channel', () => {
  it('read with ! by the same parser; another bot’s ! command and /me are chat there', () => {
    expect(parseChat('!claim 12', IRC_SYNTAX)).toEqual({ kind: 'command', command: { kind: 'claim', number: 12 } });
    expect(parseChat('!move 12 needs review', IRC_SYNTAX)).toEqual({ kind: 'command', command: { kind: 'move', number: 12, column: 'review' } });
    expect(parseChat('!check 12 3.13 fixed', IRC_SYNTAX)).toEqual({ kind: 'command', command: { kind: 'check', number: 12, branch: '3.13', result: 'fixed' } });
    expect(parseChat('!seen guido', IRC_SYNTAX)).toEqual({ kind: 'message', text: '!seen guido' });
    expect(parseChat('!me waves', IRC_SYNTAX)).toEqual({ kind: 'message', text: '!me waves' });
    expect(parseChat('/claim 12', IRC_SYNTAX)).toEqual({ kind: 'message', text: '/claim 12' });
    expect(parseChat('!claim twelve', IRC_SYNTAX)).toEqual({ kind: 'usage', message: 'Usage: !claim 123 (an issue number, then optionally “anyway”)' });
  });

  it('do what the page’s commands do: the same board command, or the same answer', () => {
    const { state, issueId } = board() as { state: BoardState; issueId: string };
    expect(chatAction(state, { kind: 'claim', number: 12 })).toEqual({ kind: 'send', command: { name: 'issue:claim', payload: { issueId } } });
    expect(chatAction(state, { kind: 'claim', number: 12, anyway: true })).toEqual({ kind: 'send', command: { name: 'issue:claim', payload: { issueId, confirm: true } } });
    expect(chatAction(state, { kind: 'who', number: 12 })).toEqual({ kind: 'told', text: '#12 Fix the parser crash: nobody holds it (Open).' });
    expect(chatAction(state, { kind: 'release', number: 99 })).toEqual({ kind: 'mistaken', text: '#99 is not on this board.' });
  });
});

describe('the IRC settings', () => {
  it('reads BUGDAY_IRC and its companions, and explains what is wrong', () => {
    expect(ircConfig({})).toBeUndefined();
    expect(ircConfig({ BUGDAY_IRC: 'ircs://irc.libera.chat:6697/#python-dev' })).toEqual({
      server: { host: 'irc.libera.chat', port: 6697, tls: true, channel: '#python-dev' },
      nick: 'bugday',
    });
    expect(ircConfig({ BUGDAY_IRC: 'irc://localhost/%23sprint', BUGDAY_IRC_NICK: 'board', BUGDAY_IRC_PASSWORD: 'pw', BUGDAY_IRC_SASL_USER: 'u', BUGDAY_IRC_SASL_PASSWORD: 's' })).toEqual({
      server: { host: 'localhost', port: 6667, tls: false, channel: '#sprint' },
      nick: 'board',
      password: 'pw',
      sasl: { account: 'u', password: 's' },
    });
    expect(() => ircConfig({ BUGDAY_IRC: 'https://irc.libera.chat/#x' })).toThrow(/irc:\/\/ or ircs:\/\//);
    expect(() => ircConfig({ BUGDAY_IRC: 'irc://irc.libera.chat/' })).toThrow(/one channel/);
    expect(() => ircConfig({ BUGDAY_IRC: 'irc://h/#x', BUGDAY_IRC_NICK: '9lives' })).toThrow(/BUGDAY_IRC_NICK/);
    expect(() => ircConfig({ BUGDAY_IRC: 'irc://h/#x', BUGDAY_IRC_SASL_USER: 'u' })).toThrow(/go together/);
    expect(() => ircConfig({ BUGDAY_IRC_NICK: 'board' })).toThrow(/only mean something with BUGDAY_IRC/);
  });

  it('the organizer turns board lines and commands off through event:update, which checks what it is given', () => {
    expect(parseCommand('event:update', { irc: { boardLines: false } }).ok).toBe(true);
    expect(parseCommand('event:update', { irc: {} }).ok).toBe(false);
    expect(parseCommand('event:update', { irc: { boardLines: 'no' } }).ok).toBe(false);
    expect(parseCommand('event:update', { irc: { flood: true } }).ok).toBe(false);
  });
});
