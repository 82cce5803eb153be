/**
 * The parts of shared/domain the first screen uses: the reducer and read-side
 * helpers. Imported module by module rather than through domain/index.ts.
 * `decide` is not here: it comes after the first paint (rules.ts).
 */
export { apply } from '../../shared/domain/apply.ts';
export type { Decision, DomainCommand } from '../../shared/domain/decide.ts';
export { aRole, COLUMN_LABELS, focusLine, ISSUE_ROUTE, issueHref, issueName, nickOf, whoHolds } from '../../shared/domain/format.ts';
export { mentionedNicks } from '../../shared/domain/mentions.ts';
export { can } from '../../shared/domain/permissions.ts';
export { mergePresence } from '../../shared/domain/presence.ts';
export { emptyState, holdings, issueNumbered, issuesByNumber, issuesHeldBy } from '../../shared/domain/state.ts';
