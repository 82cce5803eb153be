/**
 * The event's IRC channel and the board as one conversation. The bridge is
 * one IRC client (irc-framework) in the channel: what the page says and does
 * is said there (channel-lines.ts), at a pace the server tolerates
 * (outbox.ts); what the channel says reaches the board as chat from people
 * of their own kind, and `!claim 123` and the other commands act on it, each
 * answered with a NOTICE to whoever gave it.
 *
 * It reconnects by itself, forever, with jittered backoff (irc-framework's own
 * reconnect gives up after three tries and never retries a first connect that
 * failed), and bugday never waits for it: the board only hands it events.
 */
import irc from 'irc-framework';
import {
  chatAction,
  claimIntent,
  clockUtc,
  findIrcPerson,
  IRC_SYNTAX,
  parseChat,
  whoHolds,
  type BoardCommand,
  type ChatCommand,
  type DomainCommand,
} from '../../shared/domain/index.ts';
import { issueNumbered } from '../../shared/domain/state.ts';
import type { DomainEvent, IrcStatus, Person } from '../../shared/protocol.ts';
import type { Board, Committed } from '../board.ts';
import type { Logger } from '../log.ts';
import { channelLine, type ChannelLine } from './channel-lines.ts';
import type { IrcConfig } from './irc-config.ts';
import { fromIrc, ircLines, textBytes } from './irc-text.ts';
import { IRC_PACE, Outbox, type OutLine, type Pace } from './outbox.ts';

export interface BridgeTiming {
  pace: Pace;
  /** The first wait before reconnecting, doubled each failed try up to `maxBackoffMs`, each with jitter. */
  firstBackoffMs: number;
  maxBackoffMs: number;
  /** How often the bridge tries to get its own nick back while it goes by another. */
  reclaimNickMs: number;
  /** The pause before rejoining after a kick. */
  rejoinMs: number;
}

export const IRC_TIMING: BridgeTiming = { pace: IRC_PACE, firstBackoffMs: 1_000, maxBackoffMs: 5 * 60_000, reclaimNickMs: 60_000, rejoinMs: 10_000 };

/** After an outage the channel hears at most this many of the board's messages; the rest are counted. */
export const CATCH_UP_MESSAGES = 50;

const COUNT_EVERY_MS = 30_000;
/** Lines in one round: with its PING, no more commands than ngircd handles from a client at once. */
const ROUND_LINES = 2;

/** Room kept in each line for the time mark that a message said late carries. */
const TIME_MARK_BYTES = '[23:59 UTC] '.length;

export interface BridgeOptions {
  config: IrcConfig;
  board: Board;
  /** The page's public address, for links to cards. */
  site: string;
  /** Tells pages how the bridge is: every page, or only the people named (whose messages wait). */
  publish: (status: IrcStatus, people?: Iterable<string>) => void;
  log: Logger;
  now: () => number;
  timing?: Partial<BridgeTiming>;
}

type IrcClient = InstanceType<typeof irc.Client>;

interface Heard {
  nick: string;
  text: string;
  action: boolean;
  /** Said in the channel, not to the bridge alone. */
  public: boolean;
}

export class IrcBridge {
  readonly #options: BridgeOptions;
  readonly #timing: BridgeTiming;
  readonly #channel: string;
  readonly #outbox: Outbox;
  #status: IrcStatus;
  #client: IrcClient | undefined;
  #attempts = 0;
  #joined = false;
  #kicked = false;
  #stopped = false;
  #timers = new Set<NodeJS.Timeout>();
  #paceTimer: NodeJS.Timeout | undefined;
  #members = new Set<string>();
  /** Board messages dropped while the channel could not hear them, told as one line once it can. */
  #missed = 0;
  #inbound: Promise<void> = Promise.resolve();
  /** The last refusal each nick was told for plain chat, so a muted person is told once, not on every line. */
  #told = new Map<string, string>();
  #stopCommits: (() => void) | undefined;
  #queueWatchers = new Set<string>();
  #reclaiming = false;
  #counting = false;

  constructor(options: BridgeOptions) {
    this.#options = options;
    this.#timing = { ...IRC_TIMING, ...options.timing };
    const { server, nick } = options.config;
    this.#channel = server.channel;
    this.#outbox = new Outbox(this.#timing.pace, textBytes('PRIVMSG', this.#channel, nick), options.now());
    this.#status = { channel: `${server.channel} on ${server.host}`, nick, state: 'connecting', since: options.now() };
  }

  get status(): IrcStatus {
    return this.#status;
  }

