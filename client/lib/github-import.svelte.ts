import type { GithubImport, ImportProgress } from '../../shared/protocol.ts';
import { Action } from './action.svelte.ts';
import type { BugdayClient } from './client.ts';
import { countsText } from './import-sync.ts';
import { perClient } from './per-client.ts';

/**
 * The GitHub import form and the import it runs, kept for the page rather than
 * in the form's component: the Organize panel's content goes when the panel
 * closes, and the import of a big repository outlasts that. Opened again, the
 * panel shows the import's progress, then what it did, and the form as it was.
 */
export class GithubImportForm {
  repo = $state('');
  labels = $state('');
  milestone = $state('');
  all = $state(false);
  /** Held only here, and emptied once the import is over: never saved, never in the address. */
  token = $state('');
  progress: ImportProgress | undefined = $state();
  said = $state('');
  readonly action = new Action();
  readonly #client: BugdayClient;

  constructor(client: BugdayClient) {
    this.#client = client;
  }

  #request(): GithubImport {
    const labels = this.labels
      .split(',')
      .map((label) => label.trim())
      .filter(Boolean);
    return {
      repo: this.repo.trim(),
      ...(labels.length ? { labels } : {}),
      ...(this.milestone.trim() ? { milestone: this.milestone.trim() } : {}),
      ...(this.all ? { state: 'all' as const } : {}),
      ...(this.token.trim() ? { token: this.token.trim() } : {}),
    };
  }

  /** Starts the import, unless one is running. */
  async run() {
    if (this.action.busy) return;
    this.said = '';
    this.progress = { done: 0 };
    const answer = await this.action.answer(() => this.#client.importGithub(this.#request(), (frame) => (this.progress = frame)));
    this.token = '';
    this.progress = undefined;
    if (answer.ok) this.said = countsText(answer.data);
    else if (answer.error.code === 'no_answer') this.action.error = `${answer.error.message} What came in before stays on the board; importing again is safe.`;
  }
}

/** The page's one GitHub import form. */
export const githubImportForm = perClient((client) => new GithubImportForm(client));
