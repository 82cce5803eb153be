/** How many mentions of me came while I was not looking at the chat, for its tab and the page's title. */
import { untrack } from 'svelte';
import { on } from 'svelte/events';
import { createSubscriber } from 'svelte/reactivity';
import type { BugdayClient } from './client.ts';
import { mentions } from './mentions.ts';

// Re-read whenever the page is hidden or shown again (another tab, a locked phone).
const subscribe = createSubscriber((update) => on(document, 'visibilitychange', update));
const documentShown = () => {
  subscribe();
  return document.visibilityState === 'visible';
};

/**
 * How many messages mention me that came while the chat was not in front of me: its pane off
 * screen (`onScreen` says, e.g. a phone showing another tab) or the page hidden. Only what comes
 * after the first board counts, not the history it brought; showing the chat reads them all.
 *
 * Made while a component initialises: its effect belongs to that component.
 */
export class UnreadMentions {
  /** Every message up to this seq has been in front of me, or came before there was a me to mention. */
  #seenUpTo: number | undefined = $state();
  readonly #client: () => BugdayClient;

  constructor(client: () => BugdayClient, onScreen: () => boolean) {
    this.#client = client;
    // An effect because it follows what is outside the board: the page's visibility and layout.
    $effect(() => {
      const { board, synced, me } = client();
      const seq = board.seq;
      if (!synced) return;
      const looking = onScreen() && documentShown();
      if (looking || !me || untrack(() => this.#seenUpTo) === undefined) this.#seenUpTo = seq;
    });
  }

  readonly count = $derived.by(() => {
    const { me, board } = this.#client();
    const seen = this.#seenUpTo;
    if (!me || seen === undefined) return 0;
    let count = 0;
    /** Newest first, and only as far back as what was seen: a long chat costs nothing here. */
    const unread = <T extends { seq: number; text: string }>(lines: readonly T[], by: (line: T) => string) => {
      for (let index = lines.length - 1; index >= 0 && lines[index]!.seq > seen; index -= 1) {
        const line = lines[index]!;
        if (by(line) !== me.id && mentions(line.text, me.nick)) count += 1;
      }
    };
    unread(board.chat, (message) => message.author);
    // A help thread's words reach only those it is for, so a mention there is one of theirs to see.
    for (const flag of Object.values(board.help)) unread(flag.thread, (reply) => reply.by);
    return count;
  });
}

/** What the Chat tab is called with `count` unread: "Chat, 2 unread mentions". */
export const unreadLabel = (count: number): string => `Chat, ${count} unread mention${count === 1 ? '' : 's'}`;

/** The page's title with the count in front, as mail and chat apps show it: "(2) Bug day". */
export const titleWithUnread = (count: number, title: string): string => (count ? `(${count}) ${title}` : title);
