/** The parts of irc-framework (which ships no types) that the bridge uses. */
declare module 'irc-framework' {
  import { EventEmitter } from 'node:events';

  export interface ClientOptions {
    host: string;
    port: number;
    nick: string;
    username?: string;
    gecos?: string;
    tls?: boolean;
    password?: string;
    account?: { account: string; password: string };
    auto_reconnect?: boolean;
    message_max_length?: number;
    ping_interval?: number;
    ping_timeout?: number;
    version?: string;
  }

  export class Client extends EventEmitter {
    constructor(options?: Partial<ClientOptions>);
    readonly user: { nick: string };
    readonly connected: boolean;
    connect(options: ClientOptions): void;
    join(channel: string, key?: string): void;
    say(target: string, message: string): void;
    action(target: string, message: string): string[];
    changeNick(nick: string): void;
    quit(message?: string): void;
    /** Several words: one command. One string: written as is, so commands joined by CRLF leave in one write. */
    raw(...words: string[]): void;
    /** One command as a line, its last word made trailing (`:`) when it needs to be. */
    rawString(...words: string[]): string;
    channel(name: string): { users: unknown[] };
  }

  const irc: { Client: typeof Client };
  export default irc;
}

declare module 'irc-framework/src/linebreak.js' {
  /** Splits `text` into pieces of at most `bytes` UTF-8 bytes, between words where it can, never inside a character. */
  export function lineBreak(text: string, options: { bytes: number; allowBreakingWords?: boolean; allowBreakingGraphemes?: boolean }): Iterable<string>;
  const linebreak: { lineBreak: typeof lineBreak };
  export default linebreak;
}
