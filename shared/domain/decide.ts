/**
 * decide(state, actor, command, ctx) → the events a command produces, or a
 * refusal. Pure: time and fresh ids come in through ctx, so the server stays
 * the only place where they are chosen and tests can fix them.
 */
import type {
  BoardState,
  CommandName,
  CommandPayloads,
  EventBody,
  ErrorCode,
  Issue,
  JoinPayload,
  Person,
  Refusal,
} from '../protocol.ts';
import { can } from './permissions.ts';
import { clockUtc, issueName, nickOf } from './format.ts';
import { findIssueByNumber, findPersonByNick, openHelpOf } from './state.ts';

export interface DecideContext {
  now: number;
  /** The seq the first event of this decision will get; fresh ids derive from it. */
  nextSeq: number;
}

/** Ids are the seq of the creating event with a letter for the kind: unique, ordered, and pure to make. */
const newId = (kind: 'p' | 'i' | 'h', ctx: DecideContext) => `${kind}${ctx.nextSeq}`;

/** Who sends a command: a person id, or null for a connection that has not joined (a lurker). */
export type Actor = string | null;

export type DomainCommand =
  | { name: 'session:join'; payload: JoinPayload }
  | { [N in CommandName]: { name: N; payload: CommandPayloads[N] } }[CommandName];

export type Decision = { ok: true; events: EventBody[] } | { ok: false; error: Refusal };

const refuse = (code: ErrorCode, message: string): Decision => ({ ok: false, error: { code, message } });
const accept = (...events: EventBody[]): Decision => ({ ok: true, events });

type Decider<P> = (state: BoardState, actor: Person, payload: P, ctx: DecideContext) => Decision;

const issueOr404 = (state: BoardState, issueId: string): Issue | Decision =>
  state.issues[issueId] ?? refuse('not_found', 'That issue is not on the board.');

const isDecision = (value: unknown): value is Decision =>
  typeof value === 'object' && value !== null && 'ok' in value;

function heldBy(state: BoardState, issue: Issue): string {
  const since = issue.claimedAt !== undefined ? ` (since ${clockUtc(issue.claimedAt)})` : '';
  return `${nickOf(state, issue.claimant)}${since}`;
}

