/**
 * The organizer's issue import: one issue a line, either `123 Title of the bug`
 * (the number is optional) or `123,Title,https://url,bug,label1 label2`
 * (comma-separated; only the title is required).
 */
import { ISSUE_TYPES, LIMITS, type IssueDraft, type IssueType } from '../../shared/protocol.ts';
import { safeHref } from './links.ts';

export interface ImportPlan {
  drafts: IssueDraft[];
  /** "line 3: …" for every line that cannot be read; those are left out. */
  problems: string[];
}

const isType = (value: string): value is IssueType => (ISSUE_TYPES as readonly string[]).includes(value);

/** A tracker number as a person or a file writes it: undefined when there is none, a problem when it is not one. */
export function issueNumber(text: string): number | undefined | string {
  if (!text) return undefined;
  // Digits only: Number() would also read 1e3 and 0x1f, which no tracker means.
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  return Number.isInteger(n) && n >= 1 && n <= LIMITS.issueNumber ? n : `“${text}” is not an issue number`;
}

function readLine(line: string): IssueDraft | string {
  // A comma right after the (optional) number marks the comma-separated form; titles may hold commas otherwise.
  if (/^\d*\s*,/.test(line)) {
    const [num = '', title = '', url = '', type = '', labels = ''] = line.split(',').map((part) => part.trim());
    const parsed = issueNumber(num);
    if (typeof parsed === 'string') return parsed;
    if (url && !safeHref(url)) return 'the link must start with http:// or https://';
    const kind = type.toLowerCase();
    if (kind && !isType(kind)) return `the type must be one of ${ISSUE_TYPES.join(', ')}`;
    const labelList = labels.split(/\s+/).filter(Boolean);
    return finish({
      title,
      ...(parsed !== undefined ? { number: parsed } : {}),
      ...(url ? { url } : {}),
      ...(kind ? { type: kind as IssueType } : {}),
      ...(labelList.length ? { labels: labelList } : {}),
    });
  }
  const match = /^(\d+)\s+(.*)$/.exec(line);
  if (!match) return finish({ title: line });
  const parsed = issueNumber(match[1]!);
  if (typeof parsed === 'string') return parsed;
  return finish({ title: match[2]!.trim(), ...(parsed !== undefined ? { number: parsed } : {}) });
}

function finish(draft: IssueDraft): IssueDraft | string {
  if (!draft.title) return 'the title is missing';
  if (draft.title.length > LIMITS.title) return `the title is longer than ${LIMITS.title} characters`;
  const labels = draft.labels ?? [];
  if (labels.length > LIMITS.labels) return `at most ${LIMITS.labels} labels`;
  if (labels.some((label) => label.length > LIMITS.label)) return `a label is longer than ${LIMITS.label} characters`;
  if (draft.url && draft.url.length > LIMITS.url) return `the link is longer than ${LIMITS.url} characters`;
  return draft;
}

export function planImport(text: string): ImportPlan {
  const drafts: IssueDraft[] = [];
  const problems: string[] = [];
  for (const [index, raw] of text.split('\n').entries()) {
    // Tabs and other control characters would make the server refuse the whole batch.
    const line = raw.replace(/\p{Cc}/gu, ' ').trim();
    if (!line) continue;
    const read = readLine(line);
    if (typeof read === 'string') problems.push(`line ${index + 1}: ${read}`);
    else drafts.push(read);
  }
  return { drafts, problems };
}

/** The import in commands of at most LIMITS.importBatch issues. */
export function batches<T>(items: T[], size: number = LIMITS.importBatch): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
