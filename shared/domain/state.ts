import { DEFAULT_CLAIM_RULES, DEFAULT_HELP_RULES, DEFAULT_IRC_RULES, type BoardState, type ChatMessage, type HelpFlag, type Issue, type Person } from '../protocol.ts';

const DEFAULT_TITLE = 'Bug day';

export function emptyState(): BoardState {
  return {
    seq: 0,
    event: {
      title: DEFAULT_TITLE,
      venues: [],
      resources: [],
      closed: false,
      claims: { ...DEFAULT_CLAIM_RULES },
      help: { ...DEFAULT_HELP_RULES },
      focus: { text: '', discouraged: [] },
      branches: [],
      irc: { ...DEFAULT_IRC_RULES },
    },
    people: {},
    issues: {},
    issueOrder: [],
    chat: [],
    help: {},
    registrations: {},
  };
}

/** The bugday person with this nick, compared without case. People on IRC have nicks of their own: see findIrcPerson. */
export function findPersonByNick(state: BoardState, nick: string): Person | undefined {
  return findNick(state, nick, undefined);
}

/** The person who spoke in the IRC channel under this nick. */
export function findIrcPerson(state: BoardState, nick: string): Person | undefined {
  return findNick(state, nick, 'irc');
}

function findNick(state: BoardState, nick: string, via: Person['via']): Person | undefined {
  const wanted = nick.toLocaleLowerCase('en');
  return Object.values(state.people).find((p) => p.via === via && p.nick.toLocaleLowerCase('en') === wanted);
}

/** Open, taken or on hold: someone still waits on it. */
export const stillOpen = (flag: Pick<HelpFlag, 'status'>) => flag.status === 'open' || flag.status === 'taken' || flag.status === 'held';

/** The help flag a person still waits on, if any. */
export function openHelpOf(state: BoardState, personId: string): HelpFlag | undefined {
  return Object.values(state.help).find((h) => h.by === personId && stillOpen(h));
}

/** Everyone working a card: its claimant, then its co-workers. */
export const holdersOf = (issue: Issue): string[] => (issue.claimant ? [issue.claimant, ...(issue.pair ?? [])] : []);

export const isHolder = (issue: Issue, personId: string): boolean =>
  issue.claimant === personId || (issue.pair?.includes(personId) ?? false);

/** What each person holds (claimed or paired on), in board order, from one pass over the board: for many people at once. */
export function holdings(state: BoardState): Map<string, Issue[]> {
  const held = new Map<string, Issue[]>();
  for (const id of state.issueOrder) {
    const issue = state.issues[id]!;
    for (const personId of holdersOf(issue)) {
      const list = held.get(personId);
      if (list) list.push(issue);
      else held.set(personId, [issue]);
    }
  }
  return held;
}

export function issuesHeldBy(state: BoardState, personId: string): Issue[] {
  return holdings(state).get(personId) ?? [];
}

/**
 * Every board's card ids by number, added to as cards are created: a number is on one card only
 * (creating and importing refuse a second), it never changes and no card leaves the board, so the
 * board's order only grows. Folding a log whose chat names cards looks each #ref up here; a scan of
 * every card per line made a 100,000-event start-up take seconds. Kept per issueOrder array, so a
 * cloned or freshly loaded board starts its own.
 */
const idByNumber = new WeakMap<string[], { indexed: number; ids: Map<number, string> }>();

/** The card numbered `number`, if there is one: for one lookup (issuesByNumber is for many). */
export function issueNumbered(state: BoardState, number: number): Issue | undefined {
  let index = idByNumber.get(state.issueOrder);
  if (!index) idByNumber.set(state.issueOrder, (index = { indexed: 0, ids: new Map() }));
  for (; index.indexed < state.issueOrder.length; index.indexed += 1) {
    const id = state.issueOrder[index.indexed]!;
    const numbered = state.issues[id]?.number;
    if (numbered !== undefined) index.ids.set(numbered, id);
  }
  const id = index.ids.get(number);
  return id === undefined ? undefined : state.issues[id];
}

/** Every numbered issue by its number: one pass, for looking up many (a chat full of #refs, an import). */
export function issuesByNumber(state: BoardState): Map<number, Issue> {
  const byNumber = new Map<number, Issue>();
  for (const issue of Object.values(state.issues)) if (issue.number !== undefined) byNumber.set(issue.number, issue);
  return byNumber;
}

/** Where the first chat message at or after `seq` is (or would be); chat is in seq order, so this is a binary search. */
export function chatIndex(state: BoardState, seq: number): number {
  let low = 0;
  let high = state.chat.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (state.chat[middle]!.seq < seq) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The chat message made by event `seq`. */
export function chatMessage(state: BoardState, seq: number): ChatMessage | undefined {
  const message = state.chat[chatIndex(state, seq)];
  return message?.seq === seq ? message : undefined;
}