const deciders: { [N in CommandName]: Decider<CommandPayloads[N]> } = {
  'chat:send': (_state, _actor, { text }) => accept({ type: 'chat.sent', text }),

  'issue:create': (state, _actor, { title, number, url, type, labels }, ctx) => {
    const existing = number !== undefined ? findIssueByNumber(state, number) : undefined;
    if (existing) return refuse('conflict', `#${number} is already on the board.`);
    return accept({
      type: 'issue.created',
      issue: {
        id: newId('i', ctx),
        title,
        type: type ?? 'bug',
        labels: [...new Set(labels ?? [])],
        ...(number !== undefined ? { number } : {}),
        ...(url !== undefined ? { url } : {}),
      },
    });
  },

  'issue:claim': (state, actor, { issueId }) => {
    const issue = issueOr404(state, issueId);
    if (isDecision(issue)) return issue;
    if (issue.claimant === actor.id) return refuse('conflict', `You already hold ${issueName(issue)}.`);
    if (issue.claimant) {
      return refuse('conflict', `${issueName(issue)} is already claimed by ${heldBy(state, issue)}.`);
    }
    return accept({ type: 'issue.claimed', issueId });
  },

  'issue:release': (state, actor, { issueId }) => {
    const issue = issueOr404(state, issueId);
    if (isDecision(issue)) return issue;
    if (!issue.claimant) return refuse('conflict', `${issueName(issue)} is not claimed by anyone.`);
    if (issue.claimant !== actor.id) {
      return refuse('forbidden', `${issueName(issue)} is held by ${heldBy(state, issue)}; only they can release it.`);
    }
    return accept({ type: 'issue.released', issueId });
  },

  'issue:move': (state, actor, { issueId, column }) => {
    const issue = issueOr404(state, issueId);
    if (isDecision(issue)) return issue;
    if (issue.claimant !== actor.id) {
      const why = issue.claimant ? `it is held by ${heldBy(state, issue)}` : 'claim it first';
      return refuse('forbidden', `You cannot move ${issueName(issue)}: ${why}.`);
    }
    if (issue.column === column) return refuse('conflict', `${issueName(issue)} is already in that column.`);
    // Putting a card back in Open is giving it up: the board never shows a claimed open card.
    if (column === 'open') return accept({ type: 'issue.released', issueId });
    return accept({ type: 'issue.moved', issueId, from: issue.column, to: column });
  },

  'help:raise': (state, actor, { note, issueId }, ctx) => {
    if (openHelpOf(state, actor.id)) {
      return refuse('conflict', 'You already have an open help flag; cancel or resolve it first.');
    }
    if (issueId !== undefined && !state.issues[issueId]) return refuse('not_found', 'That issue is not on the board.');
    return accept({ type: 'help.raised', helpId: newId('h', ctx), note, ...(issueId !== undefined ? { issueId } : {}) });
  },

  'help:take': (state, actor, { helpId }) => {
    const flag = state.help[helpId];
    if (!flag) return refuse('not_found', 'That help flag does not exist.');
    if (flag.by === actor.id) return refuse('forbidden', 'You cannot take your own help flag.');
    if (flag.status === 'taken') {
      return refuse('conflict', `${nickOf(state, flag.mentor)} is already helping ${nickOf(state, flag.by)}.`);
    }
    if (flag.status !== 'open') return refuse('conflict', `That help flag is already ${flag.status}.`);
    return accept({ type: 'help.taken', helpId });
  },

  'help:resolve': (state, actor, { helpId }) => {
    const flag = state.help[helpId];
    if (!flag) return refuse('not_found', 'That help flag does not exist.');
    if (flag.status !== 'open' && flag.status !== 'taken') {
      return refuse('conflict', `That help flag is already ${flag.status}.`);
    }
    if (actor.id !== flag.by && actor.id !== flag.mentor) {
      return refuse('forbidden', 'Only the person who asked or their helper can resolve a help flag.');
    }
    return accept({ type: 'help.resolved', helpId });
  },

  'help:cancel': (state, actor, { helpId }) => {
    const flag = state.help[helpId];
    if (!flag) return refuse('not_found', 'That help flag does not exist.');
    if (flag.by !== actor.id) return refuse('forbidden', 'Only the person who asked can cancel a help flag.');
    if (flag.status !== 'open' && flag.status !== 'taken') {
      return refuse('conflict', `That help flag is already ${flag.status}.`);
    }
    return accept({ type: 'help.cancelled', helpId });
  },
};

function decideJoin(state: BoardState, actor: Actor, { nick, venue }: JoinPayload, ctx: DecideContext): Decision {
  if (actor !== null) return refuse('conflict', `You have already joined as ${nickOf(state, actor)}.`);
  const taken = findPersonByNick(state, nick);
  if (taken) return refuse('nick_taken', `The nick ${taken.nick} is taken; pick another one.`);
  const person: Person = {
    id: newId('p', ctx),
    nick,
    role: 'participant',
    joinedAt: ctx.now,
    ...(venue !== undefined ? { venue } : {}),
  };
  return accept({ type: 'person.joined', person });
}

export function decide(state: BoardState, actor: Actor, command: DomainCommand, ctx: DecideContext): Decision {
  if (command.name === 'session:join') return decideJoin(state, actor, command.payload, ctx);
  if (actor === null) return refuse('forbidden', 'Join first: lurkers can watch but not change anything.');
  const person = state.people[actor];
  if (!person) return refuse('forbidden', 'Unknown person; join again.');
  if (!can(person.role, command.name)) {
    return refuse('forbidden', `A ${person.role} cannot do that (${command.name}).`);
  }
  const decider = deciders[command.name] as Decider<typeof command.payload>;
  return decider(state, person, command.payload, ctx);
}
