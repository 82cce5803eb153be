import type { BoardState, ChatMessage, HelpFlag, Issue, Person } from '../protocol.ts';

export const DEFAULT_TITLE = 'Bug day';

export function emptyState(): BoardState {
  return {
    seq: 0,
    event: { title: DEFAULT_TITLE, venues: [], resources: [], closed: false },
    people: {},
    issues: {},
    issueOrder: [],
    chat: [],
    help: {},
  };
}

export function findPersonByNick(state: BoardState, nick: string): Person | undefined {
  const wanted = nick.toLocaleLowerCase('en');
  return Object.values(state.people).find((p) => p.nick.toLocaleLowerCase('en') === wanted);
}

/** The help flag a person still waits on (open or taken), if any. */
export function openHelpOf(state: BoardState, personId: string): HelpFlag | undefined {
  return Object.values(state.help).find((h) => h.by === personId && (h.status === 'open' || h.status === 'taken'));
}

export function issuesHeldBy(state: BoardState, personId: string): Issue[] {
  return state.issueOrder.map((id) => state.issues[id]!).filter((issue) => issue.claimant === personId);
}

export function findIssueByNumber(state: BoardState, number: number): Issue | undefined {
  return Object.values(state.issues).find((issue) => issue.number === number);
}

/** The chat message made by event `seq`; chat is in seq order, so this is a binary search. */
export function chatMessage(state: BoardState, seq: number): ChatMessage | undefined {
  let low = 0;
  let high = state.chat.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const message = state.chat[middle]!;
    if (message.seq === seq) return message;
    if (message.seq < seq) low = middle + 1;
    else high = middle - 1;
  }
  return undefined;
}
