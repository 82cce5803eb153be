import irc from 'irc-framework';
import { Waiters } from './waiters.ts';

export interface Said {
  nick: string;
  target: string;
  text: string;
  kind: 'privmsg' | 'action' | 'notice';
}

/** Someone in the channel with a real IRC client (irc-framework), hearing what is said and able to speak. */
export class IrcPerson {
  readonly heard: Said[] = [];
  /** The channel modes set while here, as `+k`, `-k`. */
  readonly modes: string[] = [];
  readonly #client = new irc.Client();
  readonly #channel: string;
  readonly #waiters = new Waiters();

  private constructor(channel: string) {
    this.#channel = channel;
    for (const kind of ['privmsg', 'action', 'notice'] as const) {
      this.#client.on(kind, (event: { nick?: string; target: string; message: string }) => {
        this.heard.push({ nick: event.nick ?? '', target: event.target, text: event.message, kind });
        this.#waiters.wake();
      });
    }
    this.#client.on('mode', (event: { modes: { mode: string }[] }) => {
      this.modes.push(...event.modes.map((m) => m.mode));
      this.#waiters.wake();
    });
    for (const event of ['join', 'registered', 'close', 'nick', 'quit', 'part', 'userlist']) this.#client.on(event, () => this.#waiters.wake());
  }

  /** In the channel before this resolves. */
  static async join(port: number, nick: string, channel: string): Promise<IrcPerson> {
    const person = new IrcPerson(channel);
    const joined = new Promise<void>((resolve, reject) => {
      person.#client.on('join', (event: { nick: string }) => {
        if (event.nick === nick) resolve();
      });
      person.#client.on('nick in use', () => reject(new Error(`the nick ${nick} is in use`)));
    });
    person.#client.on('registered', () => person.#client.join(channel));
    person.#client.connect({ host: '127.0.0.1', port, nick, username: nick, gecos: nick, auto_reconnect: false });
    await joined;
    return person;
  }

  get nick(): string {
    return this.#client.user.nick;
  }

  say(text: string) {
    this.#client.say(this.#channel, text);
  }

  /** The first to join a channel is its operator, who may kick. */
  kick(nick: string) {
    this.#client.raw('KICK', this.#channel, nick, 'testing the bridge');
  }

  mode(change: string, argument: string) {
    this.#client.raw('MODE', this.#channel, change, argument);
  }

  act(text: string) {
    this.#client.action(this.#channel, text);
  }

  /** Resolves once `test` holds, checked whenever something is heard; fails after `ms` saying `what`. */
  until(test: () => boolean, what: string, ms = 10_000): Promise<void> {
    return this.#waiters.until(test, `${what} (${this.nick})`, ms, () => JSON.stringify(this.heard.slice(-10)));
  }

  /** What the channel heard from `from`, in order. */
  channelLines(from: string): string[] {
    return this.heard.filter((said) => said.nick === from && said.target.toLowerCase() === this.#channel.toLowerCase()).map((said) => said.text);
  }

  notices(from: string): string[] {
    return this.heard.filter((said) => said.nick === from && said.kind === 'notice').map((said) => said.text);
  }

  /** Leaves, unless its server already let it go. */
  quit(): Promise<void> {
    if (!this.#client.connected) return Promise.resolve();
    return new Promise((resolve) => {
      this.#client.once('close', () => resolve());
      this.#client.quit('bye');
    });
  }
}
