/**
 * What in the help queue is news to the person on this page, found by comparing the board with
 * what this page remembers of it: every page of theirs folds the same events, so each tells
 * them alike. A mentor hears of flags raised; an asker of their place and their mentor; both of
 * replies in a thread they are in. Pure: the page's effect shows what this answers.
 */
import { queuePosition } from '../../shared/domain/help-queue.ts';
import { stillOpen } from '../../shared/domain/state.ts';
import type { BoardState, HelpFlag, HelpStatus, Person, Presence } from '../../shared/protocol.ts';
import { nickOf } from './domain.ts';
import { heldUntil, inLine } from './help-wait.ts';

/** What a page remembers of one flag its person asked or is helping with. */
interface Remembered {
  status: HelpStatus;
  mentor?: string;
  position?: number;
  replies: number;
}

export interface HelpMemory {
  /** Whose memory it is: another person on the page starts afresh. */
  me: string | undefined;
  /** Every flag there was, so only those raised since are news to a mentor. */
  flags: Set<string>;
  /** The flags I asked or am helping with, while they are open. */
  mine: Map<string, Remembered>;
}

export interface HelpNotice {
  text: string;
  /** For a desktop notification: only what a mentor must come back to the page for. */
  desktop?: { title: string; body: string; tag: string };
}

/** What changed for the asker of `flag`, which was `was`; at most one sentence. */
function forAsker(board: BoardState, flag: HelpFlag, was: Remembered, position: number | undefined, online: ReadonlySet<string>): string | undefined {
  if (flag.status !== was.status) {
    if (flag.status === 'taken') return `${nickOf(board, flag.mentor)} is on the way`;
    if (flag.status === 'held') return `Your help flag is on hold ${heldUntil(flag)}`;
    if (flag.status === 'cancelled' && flag.cancelReason === 'stranded') {
      return `Your help flag was cancelled: you had no page open for ${board.event.help.graceMinutes} min`;
    }
    if (flag.status === 'open' && was.status === 'taken') {
      // The server hands a flag back by itself only once its mentor has had no page open for a while.
      const mentor = nickOf(board, was.mentor);
      return was.mentor && online.has(was.mentor)
        ? `${mentor} handed your help flag back: you are back in the queue at your place`
        : `${mentor} left: your help flag is back in the queue at your place`;
    }
    if (flag.status === 'open' && was.status === 'held') return `Your help flag is back from hold: you are ${inLine(position ?? 1)}`;
    return undefined;
  }
  if (flag.status === 'open' && position === 1 && (was.position ?? 0) > 1) return 'You are next in line for help';
  return undefined;
}

/** A reply someone else added to a thread I am in. */
function replied(board: BoardState, flag: HelpFlag, was: Remembered, me: string): string | undefined {
  const latest = flag.thread.at(-1);
  if (flag.thread.length <= was.replies || !latest || latest.by === me) return undefined;
  const whose = flag.by === me ? 'your' : `${nickOf(board, flag.by)}'s`;
  return `${nickOf(board, latest.by)} replied in ${whose} help thread`;
}

/**
 * The news since `before` (none on a first look, which only remembers), and what to remember
 * next. `mentor` says whether I answer flags; `presence`, who has a page open.
 */
export function helpNews(
  board: BoardState,
  me: Person | undefined,
  mentor: boolean,
  presence: Presence,
  before: HelpMemory | undefined,
  now: number,
): { memory: HelpMemory; news: HelpNotice[] } {
  const flags = Object.values(board.help);
  const online = new Set(presence.online.map((entry) => entry.personId));
  const memory: HelpMemory = { me: me?.id, flags: new Set(flags.map((flag) => flag.id)), mine: new Map() };
  const looked = before?.me === memory.me ? before : undefined;
  const news: HelpNotice[] = [];
  for (const flag of flags) {
    const asked = me !== undefined && flag.by === me.id;
    const helping = me !== undefined && flag.mentor === me.id;
    const was = looked?.mine.get(flag.id);
    if (me && was) {
      const text = (asked ? forAsker(board, flag, was, queuePosition(board, flag.id, now), online) : undefined) ?? replied(board, flag, was, me.id);
      if (text) news.push({ text });
    }
    if ((asked || helping) && stillOpen(flag)) {
      memory.mine.set(flag.id, {
        status: flag.status,
        replies: flag.thread.length,
        ...(flag.mentor ? { mentor: flag.mentor } : {}),
        ...(asked ? { position: queuePosition(board, flag.id, now) } : {}),
      });
    }
    if (mentor && looked && !looked.flags.has(flag.id) && flag.status === 'open' && !asked) {
      const asker = nickOf(board, flag.by);
      news.push({ text: `${asker} asked for help: ${flag.note}`, desktop: { title: `${asker} asked for help`, body: flag.note, tag: flag.id } });
    }
  }
  return { memory, news };
}

/** How many flags wait for a mentor to take them, besides my own: what a mentor's page title counts. */
export const waitingFlags = (board: BoardState, me: string | undefined): number =>
  Object.values(board.help).filter((flag) => flag.status === 'open' && flag.by !== me).length;
