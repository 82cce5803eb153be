import { isFinished } from '../../shared/domain/rules.ts';
import type { Focus, Issue } from '../../shared/protocol.ts';
import { TYPE_PLURALS } from './claim-rules.ts';
import { listOf } from './lists.ts';

/** What the board says under the focus: which claims ask first ("feature requests and docs issues"), if any do. */
export function focusAsks(focus: Focus): string | undefined {
  return focus.text && focus.discouraged.length ? `Claiming ${listOf(focus.discouraged.map((type) => TYPE_PLURALS[type]))} asks you first.` : undefined;
}

/** Whether a claim of this card would go against the focus: it is of a discouraged kind and nobody has it yet. */
export function againstFocus(focus: Focus, issue: Issue): boolean {
  return focus.text !== '' && focus.discouraged.includes(issue.type) && !issue.claimant && !isFinished(issue.column);
}
