/**
 * GitHub's issue objects as cards. What GitHub allows is wider than what a
 * card holds (titles of 256 characters, labels of 50, any number of them), and
 * the import hands its drafts to the domain without the schemas a client's
 * command passes, so every draft is made to fit here.
 */
import { z } from 'zod';
import { LIMITS, type IssueDraft, type IssueType } from '../../shared/protocol.ts';

/** The fields bugday reads; GitHub sends many more. */
const githubIssue = z.object({
  number: z.number().int().min(1).max(LIMITS.issueNumber),
  title: z.string(),
  html_url: z.string(),
  state: z.string(),
  labels: z.array(z.union([z.string(), z.object({ name: z.string() })])).default([]),
  // Pull requests come in the issues list too, marked by this key.
  pull_request: z.unknown().optional(),
});

export const githubIssues = z.array(githubIssue);

export type TrackerDraft = IssueDraft & { number: number };

/** One page of GitHub's list, sorted for issue:sync: open issues as drafts, closed ones by number. */
export interface PageOfIssues {
  open: TrackerDraft[];
  closed: number[];
}

export function sortPage(items: z.infer<typeof githubIssues>): PageOfIssues {
  const page: PageOfIssues = { open: [], closed: [] };
  for (const item of items) {
    if (item.pull_request !== undefined) continue;
    if (item.state === 'closed') page.closed.push(item.number);
    else page.open.push(draftOf(item));
  }
  return page;
}

const FEATURE_LABELS = new Set(['type-feature', 'enhancement', 'feature']);
const DOCS_LABELS = new Set(['docs', 'documentation']);

/** Documentation wins over feature: a docs change is reviewed as docs whatever else it is. */
export function typeFromLabels(labels: string[]): IssueType {
  const names = labels.map((label) => label.toLowerCase());
  if (names.some((name) => DOCS_LABELS.has(name))) return 'docs';
  if (names.some((name) => FEATURE_LABELS.has(name))) return 'feature';
  return 'bug';
}

function draftOf(item: z.infer<typeof githubIssue>): TrackerDraft {
  const names = item.labels.map((label) => (typeof label === 'string' ? label : label.name));
  const labels = names.map((name) => fit(name, LIMITS.label)).filter(Boolean).slice(0, LIMITS.labels);
  const url = isWebAddress(item.html_url) ? { url: item.html_url } : {};
  return { number: item.number, title: fit(item.title, LIMITS.title) || `#${item.number}`, ...url, type: typeFromLabels(names), labels };
}

/** One line, trimmed, cut with an ellipsis to `max` characters (never through the middle of a character). */
function fit(text: string, max: number): string {
  const line = text.replace(/\p{Cc}+/gu, ' ').trim();
  if (line.length <= max) return line;
  return `${line.slice(0, max - 1).replace(/[\uD800-\uDBFF]$/, '').trimEnd()}…`;
}

function isWebAddress(text: string): boolean {
  if (text.length > LIMITS.url || !URL.canParse(text)) return false;
  const { protocol } = new URL(text);
  return protocol === 'https:' || protocol === 'http:';
}
