import { Action } from './action.svelte.ts';
import type { BugdayClient } from './client.ts';
import type { CsvTable, Mapping } from './csv-import.ts';
import { countsText, syncInBatches } from './import-sync.ts';
import { perClient } from './per-client.ts';

/**
 * The CSV import's file as read, its columns as mapped, and the import they
 * start, kept for the page as the GitHub import is (github-import.svelte.ts):
 * closed and opened again, the Organize panel shows the same rows, how far
 * the import has got, then what it did.
 */
export class CsvImportForm {
  /** papaparse and the shared schema are wanted only once a file is picked. */
  csv: typeof import('./csv-import.ts') | undefined = $state();
  // Raw: a big file's rows are read, never changed, and a deep proxy of them would cost more than the parse.
  table: CsvTable | undefined = $state.raw();
  mapping: Mapping | undefined = $state();
  unreadable = $state('');
  progress: { done: number; total: number } | undefined = $state();
  said = $state('');
  readonly action = new Action();
  readonly plan = $derived(this.csv && this.table && this.mapping ? this.csv.planCsv(this.table, this.mapping) : undefined);
  readonly names = $derived(this.csv && this.table ? this.csv.columnNames(this.table.columns) : []);
  readonly #client: BugdayClient;

  constructor(client: BugdayClient) {
    this.#client = client;
  }

  /** Reads a picked file (or forgets the last one when none is picked). */
  async pick(file: File | undefined) {
    this.table = undefined;
    this.mapping = undefined;
    this.unreadable = '';
    this.said = '';
    this.action.clear();
    if (!file) return;
    const csv = (this.csv ??= await import('./csv-import.ts'));
    if (file.size > csv.MAX_CSV_BYTES) {
      this.unreadable = `${file.name} is larger than ${csv.MAX_CSV_BYTES / 1_000_000} MB; export fewer issues at a time.`;
      return;
    }
    const read = csv.readCsv(csv.decodeCsv(await file.arrayBuffer()));
    if (!read.ok) this.unreadable = read.problem;
    else {
      this.table = read.table;
      this.mapping = csv.guessMapping(read.table.columns);
    }
  }

  /** Imports the rows as mapped, unless an import is running. */
  async run() {
    if (!this.plan?.rows.length || this.action.busy) return;
    this.said = '';
    const drafts = this.plan.rows.map((row) => row.draft);
    const answer = await this.action.answer(() =>
      syncInBatches(drafts, (payload) => this.#client.send('issue:sync', payload), (step) => (this.progress = step)),
    );
    this.progress = undefined;
    if (answer.ok) this.said = countsText(answer.data);
  }
}

/** The page's one CSV import. */
export const csvImportForm = perClient((client) => new CsvImportForm(client));
