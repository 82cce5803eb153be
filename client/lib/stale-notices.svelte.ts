import { untrack } from 'svelte';
import { isHolder } from '../../shared/domain/state.ts';
import type { Ack, CommandResult } from '../../shared/protocol.ts';
import type { BugdayClient } from './client.ts';
import { staleNotice } from './lease.ts';
import { toasts as shared, type Toasts } from './toasts.svelte.ts';

/**
 * Tells me when a card I hold (as its claimant or a co-worker) goes stale: a toast that stays,
 * with Extend in it. It goes once the card is no longer stale for me: extended, worked on,
 * released, or no longer mine. Cards already stale when the page first had the board are not
 * news; their cards say "stale" and their panels say until when.
 *
 * Made while a component initialises (the board, which every page keeps): its effect belongs to it.
 */
export class StaleNotices {
  /** By "issue id@staleAt": the toast telling of it, or none for one that was stale before this page looked. */
  // A plain Map on purpose: only the effect reads it, and it must not rerun for its own writes.
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #told = new Map<string, number | undefined>();
  #started = false;

  constructor(client: () => BugdayClient, toasts: Toasts = shared) {
    // An effect because it follows the live board and shows and takes away toasts as it changes.
    $effect(() => {
      const { board, me, synced } = client();
      if (!synced) return;
      const staleFor = (id: string) => board.issues[id]!.staleAt !== undefined && me !== undefined && isHolder(board.issues[id]!, me.id);
      const stale = me && !me.removed ? board.issueOrder.filter(staleFor) : [];
      const keyOf = (id: string) => `${id}@${board.issues[id]!.staleAt}`;
      // A person holds a few cards: a list is all it takes.
      const keys = stale.map(keyOf);
      for (const [key, toast] of this.#told) {
        if (keys.includes(key)) continue;
        if (toast !== undefined) untrack(() => toasts.dismiss(toast));
        this.#told.delete(key);
      }
      for (const issueId of stale) {
        const key = keyOf(issueId);
        if (this.#told.has(key)) continue;
        const issue = board.issues[issueId]!;
        const extend = async () => {
          const answer: Ack<CommandResult> = await client().send('issue:extend', { issueId });
          if (!answer.ok) toasts.show(answer.error.message, { tone: 'error' });
        };
        const text = staleNotice(board.event.claims, issue);
        // The toasts' own list is not what this follows.
        const shown = this.#started ? untrack(() => toasts.show(text, { timeoutMs: Infinity, action: { label: 'Extend', run: extend } })) : undefined;
        this.#told.set(key, shown);
      }
      this.#started = true;
    });
  }
}
