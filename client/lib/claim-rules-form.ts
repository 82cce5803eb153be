/**
 * Reading the organizer's "Claims, focus and help" form: the numbers within the schema's bounds, the
 * branches comma- or space-separated, the first-timer friendly label, and only what differs from
 * the event sent back.
 */
import { ISSUE_TYPES, LIMITS, type ClaimRules, type EventInfo, type EventInfoChange, type IssueType } from '../../shared/protocol.ts';

/** As the form holds it: a number field left empty reads as null. */
export interface RulesDraft {
  leaseMinutes: number | null;
  graceMinutes: number | null;
  max: number | null;
  newcomerMax: number | null;
  focusText: string;
  discouraged: IssueType[];
  branches: string;
  firstTimersFirst: boolean;
  helpGraceMinutes: number | null;
  /** The label of first-timer friendly issues, for the board's filter; empty for none. */
  friendlyLabel: string;
}

export type RulesChange = Pick<EventInfoChange, 'claims' | 'focus' | 'branches' | 'help' | 'friendlyLabel'>;

export const draftOf = (event: EventInfo): RulesDraft => ({
  ...event.claims,
  firstTimersFirst: event.help.firstTimersFirst,
  helpGraceMinutes: event.help.graceMinutes,
  focusText: event.focus.text,
  discouraged: [...event.focus.discouraged],
  branches: event.branches.join(', '),
  friendlyLabel: event.friendlyLabel ?? '',
});

const BOUNDS: Record<keyof ClaimRules, { max: number; problem: string }> = {
  leaseMinutes: { max: LIMITS.minutes, problem: `The lease is a whole number of minutes from 1 to ${LIMITS.minutes} (a week).` },
  graceMinutes: { max: LIMITS.minutes, problem: `The grace time is a whole number of minutes from 1 to ${LIMITS.minutes} (a week).` },
  max: { max: LIMITS.holdMax, problem: `The most one person may hold is a whole number from 1 to ${LIMITS.holdMax}.` },
  newcomerMax: { max: LIMITS.holdMax, problem: `The most a first-timer may hold is a whole number from 1 to ${LIMITS.holdMax}.` },
};

const RULES = Object.keys(BOUNDS) as (keyof ClaimRules)[];

function readRules(draft: RulesDraft): ClaimRules | string {
  const rules = {} as ClaimRules;
  for (const rule of RULES) {
    const value = draft[rule];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > BOUNDS[rule].max) return BOUNDS[rule].problem;
    rules[rule] = value;
  }
  if (rules.newcomerMax > rules.max) {
    return `First-timers cannot be allowed more issues (${rules.newcomerMax}) than anyone else (${rules.max}).`;
  }
  return rules;
}

/** "main, 3.13 3.12" → ['main', '3.13', '3.12']; a sentence for a list the server would refuse. */
export function parseBranches(text: string): string[] | string {
  const branches = text.split(/[\s,]+/).filter(Boolean);
  if (branches.length > LIMITS.branches) return `At most ${LIMITS.branches} branches, please.`;
  const long = branches.find((branch) => branch.length > LIMITS.branch);
  if (long) return `The branch name “${long.slice(0, 20)}…” is longer than ${LIMITS.branch} characters.`;
  const twice = branches.find((branch, index) => branches.indexOf(branch) !== index);
  if (twice) return `The branch ${twice} is named twice.`;
  return branches;
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((item, index) => item === b[index]);

/**
 * What `event:update` should carry to make `event` what the form says: only the rules, the
 * focus and the branches that differ (an empty change when nothing does), or the sentence
 * that says why the form cannot be sent.
 */
export function rulesChange(event: EventInfo, draft: RulesDraft): { change: RulesChange } | { problem: string } {
  const rules = readRules(draft);
  if (typeof rules === 'string') return { problem: rules };
  const branches = parseBranches(draft.branches);
  if (typeof branches === 'string') return { problem: branches };
  const text = draft.focusText.trim();
  if (text.length > LIMITS.focus) return { problem: `The focus is at most ${LIMITS.focus} characters.` };
  const discouraged = ISSUE_TYPES.filter((type) => draft.discouraged.includes(type));
  const grace = draft.helpGraceMinutes;
  if (typeof grace !== 'number' || !Number.isInteger(grace) || grace < 1 || grace > LIMITS.minutes) {
    return { problem: `The help queue's grace time is a whole number of minutes from 1 to ${LIMITS.minutes} (a week).` };
  }
  const friendlyLabel = draft.friendlyLabel.trim();
  if (friendlyLabel.length > LIMITS.label) return { problem: `The first-timer friendly label is at most ${LIMITS.label} characters, as any label.` };
  const help = {
    ...(draft.firstTimersFirst !== event.help.firstTimersFirst ? { firstTimersFirst: draft.firstTimersFirst } : {}),
    ...(grace !== event.help.graceMinutes ? { graceMinutes: grace } : {}),
  };

  const claims = Object.fromEntries(RULES.filter((rule) => rules[rule] !== event.claims[rule]).map((rule) => [rule, rules[rule]]));
  const focusChanged = text !== event.focus.text || !sameList(discouraged, ISSUE_TYPES.filter((type) => event.focus.discouraged.includes(type)));
  return {
    change: {
      ...(Object.keys(claims).length ? { claims } : {}),
      ...(focusChanged ? { focus: { text, discouraged } } : {}),
      ...(sameList(branches, event.branches) ? {} : { branches }),
      ...(Object.keys(help).length ? { help } : {}),
      ...(friendlyLabel !== (event.friendlyLabel ?? '') ? { friendlyLabel } : {}),
    },
  };
}
