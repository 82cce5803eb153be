/** The IRC bridge's settings, read from the environment (BUGDAY_IRC and the rest). */

export interface IrcServer {
  host: string;
  port: number;
  tls: boolean;
  channel: string;
}

export interface IrcConfig {
  server: IrcServer;
  nick: string;
  /** The server's password (PASS), if it wants one. */
  password?: string;
  sasl?: { account: string; password: string };
}

/** Thrown with a sentence for the person who set the variable. */
export class IrcConfigError extends Error {}

/** `ircs://irc.libera.chat:6697/#python-dev` or `irc://host/#channel`; undefined without BUGDAY_IRC. */
export function ircConfig(env: NodeJS.ProcessEnv): IrcConfig | undefined {
  const text = env.BUGDAY_IRC;
  if (!text) {
    if (env.BUGDAY_IRC_NICK || env.BUGDAY_IRC_PASSWORD || env.BUGDAY_IRC_SASL_USER) {
      throw new IrcConfigError('BUGDAY_IRC_NICK, BUGDAY_IRC_PASSWORD and BUGDAY_IRC_SASL_USER only mean something with BUGDAY_IRC, the channel to bridge.');
    }
    return undefined;
  }
  const server = ircServer(text);
  const nick = env.BUGDAY_IRC_NICK || 'bugday';
  if (!/^[A-Za-z[\]\\`^{|}_][\w[\]\\`^{|}-]{0,29}$/.test(nick)) {
    throw new IrcConfigError(`BUGDAY_IRC_NICK must be an IRC nick (a letter or one of []\\\`^{|}_ first, at most 30 characters), not "${nick}".`);
  }
  const user = env.BUGDAY_IRC_SASL_USER;
  const saslPassword = env.BUGDAY_IRC_SASL_PASSWORD;
  if (Boolean(user) !== Boolean(saslPassword)) throw new IrcConfigError('BUGDAY_IRC_SASL_USER and BUGDAY_IRC_SASL_PASSWORD go together: set both or neither.');
  return {
    server,
    nick,
    ...(env.BUGDAY_IRC_PASSWORD ? { password: env.BUGDAY_IRC_PASSWORD } : {}),
    ...(user && saslPassword ? { sasl: { account: user, password: saslPassword } } : {}),
  };
}

function ircServer(text: string): IrcServer {
  const bad = (why: string) => new IrcConfigError(`BUGDAY_IRC must look like ircs://irc.libera.chat:6697/#channel (${why}), not "${text}".`);
  if (!URL.canParse(text)) throw bad('an address');
  const url = new URL(text);
  if (url.protocol !== 'irc:' && url.protocol !== 'ircs:') throw bad('irc:// or ircs://');
  if (!url.hostname) throw bad('a host');
  // A channel's # is a URL's fragment; #python-dev and %23python-dev in the path are both accepted.
  const channel = url.hash || decodeURIComponent(url.pathname.slice(1));
  // A channel name has no space, comma or BEL (RFC 2812, 1.3).
  // eslint-disable-next-line no-control-regex -- BEL is one of the characters a channel name cannot hold.
  if (!/^[#&][^\s,\u0007]{1,49}$/.test(channel)) throw bad('one channel, starting with #');
  const tls = url.protocol === 'ircs:';
  return { host: url.hostname, port: url.port ? Number(url.port) : tls ? 6697 : 6667, tls, channel };
}
