import { importable } from '../../shared/domain/decide-issues.ts';
import { Action } from './action.svelte.ts';
import type { BugdayClient } from './client.ts';
import { batches, planImport } from './import.ts';
import { unlessRateLimited } from './import-sync.ts';
import { perClient } from './per-client.ts';

/**
 * The paste box's lines and the import they start, kept for the page as the
 * GitHub import is (github-import.svelte.ts): closed and opened again, the
 * Organize panel shows how far it has got, then what it did.
 */
export class PasteImport {
  text = $state('');
  readonly plan = $derived(planImport(this.text));
  progress: { done: number; total: number } | undefined = $state();
  result = $state('');
  readonly action = new Action();
  readonly #client: BugdayClient;

  constructor(client: BugdayClient) {
    this.#client = client;
  }

  /** Imports what the box holds, unless an import is running. */
  async run() {
    const { drafts } = this.plan;
    if (!drafts.length || this.action.busy) return;
    this.result = '';
    // The server's own rule, on this page's board: numbers already there or repeated are skipped.
    const added = importable(this.#client.board, drafts).length;
    const skipped = drafts.length - added;
    this.progress = { done: 0, total: drafts.length };
    for (const part of batches(drafts)) {
      const ok = await this.action.run(() => unlessRateLimited(() => this.#client.send('issue:import', { issues: part })));
      if (!ok) {
        this.result = `Stopped after ${this.progress.done} of ${drafts.length} issues.`;
        return;
      }
      this.progress = { done: this.progress.done + part.length, total: drafts.length };
    }
    this.result = `Added ${added} ${added === 1 ? 'issue' : 'issues'}; skipped ${skipped} already on the board.`;
    this.text = '';
  }
}

/** The page's one paste box. */
export const pasteImport = perClient((client) => new PasteImport(client));
