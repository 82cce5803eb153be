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

/** A card's detail panel's address on the page: `#/issue/<number or id>`, the number being what people type and share. */
export const ISSUE_ROUTE = '#/issue/';

export function issueHref(issue: Pick<Issue, 'id' | 'number'>): string {
  return `${ISSUE_ROUTE}${issue.number ?? issue.id}`;
}

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

/**
 * What `/who 123` answers: who works on a card, since when, and where it is.
 * `clock` writes a time: UTC on the server, the reader's zone on a page.
 */
export function whoHolds(state: BoardState, issue: Issue, clock: (ms: number) => string = clockUtc): string {
  const where = COLUMN_LABELS[issue.column];
  if (!issue.claimant) {
    const fixed = issue.fixedBy ? `, fixed by ${nickOf(state, issue.fixedBy)}` : '';
    return `${issueName(issue)} ${issue.title}: nobody holds it (${where}${fixed}).`;
  }
  const pair = (issue.pair ?? []).map((id) => nickOf(state, id));
  const with_ = pair.length ? ` with ${pair.join(', ')}` : '';
  const since = issue.claimedAt !== undefined ? ` since ${clock(issue.claimedAt)}` : '';
  const stale = issue.staleAt !== undefined ? ', stale' : '';
  return `${issueName(issue)} ${issue.title}: held by ${nickOf(state, issue.claimant)}${with_}${since} (${where}${stale}).`;
}

/** What `/focus` answers. */
export const focusLine = (state: BoardState): string =>
  state.event.focus.text ? `This event's focus: ${state.event.focus.text}` : 'This event has no focus set: every kind of issue is welcome.';
