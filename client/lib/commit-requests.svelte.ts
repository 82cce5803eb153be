/**
 * Cards someone asked a mentor to commit: listed at the top of a mentor's help rail, counted on
 * the phone's Help tab, and news to a mentor who is here when one is asked for.
 */
import type { BoardState, Issue } from '../../shared/protocol.ts';
import { describe } from './activity.ts';
import type { BugdayClient } from './client.ts';
import { can } from './domain.ts';
import { toasts } from './toasts.svelte.ts';

export type AskedIssue = Issue & { commitAsked: NonNullable<Issue['commitAsked']> };

/** Oldest request first: whoever has waited longest is on top. */
export function commitRequests(board: BoardState): AskedIssue[] {
  return board.issueOrder
    .map((id) => board.issues[id]!)
    .filter((issue): issue is AskedIssue => issue.commitAsked !== undefined)
    .sort((a, b) => a.commitAsked.at - b.commitAsked.at);
}

/** Whether this page's person answers help flags and commit requests. */
export const answers = (client: BugdayClient): boolean => can(client.me && !client.me.removed ? client.me.role : null, 'help:take');

/** The Help tab's badge: how many wait there, and what for; nothing when none do. */
export function helpBadge(waiting: number, commits: number): { count: number; label: string } | undefined {
  if (!waiting && !commits) return undefined;
  const what = [
    ...(waiting ? [`${waiting} waiting`] : []),
    ...(commits ? [`${commits} ${commits === 1 ? 'commit' : 'commits'} requested`] : []),
  ];
  return { count: waiting + commits, label: `Help ${what.join(', ')}` };
}

/**
 * Shows a mentor a toast for each commit asked for while they are here, in the chat's words.
 * Those asked before the first sync are not news. Call it while a component initialises: its
 * effect is that component's, and it should be one that is always there (the App).
 */
export function toastCommitRequests(current: () => BugdayClient): void {
  let seen: Set<string> | undefined;
  const key = (issue: AskedIssue) => `${issue.id}@${issue.commitAsked.at}`;
  // An effect because it reacts to requests arriving over time.
  $effect(() => {
    const client = current();
    const asked = commitRequests(client.board);
    if (!client.synced) return;
    const fresh = seen ? asked.filter((issue) => !seen!.has(key(issue))) : [];
    // Plain on purpose: what was seen is this effect's memory; nothing on screen follows it.
    // eslint-disable-next-line svelte/prefer-svelte-reactivity
    seen = new Set(asked.map(key));
    if (!answers(client)) return;
    for (const issue of fresh) {
      const { by, at, note } = issue.commitAsked;
      if (by === client.me?.id) continue;
      const line = describe(client.board, { type: 'issue.commitAsked', issueId: issue.id, ...(note ? { note } : {}), seq: 0, at, actor: by });
      if (line) toasts.show(line.text);
    }
  });
}
