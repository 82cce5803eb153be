import type { Issue } from '../../shared/protocol.ts';

/** How an issue reads in a list to pick from: its number, if it has one, and its title. */
export const issueLabel = (issue: Pick<Issue, 'number' | 'title'>): string =>
  issue.number !== undefined ? `#${issue.number} ${issue.title}` : issue.title;

export interface IssueMatches {
  /** The best matches, best first, at most the limit asked for. */
  shown: Issue[];
  /** How many others match too. */
  more: number;
}

/**
 * The issues that match what a person typed, best first. Every word must
 * match: digits (with or without "#") the issue's number, exactly before
 * those that start with them; other words the title, one that starts with
 * them before one with a word that does before one that has them anywhere
 * ("#" and digits that match no number try the title too, unless "#" says
 * a number was meant). Equals keep the board's order; so does an empty query.
 */
export function matchIssues(issues: readonly Issue[], query: string, limit: number): IssueMatches {
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return { shown: issues.slice(0, limit), more: Math.max(0, issues.length - limit) };
  const ranked: Array<{ issue: Issue; rank: number; index: number }> = [];
  issues.forEach((issue, index) => {
    const title = issue.title.toLowerCase();
    let rank = 0;
    for (const term of terms) {
      const termRank = rankTerm(issue.number, title, term);
      if (termRank === undefined) return;
      rank = Math.max(rank, termRank);
    }
    ranked.push({ issue, rank, index });
  });
  ranked.sort((a, b) => a.rank - b.rank || a.index - b.index);
  return { shown: ranked.slice(0, limit).map((match) => match.issue), more: Math.max(0, ranked.length - limit) };
}

/** 0 is the best match; undefined is none. */
function rankTerm(number: number | undefined, title: string, term: string): number | undefined {
  const digits = /^#?(\d+)$/.exec(term)?.[1];
  if (digits !== undefined && number !== undefined) {
    const own = String(number);
    if (own === digits) return 0;
    if (own.startsWith(digits)) return 1;
  }
  if (term.startsWith('#')) return undefined;
  if (title.startsWith(term)) return 2;
  if (startsAWord(title, term)) return 3;
  return title.includes(term) ? 4 : undefined;
}

function startsAWord(text: string, term: string): boolean {
  for (let at = text.indexOf(term); at >= 0; at = text.indexOf(term, at + 1)) {
    if (!/[\p{L}\p{N}]/u.test(text[at - 1] ?? ' ')) return true;
  }
  return false;
}
