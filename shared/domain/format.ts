/** Wording shared by refusals and the client, so both name things alike. */
import type { BoardState, Column, Issue, Role } from '../protocol.ts';

/** What a person calls each column; the ids stay the protocol's. Chat commands and the page read both. */
export const COLUMN_LABELS: Record<Column, string> = {
  open: 'Open',
  'in-progress': 'In progress',
  review: 'Needs review',
  ready: 'Ready to commit',
  done: 'Done',
};

export function issueName(issue: Pick<Issue, 'number' | 'title'>): string {
  return issue.number !== undefined ? `#${issue.number}` : `“${issue.title}”`;
}

/** HH:MM in UTC: refusals are written on the server, which cannot know the reader's zone. */
export function clockUtc(ms: number): string {
  return `${new Date(ms).toISOString().slice(11, 16)} UTC`;
}

export function nickOf(state: BoardState, personId: string | undefined): string {
  return (personId && state.people[personId]?.nick) || 'someone';
}

/** "a mentor", "an organizer". */
export const aRole = (role: Role): string => `${role === 'organizer' ? 'an' : 'a'} ${role}`;
