/**
 * One card's timeline: the events about an issue and the chat lines that name
 * it. `issueHistory` reads it off a log and a chat as they are, which is what
 * a client holding them can do; `IssueTimelines` keeps the same answer ready
 * for a whole weekend's log, which is what the server does.
 */
import { LIMITS, type BoardState, type ChatMessage, type DomainEvent, type IssueHistory } from '../protocol.ts';
import { chatMessage } from './state.ts';

/** The newest this many of each are kept, as the contract says of `issue:history`. */
export const ISSUE_HISTORY_BOUNDS = { events: 500, messages: LIMITS.chatPage } as const;

export type IssueHistoryBounds = { events: number; messages: number };

/**
 * The links in a chat line: a URL runs to the next space; an issue reference
 * is #digits not glued to a word or an entity (&#39;), and a # inside a URL
 * is the URL's. The chat renders what this finds, and a card's history counts
 * the same references, so a line is in the history exactly when it links the card.
 */
export const CHAT_LINKS = /(https?:\/\/[^\s<>"]+)|(?<![\w&])#(\d{1,10})\b/g;

/** The issue an event is about: the one it creates, or the one it names (help flags too). */
export function issueOf(event: DomainEvent): string | undefined {
  if (event.type === 'issue.created') return event.issue.id;
  return 'issueId' in event ? event.issueId : undefined;
}

/** The issue numbers `text` refers to as the chat links them, each once: #12 is not #123, and #0012 is #12. */
export function mentionedNumbers(text: string): number[] {
  // Most lines name no issue: the quick test spares them the full one.
  if (!/#\d/.test(text)) return [];
  const numbers = new Set<number>();
  for (const match of text.matchAll(CHAT_LINKS)) if (match[2] !== undefined) numbers.add(Number(match[2]));
  return [...numbers];
}

/** Whether `text` refers to issue #`number` as the chat links it. */
export const mentions = (text: string, number: number): boolean =>
  // Most lines hold no such digits: a scan through a long chat skips them without the regex.
  text.includes(String(number)) && mentionedNumbers(text).includes(number);

/**
 * The history of issue `issueId` read off `log` and `state.chat`, or undefined
 * when the board has no such issue. It walks both from their newest end, so
 * it costs up to the whole log: fine for what a page holds, not for a server
 * answering a weekend's log, which keeps `IssueTimelines`.
 */
export function issueHistory(
  state: Pick<BoardState, 'issues' | 'chat'>,
  log: readonly DomainEvent[],
  issueId: string,
  bounds: IssueHistoryBounds = ISSUE_HISTORY_BOUNDS,
): IssueHistory | undefined {
  const number = numberOf(state, issueId);
  if (number === null) return undefined;
  return select(log, state.chat, issueId, number, bounds);
}

/**
 * Every issue's events and every number's chat messages, kept as the board is
 * folded, so a card's history costs what it holds and not the log's length.
 * It holds the board's own messages, which `apply` empties in place when a
 * moderator removes one: what it answers is as redacted as the board.
 */
export class IssueTimelines {
  readonly #state: BoardState;
  readonly #events = new Map<string, DomainEvent[]>();
  readonly #mentions = new Map<number, ChatMessage[]>();

  /** Indexes `log`, already folded into `state`. */
  constructor(state: BoardState, log: readonly DomainEvent[]) {
    this.#state = state;
    for (const event of log) this.#addEvent(event);
    for (const message of state.chat) this.#addMessage(message);
  }

  /** Takes in `event`, once it is folded into the state. */
  add(event: DomainEvent) {
    if (event.type !== 'chat.sent') return this.#addEvent(event);
    const message = chatMessage(this.#state, event.seq);
    if (message) this.#addMessage(message);
  }

  /** The same answer as `issueHistory` over the whole log and chat. */
  history(issueId: string, bounds: IssueHistoryBounds = ISSUE_HISTORY_BOUNDS): IssueHistory | undefined {
    const number = numberOf(this.#state, issueId);
    if (number === null) return undefined;
    const messages = number === undefined ? [] : (this.#mentions.get(number) ?? []);
    return select(this.#events.get(issueId) ?? [], messages, issueId, number, bounds);
  }

  #addEvent(event: DomainEvent) {
    const issueId = issueOf(event);
    if (issueId !== undefined) push(this.#events, issueId, event);
  }

  #addMessage(message: ChatMessage) {
    for (const number of mentionedNumbers(message.text)) push(this.#mentions, number, message);
  }
}

/** The issue's number (undefined when it has none), or null when the board has no such issue. */
function numberOf(state: Pick<BoardState, 'issues'>, issueId: string): number | undefined | null {
  // Ids are words, and "constructor" is a word every object seems to have.
  return Object.hasOwn(state.issues, issueId) ? state.issues[issueId]!.number : null;
}

/** The selection both ways make, from all the log and chat or from what an index narrowed them to. */
function select(
  events: readonly DomainEvent[],
  chat: readonly ChatMessage[],
  issueId: string,
  number: number | undefined,
  bounds: IssueHistoryBounds,
): IssueHistory {
  return {
    events: newest(events, bounds.events, (event) => issueOf(event) === issueId),
    // Removed messages are emptied, so they name nothing; an issue without a number is never named.
    messages: number === undefined ? [] : newest(chat, bounds.messages, (message) => !message.removedBy && mentions(message.text, number)),
  };
}

/** The last `most` items that pass `test`, in their order: walked from the end, stopping once there are enough. */
function newest<T>(items: readonly T[], most: number, test: (item: T) => boolean): T[] {
  const found: T[] = [];
  for (let i = items.length - 1; i >= 0 && found.length < most; i--) if (test(items[i]!)) found.push(items[i]!);
  return found.reverse();
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
