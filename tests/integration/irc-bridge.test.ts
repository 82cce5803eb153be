/**
 * The IRC bridge against a real IRC server: Debian's ngircd, started and
 * stopped here, with a second real IRC client in the channel as a person.
 * Pages are real Socket.IO clients of the real server.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ChatMessage, DomainEvent, IrcStatus } from '../../shared/protocol.ts';
import type { BridgeTiming } from '../../server/irc/bridge.ts';
import { IRC_LINE_BYTES, textBytes } from '../../server/irc/irc-text.ts';
import { TestClient } from './helpers/client.ts';
import { IrcPerson } from './helpers/irc-person.ts';
import { startNgircd, type RunningNgircd } from './helpers/ngircd.ts';
import { startServer, type RunningServer } from './helpers/server.ts';

const ORGANIZER_KEY = 'irc-bridge-organizer-key';
const SITE = 'https://bugday.example.org/';
const ZWSP = '\u200b';
/** Fast enough for a test, and still a token bucket with a burst: the pace itself is checked in the unit tests. */
const FAST: Partial<BridgeTiming> = { pace: { burst: 4, lineMs: 100 }, firstBackoffMs: 100, maxBackoffMs: 800, reclaimNickMs: 300, rejoinMs: 200 };

vi.setConfig({ testTimeout: 60_000, hookTimeout: 30_000 });

let ircd: RunningNgircd;
let channelNumber = 0;
const running: { close(): unknown }[] = [];
let server: RunningServer | undefined;

beforeAll(async () => {
  ircd = await startNgircd();
});
afterAll(async () => {
  await ircd.close();
});
afterEach(async () => {
  for (const thing of running.splice(0)) await thing.close();
  await server?.stop();
  server = undefined;
});

/** A bugday server bridged to a channel of its own on the test's ngircd, and a person already in that channel. */
async function bridged(options: { nick?: string; person?: string; timing?: Partial<BridgeTiming> } = {}) {
  channelNumber += 1;
  const channel = `#sprint${channelNumber}`;
  const nick = options.nick ?? `bugday${channelNumber}`;
  // In the channel first: ngircd makes the first to join its operator.
  const bob = await IrcPerson.join(ircd.port, options.person ?? `bob${channelNumber}`, channel);
  running.push({ close: () => bob.quit() });
  server = await startServer(
    { organizerKey: ORGANIZER_KEY },
    { irc: { config: { server: { host: '127.0.0.1', port: ircd.port, tls: false, channel }, nick }, site: SITE, timing: { ...FAST, ...options.timing } } },
  );
  const olga = await page('olga', ORGANIZER_KEY);
  await olga.client.send('issue:import', { issues: [{ number: 12, title: 'Fix the parser crash' }, { number: 13, title: 'Document the tokenizer' }] });
  await olga.client.until(() => inChannel(olga.client), `${nick} in ${channel}`, 10_000);
  return { channel, nick, bob, olga };
}

/** A page that has joined as `nick`. */
async function page(nick: string, key?: string) {
  const client = await TestClient.connect(server!.url);
  running.push(client);
  const answer = await client.send('session:join', key ? { nick, key } : { nick });
  if (!answer.ok) throw new Error(`${nick}: ${answer.error.message}`);
  const { token, person } = answer.data as { token: string; person: { id: string } };
  client.token = token;
  return { client, id: person.id };
}

async function lurker() {
  const client = await TestClient.connect(server!.url);
  running.push(client);
  return client;
}

const lastStatus = (client: TestClient): IrcStatus | undefined => client.ircStatuses.at(-1);
const inChannel = (client: TestClient) => lastStatus(client)?.state === 'connected';

const chatFrom = (client: TestClient, nick: string): (DomainEvent & { type: 'chat.sent' })[] =>
  client.events.filter((e): e is DomainEvent & { type: 'chat.sent' } => e.type === 'chat.sent' && server!.app.board.state.people[e.actor]?.nick === nick);

const issueId = (number: number) => Object.values(server!.app.board.state.issues).find((issue) => issue.number === number)!.id;