  start() {
    this.#stopCommits = this.#options.board.onCommit((events) => this.#relay(events));
    this.#connect();
  }

  /** Leaves the channel; what is still queued is not said. */
  stop() {
    this.#stopped = true;
    this.#stopCommits?.();
    for (const timer of this.#timers) clearTimeout(timer);
    clearTimeout(this.#paceTimer);
    const client = this.#client;
    this.#client = undefined;
    client?.removeAllListeners();
    client?.quit('bugday is stopping');
  }

  // --- the connection -------------------------------------------------------

  #connect() {
    if (this.#stopped) return;
    const { config } = this.#options;
    this.#setStatus({ state: 'connecting' });
    const client = new irc.Client();
    this.#client = client;
    this.#listen(client);
    client.connect({
      host: config.server.host,
      port: config.server.port,
      tls: config.server.tls,
      nick: config.nick,
      username: 'bugday',
      gecos: 'bugday: the board of this channel',
      version: 'bugday',
      // Reconnecting is the bridge's own (see above); lines are split by the bridge, which knows their budget.
      auto_reconnect: false,
      message_max_length: 500,
      ...(config.password ? { password: config.password } : {}),
      ...(config.sasl ? { account: config.sasl } : {}),
    });
  }

  #listen(client: IrcClient) {
    const mine = (handler: (...args: never[]) => void) =>
      ((...args: never[]) => {
        if (this.#client === client) handler(...args);
      }) as (...args: unknown[]) => void;
    const desired = this.#options.config.nick;
    let tries = 0;
    let registered = false;
    client.on(
      'nick in use',
      mine(() => {
        // Before registering, the server waits for a nick that is free; irc-framework only reports it.
        // After, it answers a try to take our own nick back: we keep the one we have.
        if (registered) return;
        tries += 1;
        client.changeNick(tries === 1 ? `${desired}_` : `${desired.slice(0, 24)}${Math.floor(Math.random() * 10_000)}`);
      }),
    );
    client.on(
      'registered',
      mine((event: { nick: string }) => {
        registered = true;
        this.#setStatus({ nick: event.nick });
        client.join(this.#channel);
        if (event.nick !== desired) this.#reclaimNick();
      }),
    );
    client.on(
      'join',
      mine((event: { nick: string; channel: string }) => {
        if (!this.#sameChannel(event.channel)) return;
        if (this.#isMe(event.nick)) this.#inChannel();
        else this.#members.add(event.nick.toLowerCase());
        this.#countMembers();
      }),
    );
    client.on(
      'userlist',
      mine((event: { channel: string; users: { nick: string }[] }) => {
        if (!this.#sameChannel(event.channel)) return;
        this.#members = new Set(event.users.map((user) => user.nick.toLowerCase()));
        this.#countMembers(true);
      }),
    );
    client.on(
      'part',
      mine((event: { nick: string; channel: string }) => {
        if (this.#sameChannel(event.channel)) this.#gone(event.nick);
      }),
    );
    client.on('quit', mine((event: { nick: string }) => this.#gone(event.nick)));
    client.on(
      'nick',
      mine((event: { nick: string; new_nick: string }) => {
        if (this.#isMe(event.nick)) {
          this.#setStatus({ nick: event.new_nick });
          return;
        }
        this.#members.delete(event.nick.toLowerCase());
        this.#members.add(event.new_nick.toLowerCase());
        if (event.nick.toLowerCase() === desired.toLowerCase()) this.#reclaimNick();
      }),
    );
    client.on(
      'kick',
      mine((event: { kicked: string; nick: string; channel: string; message?: string }) => {
        if (!this.#sameChannel(event.channel)) return;
        if (!this.#isMe(event.kicked)) return this.#gone(event.kicked);
        this.#kickedOut(event.nick, event.message);
      }),
    );
    client.on(
      'irc error',
      mine((event: { error: string; channel?: string; reason?: string }) => {
        const why = JOIN_ERRORS[event.error];
        if (!why || (event.channel && !this.#sameChannel(event.channel))) return;
        this.#error(`Cannot join ${this.#channel}: ${why}.`);
        this.#setStatus({ state: 'disconnected' });
        this.#later(() => client.join(this.#channel), this.#backoff());
      }),
    );
    client.on('privmsg', mine((event: IrcMessage) => this.#hear(event, false)));
    client.on('action', mine((event: IrcMessage) => this.#hear(event, true)));
    client.on(
      'pong',
      mine((event: { message?: string }) => {
        const id = Number(/^bugday-(\d+)$/.exec(event.message ?? '')?.[1]);
        if (!id) return;
        this.#outbox.confirm(id);
        this.#publishQueue();
        this.#pump();
      }),
    );
    client.on(
      'socket close',
      mine((error?: Error) => {
        if (error) this.#error(`Cannot reach ${this.#options.config.server.host}: ${error.message}`);
      }),
    );
    client.on(
      'close',
      mine(() => this.#down()),
    );
  }

  #inChannel() {
    this.#joined = true;
    this.#attempts = 0;
    this.#setStatus({ state: 'connected' });
    this.#log().info({ channel: this.#channel, nick: this.#status.nick }, 'IRC bridge joined its channel');
    if (this.#missed) {
      const missed = this.#missed;
      this.#missed = 0;
      this.#outbox.pushFront([this.#boardLine(`(${missed} earlier ${missed === 1 ? 'message' : 'messages'} on the board: ${this.#options.site})`)]);
    }
    this.#pump();
  }

  #down() {
    const wasUp = this.#joined;
    this.#joined = false;
    this.#client?.removeAllListeners();
    this.#client = undefined;
    clearTimeout(this.#paceTimer);
    this.#paceTimer = undefined;
    this.#outbox.requeue();
    this.#members.clear();
    if (this.#stopped) return;
    const wait = this.#backoff();
    if (wasUp) this.#log().warn({ channel: this.#channel, retryInMs: wait }, 'IRC bridge lost its connection; reconnecting');
    this.#setStatus({ state: 'disconnected', inChannel: undefined });
    this.#later(() => this.#connect(), wait);
  }

  /** Jittered exponential backoff: half the doubled wait, plus up to as much again at random. */
  #backoff(): number {
    const { firstBackoffMs, maxBackoffMs } = this.#timing;
    const ceiling = Math.min(maxBackoffMs, firstBackoffMs * 2 ** this.#attempts);
    this.#attempts += 1;
    return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
  }

  /** Tries for our own nick now, and again every so often until we have it. */
  #reclaimNick() {
    const desired = this.#options.config.nick;
    const client = this.#client;
    if (!client || this.#isMe(desired)) return;
    client.changeNick(desired);
    if (this.#reclaiming) return;
    this.#reclaiming = true;
    this.#later(() => {
      this.#reclaiming = false;
      this.#reclaimNick();
    }, this.#timing.reclaimNickMs);
  }

  /** Kicked once: back after a pause. Kicked again soon after: out until an organizer sees why. */
  #kickedOut(by: string, reason: string | undefined) {
    this.#joined = false;
    const said = `Kicked from ${this.#channel} by ${by}${reason ? `: ${fromIrc(reason)}` : ''}`;
    this.#setStatus({ state: 'disconnected', inChannel: undefined });
    if (this.#kicked) {
      this.#error(`${said}. Kicked twice, the bridge stays out until bugday restarts.`);
      return;
    }
    this.#kicked = true;
    this.#error(`${said}. Rejoining once.`);
    this.#later(() => this.#client?.join(this.#channel), this.#timing.rejoinMs);
  }

  #gone(nick: string) {
    this.#members.delete(nick.toLowerCase());
    this.#countMembers();
    if (nick.toLowerCase() === this.#options.config.nick.toLowerCase()) this.#reclaimNick();
  }

  /**
   * A big channel has someone joining or leaving every few seconds, and each status goes to every
   * page: the count is told at most every COUNT_EVERY_MS, with whatever else changes meanwhile.
   */
  #countMembers(atOnce = false) {
    if (!this.#joined || (this.#counting && !atOnce)) return;
    this.#counting = true;
    const count = () => {
      this.#counting = false;
      if (this.#joined) this.#setStatus({ inChannel: Math.max(1, this.#members.size + (this.#members.has(this.#status.nick.toLowerCase()) ? 0 : 1)) });
    };
    // The whole list, as the server sends it on joining, is told at once: the organizer is looking at it.
    if (atOnce) count();
    else this.#later(count, COUNT_EVERY_MS);
  }

  // --- page → channel -------------------------------------------------------

  #relay(events: DomainEvent[]) {
    const { board, site } = this.#options;
    for (const event of events) {
      const line = channelLine(board.state, event, site);
      if (line) this.#outbox.push(this.#lines(line, !this.#joined));
    }
    if (!this.#joined) this.#missed += this.#outbox.keepLast(CATCH_UP_MESSAGES);
    this.#pump();
  }

  #lines(line: ChannelLine, late: boolean): OutLine[] {
    const budget = textBytes('PRIVMSG', this.#channel, this.#options.config.nick, line.action) - TIME_MARK_BYTES;
    return ircLines(line.lead, line.text, budget).map((text) => ({
      command: 'PRIVMSG' as const,
      target: this.#channel,
      text,
      action: line.action,
      seq: line.seq,
      at: line.at,
      late,
      ...(line.by ? { by: line.by } : {}),
    }));
  }

  #boardLine(text: string): OutLine {
    return { command: 'PRIVMSG', target: this.#channel, text, action: false };
  }

  #notice(nick: string, text: string) {
    const budget = textBytes('NOTICE', nick, this.#options.config.nick);
    this.#outbox.push(ircLines('', text, budget).map((piece) => ({ command: 'NOTICE' as const, target: nick, text: piece, action: false })));
    this.#pump();
  }

  /**
   * Says what the allowance lets through now, and comes back when it has room for the next line.
   * A round of lines leaves in one write with a PING after it, and the next round waits for its
   * PONG. A server reads a write in one go and handles a few commands at a time: a round that
   * small is handled whole or not at all, so a restart cannot fall between a line it handled and
   * the PING that confirms it (that line would be said twice after the reconnect). Waiting for the
   * PONG also keeps the server from holding a backlog it is slow to read (ngircd, after a burst).
   */
  #pump() {
    if (!this.#joined || this.#paceTimer || this.#outbox.inFlight) return;
    const client = this.#client;
    if (!client) return;
    const round: string[] = [];
    let last: number | undefined;
    while (round.length < ROUND_LINES) {
      const next = this.#outbox.take(this.#options.now());
      if (!next) break;
      if ('waitMs' in next) {
        this.#paceTimer = setTimeout(() => {
          this.#paceTimer = undefined;
          this.#pump();
        }, next.waitMs);
        break;
      }
      const { line } = next;
      // Said after an outage, a line says when it was written on the board.
      const text = line.late && line.at !== undefined ? `[${clockUtc(line.at)}] ${line.text}` : line.text;
      round.push(client.rawString(line.command, line.target, line.action ? `\u0001ACTION ${text}\u0001` : text));
      last = line.id;
    }
    if (last !== undefined) client.raw([...round, client.rawString('PING', `bugday-${last}`)].join('\r\n'));
    this.#publishQueue();
  }

  /** Tells the people whose messages wait, and those whose last one just left, where the queue stands. */
  #publishQueue() {
    const queuedFrom = this.#outbox.queuedFrom;
    if (queuedFrom === this.#status.queuedFrom) return;
    const senders = this.#outbox.senders;
    const told = new Set([...this.#queueWatchers, ...senders]);
    this.#queueWatchers = senders;
    this.#setStatus({ queuedFrom }, told);
  }

  // --- channel → page -------------------------------------------------------

  #hear(event: IrcMessage, action: boolean) {
    if (!event.nick || this.#isMe(event.nick)) return; // the server's own notices, and our own echoes
    const heard: Heard = { nick: event.nick, text: event.message, action, public: this.#sameChannel(event.target) };
    if (!heard.public && !this.#isMe(event.target)) return;
    // One at a time, in the order they were said: each may wait for the board to store the last.
    this.#inbound = this.#inbound.then(() => this.#handle(heard)).catch((error: unknown) => this.#log().error({ err: error }, 'IRC bridge could not handle a line'));
  }

  async #handle({ nick, text: raw, action, public: inChannel }: Heard) {
    const text = fromIrc(raw);
    if (!text) return;
    const { board } = this.#options;
    if (!action) {
      const parsed = parseChat(text, IRC_SYNTAX);
      if (parsed.kind !== 'message') {
        if (board.state.event.irc.commands) return this.#command(nick, parsed.kind === 'usage' ? parsed.message : parsed.command);
        if (!inChannel) return this.#notice(nick, 'Commands from IRC are turned off for this event; use the page.');
      }
    }
    if (!inChannel) return this.#notice(nick, `I only carry ${this.#channel} to the board. Say it there, or try !who 123 or !claim 123 here.`);
    const person = await this.#person(nick);
    if (!person) return;
    const sent = await this.#run(person.id, { name: 'chat:send', payload: action ? { text, action: true } : { text } });
    if (!sent.ok) return this.#tellOnce(nick, sent.error.message);
    this.#told.delete(nick.toLowerCase());
    const number = action ? undefined : claimIntent(text);
    if (number !== undefined) this.#notice(nick, this.#hint(number));
  }

  /** What "I'm working on #123" is answered with: how to put the claim on the board, or who has it. */
  #hint(number: number): string {
    const { state } = this.#options.board;
    const issue = issueNumbered(state, number);
    if (!issue) return `#${number} is not on the board.`;
    if (!issue.claimant) return `#${number} is free: say !claim ${number} to put it on the board.`;
    return whoHolds(state, issue);
  }

  async #command(nick: string, command: ChatCommand | string) {
    if (typeof command === 'string') return this.#notice(nick, command);
    const { board } = this.#options;
    const action = chatAction(board.state, command);
    if (action.kind !== 'send') return this.#notice(nick, action.text);
    const person = await this.#person(nick);
    if (!person) return;
    const done = await this.#run(person.id, action.command);
    if (!done.ok) {
      const { code, message } = done.error;
      // The page asks "Claim it anyway?" with a button; here it is a word to add.
      const asked = code === 'needs_confirmation' && command.kind === 'claim' ? `${message} Say !claim ${command.number} anyway.` : message;
      return this.#notice(nick, asked);
    }
    this.#notice(nick, doneLine(action.command, board));
  }

  /** The person a nick speaks as, brought in the first time it speaks; undefined (and the nick told why) if the board says no. */
  async #person(nick: string): Promise<Person | undefined> {
    const { board } = this.#options;
    const known = findIrcPerson(board.state, nick);
    if (known) return known;
    const joined = await this.#run(null, { name: 'irc:join', payload: { nick } });
    if (!joined.ok) {
      this.#tellOnce(nick, joined.error.message);
      return undefined;
    }
    return findIrcPerson(board.state, nick);
  }

  #run(actor: string | null, command: DomainCommand | BoardCommand): Promise<Committed> {
    return new Promise((resolve) => this.#options.board.execute(actor, command, resolve));
  }

  #tellOnce(nick: string, message: string) {
    const key = nick.toLowerCase();
    if (this.#told.get(key) === message) return;
    this.#told.set(key, message);
    this.#notice(nick, message);
  }

  // --- small things ---------------------------------------------------------

  #sameChannel(name: string | undefined) {
    return name?.toLowerCase() === this.#channel.toLowerCase();
  }

  #isMe(nick: string | undefined) {
    return nick !== undefined && nick.toLowerCase() === this.#status.nick.toLowerCase();
  }

  #error(message: string) {
    this.#log().warn({ channel: this.#channel, problem: message }, 'IRC bridge problem');
    this.#setStatus({ lastError: { at: this.#options.now(), message } });
  }

  /** `people`: only they need to hear of it (the queue moved); every page otherwise. */
  #setStatus(change: StatusChange, people?: Iterable<string>) {
    const next: Record<string, unknown> = { ...this.#status };
    for (const [key, value] of Object.entries(change)) {
      if (value === undefined) delete next[key];
      else next[key] = value;
    }
    if (change.state && change.state !== this.#status.state) next.since = this.#options.now();
    if (JSON.stringify(next) === JSON.stringify(this.#status)) return;
    this.#status = next as unknown as IrcStatus;
    this.#options.publish(this.#status, people);
  }

  #later(run: () => void, ms: number) {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      if (!this.#stopped) run();
    }, ms);
    this.#timers.add(timer);
  }

  #log() {
    return this.#options.log;
  }
}

/** A field set to undefined is cleared. */
type StatusChange = { [K in keyof IrcStatus]?: IrcStatus[K] | undefined };

interface IrcMessage {
  nick?: string;
  target?: string;
  message: string;
}

/** irc-framework's names for the numerics that keep the bridge out of its channel. */
const JOIN_ERRORS: Record<string, string> = {
  bad_channel_key: 'it needs a key (+k)',
  invite_only_channel: 'it is invite-only (+i); invite the bridge',
  banned_from_channel: 'the bridge is banned there',
  channel_is_full: 'it is full (+l)',
};

/** What a command from IRC is answered with once the board took it. */
function doneLine(command: BoardCommand, board: Board): string {
  const issueOf = (issueId: string) => board.state.issues[issueId];
  switch (command.name) {
    case 'issue:claim': {
      const issue = issueOf(command.payload.issueId);
      return issue ? `You hold #${issue.number} ${issue.title} now. Say !release ${issue.number} to let it go.` : 'Claimed.';
    }
    case 'issue:release':
      return `You let go of #${issueOf(command.payload.issueId)?.number}.`;
    case 'issue:move':
      return whoHolds(board.state, issueOf(command.payload.issueId)!);
    case 'issue:check':
      return `Recorded: #${issueOf(command.payload.issueId)?.number} on ${command.payload.branch}: ${command.payload.result}.`;
    case 'help:raise':
      return 'Your hand is up in the help queue; a mentor will find you here in the channel.';
    default:
      return 'Done.';
  }
}
