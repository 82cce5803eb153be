/**
 * The parts of shared/domain the client uses: the reducer and read-side helpers.
 * Imported module by module rather than through domain/index.ts, whose
 * deciders would otherwise ride along into the bundle for nothing.
 */
export { apply } from '../../shared/domain/apply.ts';
export { issueName, nickOf } from '../../shared/domain/format.ts';
export { can } from '../../shared/domain/permissions.ts';
export { isMentor } from '../../shared/domain/rules.ts';
export { emptyState, findIssueByNumber, issuesHeldBy, openHelpOf } from '../../shared/domain/state.ts';