describe('the page and the channel are one conversation', () => {
  it('page → channel: a message under the sender’s nick, kept from pinging its IRC namesake; /me as an action', async () => {
    const { bob, nick } = await bridged();
    const ana = await page('ana');
    await ana.client.send('chat:send', { text: 'hello from the page' });
    await ana.client.send('chat:send', { text: 'waves', action: true });
    await bob.until(() => bob.heard.filter((said) => said.nick === nick).length >= 2, 'the two lines');
    const heard = bob.heard.filter((said) => said.nick === nick);
    expect(heard[0]).toMatchObject({ kind: 'privmsg', text: `<a${ZWSP}na> hello from the page` });
    expect(heard[1]).toMatchObject({ kind: 'action', text: `a${ZWSP}na waves` });
  });

  it('channel → page: what bob says reaches every page as chat from an IRC person, in order, live and in replay', async () => {
    const { bob } = await bridged();
    const watcher = await lurker();
    bob.say('\u0002bold\u0002 and \u000304red\u0003 words');
    bob.act('fixes the docs');
    bob.say('third');
    await watcher.until(() => chatFrom(watcher, bob.nick).length === 3, 'three lines from bob');
    const said = chatFrom(watcher, bob.nick);
    expect(said.map((e) => [e.text, Boolean(e.action)])).toEqual([
      ['bold and red words', false],
      ['fixes the docs', true],
      ['third', false],
    ]);
    const person = server!.app.board.state.people[said[0]!.actor]!;
    expect(person).toMatchObject({ nick: bob.nick, via: 'irc', role: 'participant' });
    // A page opened later has them from its snapshot.
    const later = await lurker();
    const chat = (later.syncs[0] as { snapshot: { chat: ChatMessage[] } }).snapshot.chat;
    expect(chat.filter((m) => m.author === person.id).map((m) => m.text)).toEqual(['bold and red words', 'fixes the docs', 'third']);
  });

  it('an IRC nick equal to a bugday nick is another person: it speaks and claims as itself', async () => {
    const { bob } = await bridged({ person: 'ana' });
    const ana = await page('ana');
    const watcher = await lurker();
    bob.say('I am ana on IRC');
    bob.say('!claim 12');
    await watcher.until(() => watcher.events.some((e) => e.type === 'issue.claimed'), 'the claim from IRC');
    const ircAna = Object.values(server!.app.board.state.people).find((p) => p.via === 'irc')!;
    expect(ircAna.nick).toBe('ana');
    expect(ircAna.id).not.toBe(ana.id);
    expect(server!.app.board.state.issues[issueId(12)]!.claimant).toBe(ircAna.id);
    expect(chatFrom(watcher, 'ana').every((e) => e.actor === ircAna.id)).toBe(true);
    // And the organizer cannot make an IRC nick a mentor.
    const olga = server!.app.board.state;
    expect(olga.people[ircAna.id]!.role).toBe('participant');
  });
});

describe('the board in the channel', () => {
  it('one line per claim, release and move to review with a link to the card; the organizer can turn them off', async () => {
    const { bob, nick, olga } = await bridged();
    const ana = await page('ana');
    await ana.client.send('issue:claim', { issueId: issueId(12) });
    await ana.client.send('issue:move', { issueId: issueId(12), column: 'review' });
    await ana.client.send('issue:release', { issueId: issueId(12) });
    await bob.until(() => bob.channelLines(nick).length >= 3, 'three board lines');
    expect(bob.channelLines(nick)).toEqual([
      `a${ZWSP}na claimed #12 Fix the parser crash ${SITE}#/issue/12`,
      `a${ZWSP}na moved #12 Fix the parser crash ${SITE}#/issue/12 to Needs review`,
      `a${ZWSP}na released #12 Fix the parser crash ${SITE}#/issue/12`,
    ]);
    expect(await olga.client.send('event:update', { irc: { boardLines: false } })).toMatchObject({ ok: true });
    await ana.client.send('issue:claim', { issueId: issueId(13) });
    await ana.client.send('chat:send', { text: 'after the claim' });
    await bob.until(() => bob.channelLines(nick).length >= 4, 'the chat line');
    expect(bob.channelLines(nick).slice(3)).toEqual([`<a${ZWSP}na> after the claim`]);
  });

  it('!claim from IRC is held by that IRC person, answered with a NOTICE to them alone; !who and the hint too', async () => {
    const { bob, nick } = await bridged();
    const watcher = await lurker();
    bob.say('!claim 12');
    await bob.until(() => bob.notices(nick).length >= 1, 'the NOTICE');
    expect(bob.notices(nick)[0]).toBe('You hold #12 Fix the parser crash now. Say !release 12 to let it go.');
    await watcher.until(() => watcher.events.some((e) => e.type === 'issue.claimed'), 'the claim on the page');
    expect(server!.app.board.state.people[server!.app.board.state.issues[issueId(12)]!.claimant!]).toMatchObject({ via: 'irc', nick: bob.nick });
    bob.say('!who 12');
    bob.say("ok, I'm working on #13");
    bob.say('!claim 99');
    await bob.until(() => bob.notices(nick).length >= 4, 'three more NOTICEs');
    expect(bob.notices(nick).slice(1)).toEqual([
      expect.stringMatching(new RegExp(`^#12 Fix the parser crash: held by ${bob.nick} since \\d\\d:\\d\\d UTC \\(In progress\\)\\.$`)),
      '#13 is free: say !claim 13 to put it on the board.',
      '#99 is not on this board.',
    ]);
    // The NOTICEs went to bob, not to the channel: the channel heard only the board line of the claim.
    expect(bob.channelLines(nick)).toEqual([`${bob.nick.slice(0, 1)}${ZWSP}${bob.nick.slice(1)} claimed #12 Fix the parser crash ${SITE}#/issue/12`]);
    // "!claim 99" is not chat; "ok, I'm working on #13" is.
    expect(chatFrom(watcher, bob.nick).map((e) => e.text)).toEqual(["ok, I'm working on #13"]);
  });

  it('commands from IRC can be turned off: then "!claim 12" is only chat', async () => {
    const { bob, olga } = await bridged();
    await olga.client.send('event:update', { irc: { commands: false } });
    const watcher = await lurker();
    bob.say('!claim 12');
    await watcher.until(() => chatFrom(watcher, bob.nick).length === 1, 'the line as chat');
    expect(server!.app.board.state.issues[issueId(12)]!.claimant).toBeUndefined();
  });
});

