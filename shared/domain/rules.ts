/** What every decider shares: the context, the verdict shapes, and lookups that refuse by themselves. */
import { COLUMNS, type BoardState, type Column, type ErrorCode, type EventBody, type HelpFlag, type Issue, type Person, type Refusal, type Role } from '../protocol.ts';
import { clockUtc, nickOf } from './format.ts';

export interface DecideContext {
  now: number;
  /** The seq the first event of this decision will get; fresh ids derive from it. */
  nextSeq: number;
}

export type Decision = { ok: true; events: EventBody[] } | { ok: false; error: Refusal };

export type Decider<P> = (state: BoardState, actor: Person, payload: P, ctx: DecideContext) => Decision;

export const refuse = (code: ErrorCode, message: string): Decision & { ok: false } => ({ ok: false, error: { code, message } });
export const accept = (...events: EventBody[]): Decision => ({ ok: true, events });

/**
 * Ids are the seq of the event that creates the thing, with a letter for its
 * kind: unique, ordered, and pure to make. `offset` is the event's place in a
 * decision that creates several.
 */
export const newId = (kind: 'p' | 'i' | 'h' | 'r', ctx: DecideContext, offset = 0) => `${kind}${ctx.nextSeq + offset}`;

const RANK: Record<Role, number> = { participant: 0, mentor: 1, organizer: 2 };

/** Mentors and organizers: they answer help flags and may handle anyone's card. */
export const isMentor = (person: Pick<Person, 'role'>) => RANK[person.role] >= RANK.mentor;
export const outranks = (role: Role, than: Role) => RANK[role] > RANK[than];
/** Who reads and writes a flag's thread while it is private: the asker and the mentors. */
export const inThread = (flag: HelpFlag, person: Pick<Person, 'id' | 'role'>) => flag.by === person.id || isMentor(person);

type Found<T> = { found: T } | { refusal: Decision & { ok: false } };

/**
 * A record's own entry only: ids are any `[\w-]+`, and `constructor` or
 * `__proto__` must not find something on Object's prototype (a claim of that
 * would be stored and replayed onto every page's Object).
 */
export const own = <T>(records: Record<string, T>, id: string): T | undefined => (Object.hasOwn(records, id) ? records[id] : undefined);

export function findIssue(state: BoardState, issueId: string): Found<Issue> {
  const issue = own(state.issues, issueId);
  return issue ? { found: issue } : { refusal: refuse('not_found', 'That issue is not on the board.') };
}

export function findFlag(state: BoardState, helpId: string): Found<HelpFlag> {
  const flag = own(state.help, helpId);
  return flag ? { found: flag } : { refusal: refuse('not_found', 'That help flag does not exist.') };
}

export function findPerson(state: BoardState, personId: string): Found<Person> {
  const person = own(state.people, personId);
  return person && !person.removed ? { found: person } : { refusal: refuse('not_found', 'That person is not here.') };
}

/** "ana (since 14:02 UTC)" — how a refusal names whoever holds a card. */
export function heldBy(state: BoardState, issue: Issue): string {
  const since = issue.claimedAt !== undefined ? ` (since ${clockUtc(issue.claimedAt)})` : '';
  return `${nickOf(state, issue.claimant)}${since}`;
}

/** Ready to commit and Done: the work on the card is finished, whoever holds it now. */
export const isFinished = (column: Column) => column === 'ready' || column === 'done';

/**
 * Taking a finished card back to an earlier column: only a mentor does it, on
 * purpose, because it undoes work a mentor approved.
 */
export const reopens = (from: Column, to: Column) => isFinished(from) && COLUMNS.indexOf(to) < COLUMNS.indexOf(from);

/**
 * Everyone's count, once per seq of a board: a page asks of each of a thousand cards whether its
 * person may claim it, and counting them all for each would read the board a thousand times over.
 * Every change to a board is an event, and every event moves its seq on.
 */
const heldCounts = new WeakMap<BoardState, { seq: number; counts: Map<string, number> }>();

/** The cards a person works on that are not finished yet: what the claim cap counts. */
export function unfinishedHeld(state: BoardState, personId: string): number {
  let known = heldCounts.get(state);
  if (known?.seq !== state.seq) {
    const counts = new Map<string, number>();
    for (const id of state.issueOrder) {
      const issue = state.issues[id]!;
      if (isFinished(issue.column)) continue;
      // Each holder once, as isHolder counts them.
      const holders = issue.pair ? new Set([issue.claimant, ...issue.pair]) : [issue.claimant];
      for (const holder of holders) if (holder !== undefined) counts.set(holder, (counts.get(holder) ?? 0) + 1);
    }
    heldCounts.set(state, (known = { seq: state.seq, counts }));
  }
  return known.counts.get(personId) ?? 0;
}

/**
 * Refuses taking on one more card past the cap (first-timers have a lower
 * one). `you` says whether the person is the one asking.
 */
export function overCap(state: BoardState, person: Person, you: boolean): (Decision & { ok: false }) | undefined {
  const { max, newcomerMax } = state.event.claims;
  const limit = person.firstTime ? newcomerMax : max;
  const held = unfinishedHeld(state, person.id);
  if (held < limit) return undefined;
  const who = you ? 'You already hold' : `${person.nick} already holds`;
  const most = person.firstTime ? 'the most a first-timer may hold here' : 'the most anyone may hold here';
  const then = you ? `; release ${held === 1 ? 'it' : 'one'} first.` : '.';
  return refuse('conflict', `${who} ${held} ${held === 1 ? 'issue' : 'issues'}, ${most}${then}`);
}
