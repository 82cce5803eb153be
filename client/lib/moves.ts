import { can, isMentor } from './domain.ts';
import { COLUMNS, type Column, type Issue, type Person } from '../../shared/protocol.ts';

/**
 * The columns `me` may move `issue` to. This mirrors the deciders so a person
 * is offered only what the server will accept; the server still has the last word.
 * Mentors move any card anywhere; others move their own, but not to Ready or Done.
 */
export function moveTargets(issue: Issue, me: Person | undefined): Column[] {
  if (!me || !can(me.role, 'issue:move')) return [];
  const mentor = isMentor(me);
  if (!mentor && issue.claimant !== me.id) return [];
  return COLUMNS.filter((column) => column !== issue.column && (mentor || (column !== 'ready' && column !== 'done')));
}
