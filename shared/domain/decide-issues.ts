import {
  LIMITS,
  type BoardState,
  type CommandPayloads,
  type EventBody,
  type ImportCounts,
  type Issue,
  type IssueDraft,
  type IssueType,
  type Person,
  type TrackerChanges,
} from '../protocol.ts';
import { issueName, nickOf } from './format.ts';
import {
  accept,
  findIssue,
  findPerson,
  heldBy,
  isFinished,
  isMentor,
  newId,
  overCap,
  refuse,
  reopens,
  type DecideContext,
  type Decider,
  type Decision,
} from './rules.ts';
import { holdersOf, isHolder, issuesByNumber, issueNumbered } from './state.ts';

type IssueCommands = Pick<
  CommandPayloads,
  | 'issue:create'
  | 'issue:import'
  | 'issue:sync'
  | 'issue:claim'
  | 'issue:release'
  | 'issue:move'
  | 'issue:assign'
  | 'issue:patch'
  | 'issue:report'
  | 'issue:extend'
  | 'issue:pair'
  | 'issue:unpair'
  | 'issue:check'
  | 'issue:ask-commit'
>;

const A_TYPE: Record<IssueType, string> = { bug: 'a bug', feature: 'a feature request', docs: 'a docs issue', other: 'an issue of type other' };

/** Claiming against the event's focus is allowed, on purpose: the page asks first and sends `confirm`. */
function againstFocus(state: BoardState, issue: Issue): Decision | undefined {
  const { text, discouraged } = state.event.focus;
  if (!text || !discouraged.includes(issue.type)) return undefined;
  return refuse('needs_confirmation', `${issueName(issue)} is ${A_TYPE[issue.type]}, and this event's focus is “${text}”. Claim it anyway?`);
}

/** The card a holder may work on: it is on the board, claimed, not finished, and this person is on it (or a mentor). */
function workedCard(state: BoardState, actor: Person, issueId: string, doing: string): { found: Issue } | { refusal: Decision } {
  const lookup = findIssue(state, issueId);
  if ('refusal' in lookup) return lookup;
  const issue = lookup.found;
  if (!issue.claimant) return { refusal: refuse('conflict', `${issueName(issue)} is not claimed by anyone.`) };
  if (isFinished(issue.column)) return { refusal: refuse('conflict', `${issueName(issue)} is finished; there is nothing to ${doing}.`) };
  if (!isHolder(issue, actor.id) && !isMentor(actor)) {
    return { refusal: refuse('forbidden', `${issueName(issue)} is held by ${heldBy(state, issue)}; only they or a mentor can ${doing}.`) };
  }
  return lookup;
}

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

/** The tracker's fields that a re-import may change, with what changed; undefined when nothing did. */
function trackerChanges(issue: Issue, draft: IssueDraft): TrackerChanges | undefined {
  const changes: TrackerChanges = {};
  if (draft.title !== issue.title) changes.title = draft.title;
  if (draft.url !== undefined && draft.url !== issue.url) changes.url = draft.url;
  if (draft.type !== undefined && draft.type !== issue.type) changes.type = draft.type;
  const labels = [...new Set(draft.labels ?? [])];
  if (draft.labels !== undefined && labels.join('\n') !== issue.labels.join('\n')) changes.labels = labels;
  return Object.keys(changes).length ? changes : undefined;
}

/**
 * A tracker import, which organizers run again and again: cards match on
 * number, so nothing is duplicated; a changed title or labels update the card;
 * an issue closed upstream is marked on its card, never deleted from the board.
 */
export function syncWithTracker(
  state: BoardState,
  drafts: (IssueDraft & { number: number })[],
  closed: number[],
  ctx: DecideContext,
): { events: EventBody[]; counts: ImportCounts } {
  const onBoard = issuesByNumber(state);
  const seen = new Set<number>();
  const events: EventBody[] = [];
  const counts: ImportCounts = { added: 0, updated: 0, closed: 0, unchanged: 0, skipped: 0 };
  for (const draft of drafts) {
    if (seen.has(draft.number)) {
      counts.skipped += 1;
      continue;
    }
    seen.add(draft.number);
    const issue = onBoard.get(draft.number);
    if (!issue) {
      events.push(created(draft, newId('i', ctx, events.length)));
      counts.added += 1;
      continue;
    }
    const changes = trackerChanges(issue, draft);
    if (!changes && !issue.closedUpstream) {
      counts.unchanged += 1;
      continue;
    }
    events.push({ type: 'issue.updated', issueId: issue.id, changes: changes ?? {}, ...(issue.closedUpstream ? { reopened: true } : {}) });
    counts.updated += 1;
  }
  for (const number of new Set(closed)) {
    const issue = onBoard.get(number);
    if (!issue || issue.closedUpstream || seen.has(number)) continue;
    events.push({ type: 'issue.closedUpstream', issueId: issue.id });
    counts.closed += 1;
  }
  return { events, counts };
}

/**
 * What an issue:sync did, told from what it was sent and the events it made
 * (a retry answered from the ledger made none: then all read as unchanged).
 */
export function importCounts(drafts: { number: number }[], events: readonly EventBody[]): ImportCounts {
  const unique = new Set(drafts.map((d) => d.number)).size;
  const count = (type: EventBody['type']) => events.filter((e) => e.type === type).length;
  const [added, updated] = [count('issue.created'), count('issue.updated')];
  return { added, updated, closed: count('issue.closedUpstream'), unchanged: unique - added - updated, skipped: drafts.length - unique };
}

/** Notes show up in the chat as system lines, so a muted person cannot add one. */
const MUTED_NOTE = refuse('forbidden', 'An organizer has muted you; you can post the link or result without a note.');

