/**
 * Text crossing between the channel and the board. IRC's own rules: a line is
 * at most 512 bytes with its prefix and command, bytes are UTF-8, and colour
 * and style codes are part of the text. Pure, so each rule is tested alone.
 */
import linebreak from 'irc-framework/src/linebreak.js';
import { LIMITS } from '../../shared/protocol.ts';

/** The protocol's limit on one line, CR LF included (RFC 1459, 2.3). */
export const IRC_LINE_BYTES = 512;

/**
 * Room the server takes when it passes our line on: `:nick!user@host ` before
 * it. A host is at most 63 bytes and a user at most 10 on the servers we know;
 * the nick counts at its own length.
 */
const relayPrefixBytes = (nick: string) => Buffer.byteLength(nick) + 1 + 10 + 1 + 63 + 2;

/** An ACTION travels as `\x01ACTION …\x01`. */
const ACTION_BYTES = '\u0001ACTION \u0001'.length;

/** How many bytes of text fit in one PRIVMSG (or NOTICE) to `target` from `nick`, so that nobody receives it cut. */
export function textBytes(command: 'PRIVMSG' | 'NOTICE', target: string, nick: string, action = false): number {
  const overhead = relayPrefixBytes(nick) + Buffer.byteLength(`${command} ${target} :`) + 2 + (action ? ACTION_BYTES : 0);
  return IRC_LINE_BYTES - overhead;
}

/**
 * One message as IRC lines: a line per line of the text, each split into
 * pieces of at most `bytes` UTF-8 bytes (between words where it can, never
 * inside a character), each starting with `lead`.
 */
export function ircLines(lead: string, text: string, bytes: number): string[] {
  const room = bytes - Buffer.byteLength(lead);
  return text
    .split(/\r\n|[\n\r\u2028\u2029]/)
    .filter((line) => line.trim() !== '')
    .flatMap((line) => [...linebreak.lineBreak(line, { bytes: room, allowBreakingWords: true, allowBreakingGraphemes: true })])
    .map((piece) => lead + piece);
}

/**
 * A bugday nick as said in the channel, with a zero-width space after its
 * first character: IRC clients highlight their user's nick, and "ana" relayed
 * from the page should not ping the IRC user called ana (matterbridge and
 * discord-irc do the same).
 */
export function relayedNick(nick: string): string {
  const [first = '', ...rest] = nick;
  return rest.length ? `${first}\u200b${rest.join('')}` : first;
}

/**
 * mIRC colours (\x03 with up to two numbers), hex colours (\x04 with up to two
 * six-digit ones), and the style toggles: bold, italics, underline,
 * strikethrough, monospace, reverse and reset.
 */
// eslint-disable-next-line no-control-regex -- IRC's formatting codes are control characters: finding them is the point.
const FORMATTING = /\u0003(?:\d{1,2}(?:,\d{1,2})?)?|\u0004(?:[0-9a-f]{6}(?:,[0-9a-f]{6})?)?|[\u0002\u000f\u0011\u0016\u001d\u001e\u001f]/giu;
/** Whatever control characters are left: the board's schemas refuse them, and they mean nothing on a page. */
const CONTROL = /[\p{Cc}\u2028\u2029]/gu;

/** What someone said in the channel, as the board may hold it: no formatting codes, no control characters, bounded. */
export function fromIrc(text: string): string {
  const plain = text.replace(FORMATTING, '').replace(CONTROL, ' ').trim();
  // Never met (an IRC line is 512 bytes), but a board message is bounded whatever the server lets through; no half of a pair is left.
  return plain.length > LIMITS.chat ? plain.slice(0, LIMITS.chat).replace(/[\uD800-\uDBFF]$/u, '') : plain;
}