describe("IRC's limits", () => {
  it('a 600-byte message with multi-byte characters at the edges arrives split on character boundaries, each line within 512 bytes', async () => {
    const { bob, nick, channel } = await bridged();
    const ana = await page('ana');
    // é is two bytes, 😀 four: wherever the split falls, it falls next to one.
    const text = `${'é'.repeat(150)}${'😀'.repeat(40)}${'ü'.repeat(70)}`;
    expect(Buffer.byteLength(text)).toBe(600);
    await ana.client.send('chat:send', { text });
    await bob.until(() => bob.channelLines(nick).join('').length >= text.length, 'every piece');
    const lines = bob.channelLines(nick);
    expect(lines.length).toBe(2);
    const lead = `<a${ZWSP}na> `;
    expect(lines.every((line) => line.startsWith(lead) && !line.includes('\ufffd'))).toBe(true);
    expect(lines.map((line) => line.slice(lead.length)).join('')).toBe(text);
    const room = textBytes('PRIVMSG', channel, nick);
    for (const line of lines) {
      expect(Buffer.byteLength(line)).toBeLessThanOrEqual(room);
      // What the server sends on: ":nick!user@host PRIVMSG #channel :text\r\n".
      expect(Buffer.byteLength(`:${nick}!~bugday@127.0.0.1 PRIVMSG ${channel} :${line}\r\n`)).toBeLessThanOrEqual(IRC_LINE_BYTES);
    }
  });

  it('a burst of 50 page messages arrives in order, paced, none lost or doubled; the sender is told while theirs wait', async () => {
    const { bob, nick } = await bridged();
    const ana = await page('ana');
    const sent = Array.from({ length: 50 }, (_, n) => `message ${n}`);
    await Promise.all(sent.map((text) => ana.client.send('chat:send', { text })));
    await ana.client.until(() => lastStatus(ana.client)?.queuedFrom !== undefined, 'the queue told to ana');
    // At this pace, about seven lines a second: some 8 s for the fifty.
    await bob.until(() => bob.channelLines(nick).length >= 50, 'fifty lines', 30_000);
    expect(bob.channelLines(nick)).toEqual(sent.map((text) => `<a${ZWSP}na> ${text}`));
    await ana.client.until(() => lastStatus(ana.client)?.queuedFrom === undefined, 'the queue empty for ana');
    expect(lastStatus(ana.client)?.state).toBe('connected');
  }, 120_000);

  it('ngircd restarted mid-burst: after the reconnect the rest arrives, marked with its time, nothing lost, nothing doubled', async () => {
    const { bob, nick, channel } = await bridged({ timing: { pace: { burst: 2, lineMs: 150 }, firstBackoffMs: 1_500, maxBackoffMs: 1_500 } });
    const ana = await page('ana');
    const sent = Array.from({ length: 20 }, (_, n) => `line ${n}`);
    await Promise.all(sent.map((text) => ana.client.send('chat:send', { text })));
    await bob.until(() => bob.channelLines(nick).length >= 3, 'the first lines');
    await ircd.restart();
    // Back in the channel before the bridge, which waits at least 750 ms to reconnect.
    const again = await IrcPerson.join(ircd.port, `${bob.nick}b`, channel);
    running.push({ close: () => again.quit() });
    await again.until(() => bob.channelLines(nick).length + again.channelLines(nick).length >= 20, 'the rest', 20_000);
    const before = bob.channelLines(nick);
    const after = again.channelLines(nick).map((line) => line.replace(/^\[\d\d:\d\d UTC\] /, ''));
    expect([...before, ...after]).toEqual(sent.map((text) => `<a${ZWSP}na> ${text}`));
    expect(again.channelLines(nick).every((line) => /^\[\d\d:\d\d UTC\] </.test(line))).toBe(true);
  });
});

