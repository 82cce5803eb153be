/**
 * The chat box as it reads what is typed: a plain message is sent, a slash command is done or
 * answered (shared/domain/chat-commands.ts reads the line), and what a command answers is one
 * line under the box for the sender alone, never a chat message.
 */
import type { Ack, CommandResult, Issue } from '../../shared/protocol.ts';
import { Claim, claimable, declined } from './claim.svelte.ts';
import type { BugdayClient } from './client.ts';
// Straight from shared/domain, not through ./domain.ts: only a joined person's chat box reads commands.
import { chatAction } from '../../shared/domain/chat-actions.ts';
import { CHAT_COMMAND_HELP, claimIntent, parseChat, type ChatCommand } from '../../shared/domain/chat-commands.ts';
import { clockTime } from './time.ts';

/** The line under the box: an answer, a refusal or how a command is typed. */
export interface Feedback {
  text: string;
}

export interface CommandHint {
  /** What to type to start the command: "/claim ". */
  start: string;
  usage: string;
  what: string;
}

const HINTS: readonly CommandHint[] = CHAT_COMMAND_HELP.map(({ usage, what }) => ({ start: `${usage.split(' ')[0]} `, usage, what }));

/**
 * The commands that fit a line being typed: while the name is typed, every command it may be
 * the start of ("/" lists them all); once a space follows it, that command alone, as a reminder
 * of what comes after. None for a plain message or a // escape.
 */
export function commandHints(text: string): readonly CommandHint[] {
  const line = text.trimStart();
  if (!line.startsWith('/') || line.startsWith('//') || /[\n\r]/.test(line)) return [];
  const [, name = '', space] = /^\/(\S*)(\s?)/.exec(line) ?? [];
  const typed = `/${name.toLowerCase()}`;
  return HINTS.filter(({ start }) => (space ? start === `${typed} ` : start.startsWith(typed)));
}

export class ChatBox {
  text = $state('');
  feedback: Feedback | undefined = $state();
  busy = $state(false);
  /** A claim, from /claim or the offer beside a message, as every Claim on the page: against the focus, it asks first. */
  readonly claim = new Claim();
  /** Escape put the command list away until the line is no longer a command. */
  #hintsHidden = $state(false);
  readonly #client: () => BugdayClient;
  readonly #byNumber: () => Map<number, Issue>;

  /** `byNumber`: the board's issues by number, as the pane already keeps them for its links. */
  constructor(client: () => BugdayClient, byNumber: () => Map<number, Issue>) {
    this.#client = client;
    this.#byNumber = byNumber;
  }

  readonly #hints = $derived(commandHints(this.text));
  get hints(): readonly CommandHint[] {
    return this.#hintsHidden ? [] : this.#hints;
  }

  /**
   * The card a plain message says I am taking ("I'm working on #123"), while I may claim it:
   * a card against the event's focus is offered too, and the claim asks.
   */
  readonly offer: Issue | undefined = $derived.by(() => {
    const number = claimIntent(this.text);
    const issue = number === undefined ? undefined : this.#byNumber().get(number);
    const { board, me } = this.#client();
    return issue && claimable(board, me, issue.id) ? issue : undefined;
  });

  /** Typing again: the last answer was read, and the command list comes back if it fits. */
  typed() {
    this.feedback = undefined;
    if (this.#hints.length === 0) this.#hintsHidden = false;
  }

  hideHints() {
    this.#hintsHidden = true;
  }

  /** Sends or does what the box holds; the answer, if any, is `feedback`. */
  async submit(): Promise<Ack<CommandResult> | undefined> {
    if (this.busy) return;
    const typed = this.text;
    const parsed = parseChat(typed);
    if (parsed.kind === 'usage') return this.#answer(parsed.message);
    if (parsed.kind === 'command') return this.#do(parsed.command, typed);
    const text = parsed.text.trim();
    if (text) return this.#send(typed, () => this.#client().send('chat:send', { text }));
  }

  /** Claims the card the message offers; the message stays, to be sent as well. */
  claimOffer(): Promise<Ack<CommandResult>> | undefined {
    if (this.offer && !this.busy) return this.#claim(this.offer.id, undefined);
  }

  #do(command: ChatCommand, typed: string) {
    const client = this.#client();
    const action = chatAction(client.board, command, { clock: clockTime, byNumber: this.#byNumber() });
    if (action.kind === 'mistaken') return this.#answer(action.text);
    if (action.kind === 'told') return this.#told(typed, action.text);
    const { name, payload } = action.command;
    // A plain claim asks about the focus as every Claim does; "anyway" has answered already.
    if (name === 'issue:claim' && !payload.confirm) return this.#claim(payload.issueId, typed);
    return this.#send(typed, () => client.send(name, payload as never));
  }

  /** A refusal or a usage line: the box keeps the line, to be put right. */
  #answer(text: string): undefined {
    this.feedback = { text };
  }

  /** An answer that asked nothing of the server: done, so the box empties. */
  #told(typed: string, text: string): undefined {
    this.#clear(typed);
    this.feedback = { text };
  }

  /**
   * Sends a command. Accepted, the box empties if it still holds `typed` (what was typed since
   * is kept); refused, the server's reason is the answer. A claim declined when the focus asked
   * leaves the box as it was, with nothing to say.
   */
  async #send(typed: string | undefined, request: () => Promise<Ack<CommandResult>>) {
    this.busy = true;
    try {
      const answer = await request();
      if (answer.ok) {
        if (typed !== undefined) this.#clear(typed);
        this.feedback = undefined;
      } else this.feedback = declined(answer) ? undefined : { text: answer.error.message };
      return answer;
    } finally {
      this.busy = false;
    }
  }

  /** `typed`: the /claim line that asked, emptied once it is done; none for a claim offered beside a message. */
  #claim(issueId: string, typed: string | undefined) {
    return this.#send(typed, () => this.claim.send(this.#client(), issueId));
  }

  #clear(typed: string) {
    if (this.text === typed) this.text = '';
  }
}
