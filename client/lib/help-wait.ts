/**
 * The help queue as the page shows it: the order flags are listed in, an asker's place and
 * estimated wait in words, and what a hold says. The rules themselves (the order, the estimate)
 * are the shared domain's; this only puts them into the page's sentences.
 */
import { explainEstimate, helpQueue, ordinal, waitEstimate } from '../../shared/domain/help-queue.ts';
import type { BoardState, HelpFlag, Presence } from '../../shared/protocol.ts';
import { clockTime } from './time.ts';

/** The lengths of hold a mentor picks from, in minutes. */
export const HOLD_MINUTES = [5, 10, 15, 30, 60] as const;

/** A flag as listed: those waiting carry their place in line, those being helped none. */
export interface Listed {
  flag: HelpFlag;
  position?: number;
}

/**
 * Every flag still open: the waiting ones in the order mentors take them (held ones keep their
 * place), then those a mentor is on, longest helped first.
 */
export function listedFlags(board: BoardState, now: number): Listed[] {
  const waiting = helpQueue(board, now).map((flag, index) => ({ flag, position: index + 1 }));
  const taken = Object.values(board.help)
    .filter((flag) => flag.status === 'taken')
    .sort((a, b) => (a.takenAt ?? 0) - (b.takenAt ?? 0));
  return [...waiting, ...taken.map((flag) => ({ flag }))];
}

/** "2nd in line". */
export const inLine = (position: number): string => `${ordinal(position)} in line`;

/**
 * Who could take `asker`'s flag now: the people online as mentors or organizers, the asker
 * aside (a mentor who asks cannot take their own flag).
 */
export function mentorsOnline(presence: Presence, asker: string): number {
  const mentors = presence.online.filter((entry) => (entry.role === 'mentor' || entry.role === 'organizer') && entry.personId !== asker);
  return new Set(mentors.map((entry) => entry.personId)).size;
}

export interface Wait {
  /** "about 5–15 min", or "No mentor is online right now". */
  text: string;
  /** The one sentence saying how that was worked out. */
  explanation: string;
}

/** The wait of the flag at `position` in line, with the mentors online now. */
export function waitFor(board: BoardState, presence: Presence, flag: HelpFlag, position: number): Wait {
  const estimate = waitEstimate(board, position, mentorsOnline(presence, flag.by));
  const text = estimate.kind === 'no-mentor' ? 'No mentor is online right now' : `about ${estimate.low}–${estimate.high} min`;
  return { text, explanation: explainEstimate(estimate) };
}

/** "until 14:20: back after the talk", in the reader's own time; undefined for a flag not on hold. */
export function heldUntil(flag: HelpFlag): string | undefined {
  if (flag.status !== 'held' || flag.heldUntil === undefined) return undefined;
  const until = `until ${clockTime(flag.heldUntil)}`;
  return flag.holdReason ? `${until}: ${flag.holdReason}` : until;
}

/** How long after the server cancels an asker's flag (they had no page open) their page still says so. */
const STRANDED_SHOWN_MS = 60 * 60_000;

/** My latest flag, if the server cancelled it lately because I had no page open. */
export function strandedLately(board: BoardState, me: string, now: number): HelpFlag | undefined {
  const latest = Object.values(board.help)
    .filter((flag) => flag.by === me)
    .reduce<HelpFlag | undefined>((last, flag) => (!last || flag.raisedAt > last.raisedAt ? flag : last), undefined);
  return latest?.cancelReason === 'stranded' && now - (latest.closedAt ?? 0) < STRANDED_SHOWN_MS ? latest : undefined;
}