export const issueDeciders: { [N in keyof IssueCommands]: Decider<IssueCommands[N]> } = {
  'issue:create': (state, _actor, draft, ctx) => {
    if (draft.number !== undefined && issueNumbered(state, draft.number)) {
      return refuse('conflict', `#${draft.number} is already on the board.`);
    }
    return accept(created(draft, newId('i', ctx)));
  },

  'issue:import': (state, _actor, { issues }, ctx: DecideContext) =>
    accept(...importable(state, issues).map((draft, index) => created(draft, newId('i', ctx, index)))),

  'issue:sync': (state, _actor, { issues, closed = [] }, ctx) => accept(...syncWithTracker(state, issues, closed, ctx).events),

  'issue:claim': (state, actor, { issueId, confirm }) => {
    const lookup = findIssue(state, issueId);
    if ('refusal' in lookup) return lookup.refusal;
    const issue = lookup.found;
    if (isHolder(issue, actor.id)) return refuse('conflict', `You already hold ${issueName(issue)}.`);
    if (issue.claimant) return refuse('conflict', `${issueName(issue)} is already claimed by ${heldBy(state, issue)}.`);
    // A finished card waits unclaimed in Ready to commit or Done. Claiming it would pull it back into
    // progress: that is a reopen, which a mentor makes on purpose with a move.
    if (issue.column === 'done') return refuse('conflict', `${issueName(issue)} is already done.`);
    if (issue.column === 'ready') return refuse('conflict', `${issueName(issue)} is ready to commit.`);
    return overCap(state, actor, true) ?? (confirm ? undefined : againstFocus(state, issue)) ?? accept({ type: 'issue.claimed', issueId });
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
    // One of several holders letting go leaves the others on it; the card is released when nobody is left.
    if (isHolder(issue, actor.id) && holdersOf(issue).length > 1) return accept({ type: 'issue.unpaired', issueId, personId: actor.id });
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
      if (!isHolder(issue, actor.id)) {
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
    if (isHolder(lookup.found, personId)) {
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

  'issue:extend': (state, actor, { issueId }) => {
    const lookup = workedCard(state, actor, issueId, 'extend');
    if ('refusal' in lookup) return lookup.refusal;
    return accept({ type: 'issue.extended', issueId });
  },

  'issue:pair': (state, actor, { issueId, personId }) => {
    const lookup = findIssue(state, issueId);
    if ('refusal' in lookup) return lookup.refusal;
    const issue = lookup.found;
    if (!issue.claimant) return refuse('conflict', `${issueName(issue)} is not claimed; claim it first, then add a co-worker.`);
    if (issue.claimant !== actor.id && !isMentor(actor)) {
      return refuse('forbidden', `Only ${nickOf(state, issue.claimant)}, who claimed ${issueName(issue)}, or a mentor can add a co-worker.`);
    }
    if (isFinished(issue.column)) return refuse('conflict', `${issueName(issue)} is finished; there is nothing to pair on.`);
    const partner = findPerson(state, personId);
    if ('refusal' in partner) return partner.refusal;
    if (isHolder(issue, personId)) return refuse('conflict', `${partner.found.nick} is already on ${issueName(issue)}.`);
    if ((issue.pair?.length ?? 0) >= LIMITS.pair) return refuse('conflict', `${issueName(issue)} already has ${LIMITS.pair} co-workers.`);
    return overCap(state, partner.found, partner.found.id === actor.id) ?? accept({ type: 'issue.paired', issueId, personId });
  },

  'issue:unpair': (state, actor, { issueId, personId }) => {
    const lookup = findIssue(state, issueId);
    if ('refusal' in lookup) return lookup.refusal;
    const issue = lookup.found;
    if (!isHolder(issue, personId)) return refuse('conflict', `${nickOf(state, personId)} is not on ${issueName(issue)}.`);
    if (personId !== actor.id && issue.claimant !== actor.id && !isMentor(actor)) {
      return refuse('forbidden', `Only ${nickOf(state, personId)}, the claimant or a mentor can take them off ${issueName(issue)}.`);
    }
    if (holdersOf(issue).length === 1) return refuse('conflict', `${nickOf(state, personId)} is the only one on ${issueName(issue)}; release it instead.`);
    return accept({ type: 'issue.unpaired', issueId, personId });
  },

  'issue:check': (state, _actor, { issueId, branch, result }) => {
    const lookup = findIssue(state, issueId);
    if ('refusal' in lookup) return lookup.refusal;
    const { branches } = state.event;
    if (!branches.includes(branch)) {
      const known = branches.length ? `this event's branches are ${branches.join(', ')}` : 'this event lists no branches yet; an organizer adds them';
      return refuse('invalid_payload', `${branch} is not a branch of this event: ${known}.`);
    }
    return accept({ type: 'issue.checked', issueId, branch, result });
  },

  'issue:ask-commit': (state, actor, { issueId, note }) => {
    if (note !== undefined && actor.muted) return MUTED_NOTE;
    const lookup = findIssue(state, issueId);
    if ('refusal' in lookup) return lookup.refusal;
    const issue = lookup.found;
    if (issue.column !== 'review') return refuse('conflict', `${issueName(issue)} is not in Needs review; a commit is asked for from there.`);
    if (issue.patches.length === 0) return refuse('conflict', `${issueName(issue)} has no patch link yet; add the patch first.`);
    if (issue.commitAsked) return refuse('conflict', `A commit of ${issueName(issue)} was already asked for by ${nickOf(state, issue.commitAsked.by)}.`);
    return accept({ type: 'issue.commitAsked', issueId, ...(note !== undefined ? { note } : {}) });
  },
};
