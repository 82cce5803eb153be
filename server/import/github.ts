/**
 * Reads a repository's issues from GitHub's REST API, page by page, for the
 * import:github handler. Every failure comes back as a refusal a person can
 * act on. The token goes to the API's own origin and nowhere else: a next
 * page or a redirect that points elsewhere stops the import.
 */
import { z } from 'zod';
import { clockUtc } from '../../shared/domain/index.ts';
import type { Ack, GithubImport, Refusal } from '../../shared/protocol.ts';
import { githubIssues, sortPage, type PageOfIssues } from './github-drafts.ts';

export const GITHUB_API_URL = 'https://api.github.com';

/** GitHub's largest page. */
const PER_PAGE = 100;
/** A renamed or moved repository answers with a redirect or two. */
const MAX_REDIRECTS = 5;
const REQUEST_TIMEOUT_MS = 30_000;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export interface GithubSource extends GithubImport {
  /** `BUGDAY_GITHUB_API_URL`, without a trailing slash. */
  apiUrl: string;
  /** Aborting stops the import after the request under way. */
  signal?: AbortSignal;
  now?: () => number;
}

export interface IssuePage extends PageOfIssues {
  /** Issues (not pull requests) read so far, this page's included. */
  read: number;
  /** At most how many there are in all, from the pages GitHub says are left; undefined when it does not say. */
  total?: number;
}

/** A refusal from `onPage` stops the reading and is returned. */
export type PageHandler = (page: IssuePage) => Promise<Refusal | undefined>;

/** Reads every page of the repository's issues, handing each to `onPage` before asking for the next; the refusal that stopped it, if any. */
export async function readIssues(source: GithubSource, onPage: PageHandler): Promise<Refusal | undefined> {
  const api = new GithubApi(source);
  const milestone = await api.milestoneNumber(source.milestone);
  if (!milestone.ok) return milestone.error;
  const query: Record<string, string> = { state: source.state ?? 'open', sort: 'created', direction: 'asc', per_page: String(PER_PAGE) };
  if (source.labels?.length) query.labels = source.labels.join(',');
  if (milestone.data !== undefined) query.milestone = milestone.data;
  let read = 0;
  return api.eachPage(api.url('issues', query), async (body, pagesLeft) => {
    const items = githubIssues.safeParse(body);
    if (!items.success) return UNREADABLE;
    const page = sortPage(items.data);
    read += page.open.length + page.closed.length;
    return onPage({ ...page, read, ...(pagesLeft === undefined ? {} : { total: read + pagesLeft * PER_PAGE }) });
  });
}

const refused = (code: Refusal['code'], message: string): Refusal => ({ code, message });
const UNREADABLE = refused('upstream_unavailable', 'GitHub answered with something that is not a list bugday can read.');

const milestones = z.array(z.object({ number: z.number().int(), title: z.string() }));

interface Page {
  body: unknown;
  next: URL | undefined;
  /** Pages after this one: 0 on the last; undefined when GitHub does not say. */
  pagesLeft: number | undefined;
  /** When GitHub said this was the last request it takes for now: until when. */
  limitedUntil: number | undefined;
}

class GithubApi {
  readonly #base: URL;
  readonly #repo: string;
  readonly #headers: Record<string, string>;
  readonly #signal: AbortSignal | undefined;
  readonly #now: () => number;
  readonly #hasToken: boolean;

