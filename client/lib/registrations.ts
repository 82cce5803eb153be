/**
 * Who said they would come: the registrations in the order they were made,
 * the first-timers a mentor should look out for, and the one a join claims.
 */
import type { BoardState, Registration } from '../../shared/protocol.ts';

/** Registered, in the order they registered. */
export const registered = (board: BoardState): Registration[] => Object.values(board.registrations).sort((a, b) => a.at - b.at);

/** First-timers who registered and have not joined yet: whom a mentor greets when they come. */
export const expectedFirstTimers = (board: BoardState): Registration[] => registered(board).filter((r) => r.firstTime && !r.personId);

/** The registration a join under `nick` would claim, as the server matches them: not yet claimed, the same name whatever its case. */
export function registrationNamed(board: BoardState, nick: string): Registration | undefined {
  const wanted = nick.trim().toLocaleLowerCase('en');
  return Object.values(board.registrations).find((r) => !r.personId && r.name.toLocaleLowerCase('en') === wanted);
}
