/**
 * What an export holds: the board and the log as a lurker may see them.
 * Private help threads come without their words, registrations without
 * emails, removed messages as removed; tokens, keys and codes are never in
 * the log at all.
 */
import { eventFor, stateFor } from '../../shared/domain/index.ts';
import type { BoardState, DomainEvent } from '../../shared/protocol.ts';
import type { Board } from '../board.ts';

export interface PublicView {
  state: BoardState;
  events: DomainEvent[];
}

export function publicView(board: Board): PublicView {
  const { state } = board;
  return { state: stateFor(state, null), events: board.eventsAfter(0)!.map((event) => eventFor(state, event, null)) };
}

/** "2026-11-21" in UTC, for file names and dates that read the same everywhere. */
export const utcDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** "2026-11-21 14:05 UTC". */
export const utcTime = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** Who held a card, as nicks: the claimant, the co-workers, or who fixed it. */
export function holderNicks(state: BoardState, issueId: string): string[] {
  const issue = state.issues[issueId]!;
  const ids = issue.claimant ? [issue.claimant, ...(issue.pair ?? [])] : issue.fixedBy ? [issue.fixedBy] : [];
  return ids.map((id) => state.people[id]?.nick ?? 'someone');
}
