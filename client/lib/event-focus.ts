import { isFinished } from '../../shared/domain/rules.ts';
import type { Focus, Issue, IssueType } from '../../shared/protocol.ts';

const KINDS: Record<IssueType, string> = { bug: 'bugs', feature: 'feature requests', docs: 'docs issues', other: 'other issues' };

/** "feature requests and docs issues": the kinds a claim asks about first. */
function kinds(types: IssueType[]): string {
  const words = types.map((type) => KINDS[type]);
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} and ${words.at(-1)}` : (words[0] ?? '');
}

/** What the board says under the focus: which claims ask first, if any do. */
export function focusAsks(focus: Focus): string | undefined {
  return focus.text && focus.discouraged.length ? `Claiming ${kinds(focus.discouraged)} asks you first.` : undefined;
}

/** Whether a claim of this card would go against the focus: it is of a discouraged kind and nobody has it yet. */
export function againstFocus(focus: Focus, issue: Issue): boolean {
  return focus.text !== '' && focus.discouraged.includes(issue.type) && !issue.claimant && !isFinished(issue.column);
}