describe('faults', () => {
  it('down for a long while: the channel then hears the last 50 board messages, each with its time, and how many came before', async () => {
    // It waits at least 750 ms to reconnect: time for a person to be back in the channel first.
    const { bob, nick, channel, olga } = await bridged({ timing: { firstBackoffMs: 1_500, maxBackoffMs: 1_500 } });
    const ana = await page('ana');
    await ircd.stop();
    await olga.client.until(() => lastStatus(olga.client)?.state === 'disconnected', 'the bridge down');
    const sent = Array.from({ length: 55 }, (_, n) => `while down ${n}`);
    for (const text of sent) await ana.client.send('chat:send', { text });
    await ircd.restart();
    const back = await IrcPerson.join(ircd.port, `${bob.nick}c`, channel);
    running.push({ close: () => back.quit() });
    await back.until(() => back.channelLines(nick).length >= 51, 'the summary and fifty lines', 30_000);
    const heard = back.channelLines(nick);
    expect(heard[0]).toBe(`(5 earlier messages on the board: ${SITE})`);
    expect(heard.slice(1).map((line) => line.replace(/^\[\d\d:\d\d UTC\] /, ''))).toEqual(sent.slice(5).map((text) => `<a${ZWSP}na> ${text}`));
    expect(heard.slice(1).every((line) => /^\[\d\d:\d\d UTC\] </.test(line))).toBe(true);
  });

  it('a channel that needs a key: the bridge says so, and gets in once the key is gone', async () => {
    channelNumber += 1;
    const channel = `#locked${channelNumber}`;
    const op = await IrcPerson.join(ircd.port, `op${channelNumber}`, channel);
    running.push({ close: () => op.quit() });
    op.mode('+k', 'sesame');
    await op.until(() => op.modes.includes('+k'), 'the key set');
    server = await startServer(
      {},
      { irc: { config: { server: { host: '127.0.0.1', port: ircd.port, tls: false, channel }, nick: `bugday${channelNumber}` }, site: SITE, timing: FAST } },
    );
    const watcher = await lurker();
    await watcher.until(() => lastStatus(watcher)?.lastError?.message === `Cannot join ${channel}: it needs a key (+k).`, 'the key told', 10_000);
    expect(lastStatus(watcher)?.state).toBe('disconnected');
    op.mode('-k', 'sesame');
    await watcher.until(() => inChannel(watcher), 'in once the key is gone', 10_000);
  });

  it('an IRC server that refuses the first connection: the bridge keeps trying and gets in once it is up', async () => {
    await ircd.stop();
    channelNumber += 1;
    const channel = `#sprint${channelNumber}`;
    server = await startServer(
      {},
      { irc: { config: { server: { host: '127.0.0.1', port: ircd.port, tls: false, channel }, nick: `bugday${channelNumber}` }, site: SITE, timing: FAST } },
    );
    const watcher = await lurker();
    await watcher.until(() => lastStatus(watcher)?.lastError?.message.startsWith('Cannot reach 127.0.0.1') === true, 'the refusal told');
    expect(lastStatus(watcher)?.state).not.toBe('connected');
    await ircd.restart();
    await watcher.until(() => inChannel(watcher), 'the bridge in its channel', 10_000);
    expect(lastStatus(watcher)).toMatchObject({ channel: `${channel} on 127.0.0.1`, nick: `bugday${channelNumber}` });
  });

  it('its nick in use: it takes another, and reclaims its own once free', async () => {
    channelNumber += 1;
    const squatter = await IrcPerson.join(ircd.port, 'bugdaynick', `#elsewhere${channelNumber}`);
    const { olga } = await bridged({ nick: 'bugdaynick' });
    expect(lastStatus(olga.client)?.nick).toBe('bugdaynick_');
    await squatter.quit();
    await olga.client.until(() => lastStatus(olga.client)?.nick === 'bugdaynick', 'its own nick back', 10_000);
  });

  it('kicked: it rejoins once after a pause; kicked again, it stays out and says so', async () => {
    const { bob, nick, olga } = await bridged();
    const kick = () => bob.kick(nick);
    kick();
    await olga.client.until(() => lastStatus(olga.client)?.lastError?.message.includes('Rejoining once') === true, 'the first kick told');
    await olga.client.until(() => inChannel(olga.client), 'back in the channel');
    kick();
    await olga.client.until(() => lastStatus(olga.client)?.lastError?.message.includes('Kicked twice') === true, 'the second kick told');
    expect(lastStatus(olga.client)?.state).toBe('disconnected');
  });
});