  constructor({ apiUrl, repo, token, signal, now = Date.now }: GithubSource) {
    this.#base = new URL(apiUrl);
    this.#repo = repo;
    this.#signal = signal;
    this.#now = now;
    this.#hasToken = token !== undefined;
    this.#headers = {
      accept: 'application/vnd.github+json',
      'x-github-api-version': '2022-11-28',
      // GitHub refuses requests without one.
      'user-agent': 'bugday',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    };
  }

  /** `{api}/repos/{owner}/{name}/{path}?query`; the API may live under a path (GitHub Enterprise's /api/v3). */
  url(path: string, query: Record<string, string>): URL {
    const [owner, name] = this.#repo.split('/').map(encodeURIComponent);
    const url = new URL(`${this.#base.href.replace(/\/$/, '')}/repos/${owner}/${name}/${path}`);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    return url;
  }

  /** GitHub's issue list filters by milestone number: a title is looked up among the repository's milestones. */
  async milestoneNumber(milestone: string | undefined): Promise<Ack<string | undefined>> {
    if (milestone === undefined || /^(\d+|\*|none)$/.test(milestone)) return { ok: true, data: milestone };
    const found: z.infer<typeof milestones> = [];
    const failed = await this.eachPage(this.url('milestones', { state: 'all', per_page: String(PER_PAGE) }), async (body) => {
      const page = milestones.safeParse(body);
      if (!page.success) return UNREADABLE;
      found.push(...page.data);
      return undefined;
    });
    if (failed) return { ok: false, error: failed };
    const wanted = milestone.toLowerCase();
    const match = found.find((m) => m.title === milestone) ?? found.find((m) => m.title.toLowerCase() === wanted);
    if (!match) return { ok: false, error: refused('not_found', `github.com/${this.#repo} has no milestone called "${milestone}".`) };
    return { ok: true, data: String(match.number) };
  }

  /** Follows `Link: <…>; rel="next"` from `first` to the end, or to the first refusal. */
  async eachPage(first: URL, onPage: (body: unknown, pagesLeft: number | undefined) => Promise<Refusal | undefined>): Promise<Refusal | undefined> {
    let url: URL | undefined = first;
    while (url) {
      const page = await this.#page(url);
      if (!page.ok) return page.error;
      const stopped = await onPage(page.data.body, page.data.pagesLeft);
      if (stopped) return stopped;
      url = page.data.next;
      // The next request would only be refused.
      if (url && page.data.limitedUntil !== undefined) return this.#limited(page.data.limitedUntil);
    }
    return undefined;
  }

  async #page(url: URL): Promise<Ack<Page>> {
    const response = await this.#get(url);
    if (!response.ok) return response;
    const { headers, status } = response.data;
    let body: unknown;
    try {
      body = await response.data.json();
    } catch (error) {
      if (!(error instanceof SyntaxError)) return { ok: false, error: this.#unreachable(error) };
      if (status === 200) return { ok: false, error: UNREADABLE };
    }
    if (status !== 200) return { ok: false, error: this.#failure(response.data, body) };
    const links = linkTargets(headers.get('link'), url);
    const next = links.get('next');
    const remaining = headers.get('x-ratelimit-remaining');
    return {
      ok: true,
      data: {
        body,
        next,
        pagesLeft: next ? pagesBetween(url, links.get('last')) : 0,
        limitedUntil: remaining === '0' ? this.#resetAt(headers) : undefined,
      },
    };
  }

  /** One GET, following redirects on the API's own origin only, so the token never leaves it. */
  async #get(start: URL): Promise<Ack<Response>> {
    let url = start;
    for (let hops = 0; hops <= MAX_REDIRECTS; hops += 1) {
      if (url.origin !== this.#base.origin) {
        return {
          ok: false,
          error: refused('upstream_unavailable', `GitHub pointed bugday to ${url.host}, which is not ${this.#base.host}; the import stopped there so that the token goes nowhere else.`),
        };
      }
      const signal = this.#signal ? AbortSignal.any([this.#signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]) : AbortSignal.timeout(REQUEST_TIMEOUT_MS);
      let response: Response;
      try {
        response = await fetch(url, { headers: this.#headers, redirect: 'manual', signal });
      } catch (error) {
        return { ok: false, error: this.#unreachable(error) };
      }
      const location = response.headers.get('location');
      if (!REDIRECTS.has(response.status) || location === null) return { ok: true, data: response };
      await response.body?.cancel();
      url = new URL(location, url);
    }
    return { ok: false, error: refused('upstream_unavailable', `GitHub redirected bugday more than ${MAX_REDIRECTS} times; try again later.`) };
  }

  #failure(response: Response, body: unknown): Refusal {
    const said = typeof (body as { message?: unknown })?.message === 'string' ? String((body as { message: string }).message).slice(0, 200) : '';
    const { status } = response;
    if (status === 401) return refused('forbidden', 'GitHub refused the token.');
    if (status === 403 || status === 429) {
      const until = this.#limitedUntil(response, said);
      if (until !== undefined) return this.#limited(until);
      return refused('forbidden', `GitHub refused to show github.com/${this.#repo}${said ? `: ${said}` : '.'}`);
    }
    if (status === 404) return refused('not_found', `github.com/${this.#repo} does not exist, or the token cannot see it.`);
    if (status === 410) return refused('not_found', `github.com/${this.#repo} has its issues turned off.`);
    return refused('upstream_unavailable', `GitHub answered ${status}${said ? ` (${said})` : ''}; try again shortly.`);
  }

  /** When a refused request may be tried again, if it was refused for the rate limit (GitHub's primary or secondary one). */
  #limitedUntil({ headers, status }: Response, said: string): number | undefined {
    const retryAfter = headers.get('retry-after');
    if (retryAfter !== null && /^\d+$/.test(retryAfter)) return this.#now() + Number(retryAfter) * 1000;
    if (headers.get('x-ratelimit-remaining') === '0') return this.#resetAt(headers);
    // Without either header GitHub asks for at least a minute's wait.
    if (status === 429 || /rate limit/i.test(said)) return this.#now() + 60_000;
    return undefined;
  }

  #resetAt(headers: Headers): number {
    const reset = Number(headers.get('x-ratelimit-reset'));
    return Number.isFinite(reset) && reset > 0 ? reset * 1000 : this.#now() + 60_000;
  }

  #limited(until: number): Refusal {
    // Rounded up: trying again at the minute named must work.
    const when = clockUtc(Math.ceil(until / 60_000) * 60_000);
    return refused(
      'rate_limited',
      this.#hasToken ? `GitHub's limit for that token is used up until ${when}; wait until then.` : `GitHub's limit is used up until ${when}; add a token or wait.`,
    );
  }

  #unreachable(error: unknown): Refusal {
    if (this.#signal?.aborted) return refused('conflict', 'The import stopped: the page that asked for it went away.');
    const cause = (error as { cause?: { message?: unknown } }).cause?.message;
    const why = (error as Error).name === 'TimeoutError' ? `no answer in ${REQUEST_TIMEOUT_MS / 1000} seconds` : String(cause ?? (error as Error).message);
    return refused('upstream_unavailable', `Could not reach GitHub (${why}).`);
  }
}

/** `<url>; rel="next", <url>; rel="last"` → rel → url, read against the page it came with. */
function linkTargets(header: string | null, base: URL): Map<string, URL> {
  const targets = new Map<string, URL>();
  for (const [, target, params] of (header ?? '').matchAll(/<([^>]*)>((?:\s*;\s*[^;,]*)*)/g)) {
    if (!URL.canParse(target!, base)) continue;
    const rel = /;\s*rel="?([^";]*)"?/.exec(params ?? '')?.[1] ?? '';
    for (const name of rel.split(/\s+/).filter(Boolean)) if (!targets.has(name)) targets.set(name, new URL(target!, base));
  }
  return targets;
}

/** How many pages from `url` to `last`, by their `page` numbers. */
function pagesBetween(url: URL, last: URL | undefined): number | undefined {
  const page = Number(url.searchParams.get('page') ?? '1');
  const lastPage = Number(last?.searchParams.get('page'));
  return Number.isInteger(page) && Number.isInteger(lastPage) && lastPage > page ? lastPage - page : undefined;
}
