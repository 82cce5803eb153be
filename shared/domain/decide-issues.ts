import type { BoardState, CommandPayloads, EventBody, IssueDraft } from '../protocol.ts';
import { issueName } from './format.ts';
import { accept, findIssue, findPerson, heldBy, isFinished, isMentor, newId, refuse, reopens, type DecideContext, type Decider } from './rules.ts';
import { issuesByNumber } from './state.ts';

type IssueCommands = Pick<
  CommandPayloads,
  'issue:create' | 'issue:import' | 'issue:claim' | 'issue:release' | 'issue:move' | 'issue:assign' | 'issue:patch' | 'issue:report'
>;

function created(draft: IssueDraft, id: string): EventBody {
  const { title, number, url, type, labels } = draft;
  return {
    type: 'issue.created',
    issue: {
      id,
      title,
      type: type ?? 'bug',
      labels: [...new Set(labels ?? [])],
      ...(number !== undefined ? { number } : {}),
      ...(url !== undefined ? { url } : {}),
    },
  };
}

/** An import skips numbers already on the board (or earlier in the batch), so running it twice is harmless. */
export function importable(state: BoardState, drafts: IssueDraft[]): IssueDraft[] {
  const seen = new Set<number>();
  const onBoard = issuesByNumber(state);
  return drafts.filter(({ number }) => {
    if (number === undefined) return true;
    if (seen.has(number) || onBoard.has(number)) return false;
    seen.add(number);
    return true;
  });
}

/** Notes show up in the chat as system lines, so a muted person cannot add one. */
const MUTED_NOTE = refuse('forbidden', 'An organizer has muted you; you can post the link or result without a note.');

export const issueDeciders: { [N in keyof IssueCommands]: Decider<IssueCommands[N]> } = {
  'issue:create': (state, _actor, draft, ctx) => {
    if (draft.number !== undefined && Object.values(state.issues).some((issue) => issue.number === draft.number)) {
      return refuse('conflict', `#${draft.number} is already on the board.`);
    }
    return accept(created(draft, newId('i', ctx)));
  },

  'issue:import': (state, _actor, { issues }, ctx: DecideContext) =>
    accept(...importable(state, issues).map((draft, index) => created(draft, newId('i', ctx, index)))),

  'issue:claim': (state, actor, { issueId }) => {
    const lookup = findIssue(state, issueId);
    if ('refusal' in lookup) return lookup.refusal;
    const issue = lookup.found;
    if (issue.claimant === actor.id) return refuse('conflict', `You already hold ${issueName(issue)}.`);
    if (issue.claimant) return refuse('conflict', `${issueName(issue)} is already claimed by ${heldBy(state, issue)}.`);
    // A finished card waits unclaimed in Ready to commit or Done. Claiming it would pull it back into
    // progress: that is a reopen, which a mentor makes on purpose with a move.
    if (issue.column === 'done') return refuse('conflict', `${issueName(issue)} is already done.`);
    if (issue.column === 'ready') return refuse('conflict', `${issueName(issue)} is ready to commit.`);
    return accept({ type: 'issue.claimed', issueId });
  },

  'issue:release': (state, actor, { issueId }) => {
    const lookup = findIssue(state, issueId);
    if ('refusal' in lookup) return lookup.refusal;
    const issue = lookup.found;
    if (!issue.claimant) return refuse('conflict', `${issueName(issue)} is not claimed by anyone.`);
    // Releasing a finished card keeps it where it is; a Done card is a mentor's to tidy up.
    if (issue.column === 'done' && !isMentor(actor)) {
      return refuse('forbidden', `${issueName(issue)} is done; only a mentor can release it.`);
    }
    if (issue.claimant !== actor.id && !isMentor(actor)) {
      return refuse('forbidden', `${issueName(issue)} is held by ${heldBy(state, issue)}; only they or a mentor can release it.`);
    }
    return accept({ type: 'issue.released', issueId });
  },

  'issue:move': (state, actor, { issueId, column }) => {
    const lookup = findIssue(state, issueId);
    if ('refusal' in lookup) return lookup.refusal;
    const issue = lookup.found;
    // A participant works a card they hold through Open, In progress and Review; what a mentor
    // approved (Ready to commit, Done) only a mentor changes. The finished-column rules come first
    // so a card nobody holds in Ready to commit is not answered with "claim it first".
    if (!isMentor(actor)) {
      if (reopens(issue.column, column)) return refuse('forbidden', `Only a mentor can reopen ${issueName(issue)}.`);
      if (isFinished(column)) {
        return refuse('forbidden', `Only a mentor can mark ${issueName(issue)} ${column === 'ready' ? 'ready to commit' : 'done'}.`);
      }
      if (issue.claimant !== actor.id) {
        const why = issue.claimant ? `it is held by ${heldBy(state, issue)}` : 'claim it first';
        return refuse('forbidden', `You cannot move ${issueName(issue)}: ${why}.`);
      }
    }
    if (issue.column === column) return refuse('conflict', `${issueName(issue)} is already in that column.`);
    const moved: EventBody = { type: 'issue.moved', issueId, from: issue.column, to: column };
    // Putting a claimed card back in Open is giving it up: the board never shows a claimed open card.
    if (column === 'open' && issue.claimant) {
      // Released in a finished column the card stays put and records who fixed it, so a mentor's
      // reopen to Open is two events: the release, then the move (which clears "fixed by"). Each
      // leaves a board that could be shown (never a claimed card in Open), the log says both what
      // happened to the holder and where the card went, and apply needs no special case.
      return isFinished(issue.column) ? accept({ type: 'issue.released', issueId }, moved) : accept({ type: 'issue.released', issueId });
    }
    return accept(moved);
  },

  'issue:assign': (state, _actor, { issueId, personId }) => {
    const lookup = findIssue(state, issueId);
    if ('refusal' in lookup) return lookup.refusal;
    const assignee = findPerson(state, personId);
    if ('refusal' in assignee) return assignee.refusal;
    if (lookup.found.claimant === personId) {
      return refuse('conflict', `${assignee.found.nick} already holds ${issueName(lookup.found)}.`);
    }
    return accept({ type: 'issue.assigned', issueId, personId });
  },

  'issue:patch': (state, actor, { issueId, url, note }) => {
    if (note !== undefined && actor.muted) return MUTED_NOTE;
    const lookup = findIssue(state, issueId);
    if ('refusal' in lookup) return lookup.refusal;
    return accept({ type: 'issue.patched', issueId, url, ...(note !== undefined ? { note } : {}) });
  },

  'issue:report': (state, actor, { issueId, result, note }) => {
    if (note !== undefined && actor.muted) return MUTED_NOTE;
    const lookup = findIssue(state, issueId);
    if ('refusal' in lookup) return lookup.refusal;
    return accept({ type: 'issue.tested', issueId, result, ...(note !== undefined ? { note } : {}) });
  },
};
