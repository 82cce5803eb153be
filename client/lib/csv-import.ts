/**
 * A tracker's CSV export (Roundup's, a spreadsheet's) as issue:sync drafts. papaparse reads it
 * (quoted fields with commas and newlines in them, a BOM, `;` or tab separators), the columns are
 * matched to a card's fields by their names, and every row goes through the schema the server
 * checks commands with, so a problem is told here, by its line in the file, instead of the
 * server refusing a whole batch. Loaded only when an organizer picks a file.
 */
import Papa from 'papaparse';
import { ISSUE_TYPES, type IssueType } from '../../shared/protocol.ts';
import { parseCommand } from '../../shared/schemas.ts';
import { issueNumber } from './import.ts';
import type { SyncDraft } from './import-sync.ts';

/** Bigger than any tracker's export of one project; reading more would only hang the page. */
export const MAX_CSV_BYTES = 20_000_000;

export const CSV_FIELDS = ['number', 'title', 'url', 'type', 'labels'] as const;
export type CsvField = (typeof CSV_FIELDS)[number];

export const FIELD_LABELS: Record<CsvField, string> = { number: 'Number', title: 'Title', url: 'Link', type: 'Type', labels: 'Labels' };

/** The column (from 0) each field is read from; null: none. */
export type Mapping = Record<CsvField, number | null>;

export interface CsvRow {
  /** Where the row starts in the file, from 1: a quoted field may run over several lines. */
  line: number;
  cells: string[];
  /** What the parser found wrong with it, such as a stray quote. */
  fault?: string;
}

export interface CsvTable {
  /** The header row: one name per column. */
  columns: string[];
  rows: CsvRow[];
}

export type CsvRead = { ok: true; table: CsvTable } | { ok: false; problem: string };

const FAULTS: Record<string, string> = {
  MissingQuotes: 'a quoted field is never closed, so the rest of the file was read into it',
  InvalidQuotes: 'a quote inside a quoted field is not doubled ("")',
};

const LINE_BREAK = /\r\n|\r|\n/g;

/** UTF-8, as trackers write it; a file that is not (a spreadsheet saved on Windows) is Windows-1252, not a � for every accent. */
export function decodeCsv(bytes: ArrayBuffer | Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

export function readCsv(text: string): CsvRead {
  // papaparse strips a BOM and counts its cursor in what is left: so must the line numbers.
  const body = text.replace(/^\uFEFF/, '');
  const rows: CsvRow[] = [];
  const blank = /\s*/y;
  let start = 0;
  let end = 0;
  let line = 1;
  Papa.parse<string[]>(body, {
    skipEmptyLines: 'greedy',
    step: ({ data, errors, meta }) => {
      // A step tells only where its row ends: it starts past the blank lines after the row before.
      blank.lastIndex = end;
      blank.exec(body);
      line += body.slice(start, blank.lastIndex).match(LINE_BREAK)?.length ?? 0;
      start = blank.lastIndex;
      end = meta.cursor;
      // Guessing the separator fails on a file of one column; the default comma reads it right anyway.
      const fault = errors.find((error) => error.code !== 'UndetectableDelimiter');
      rows.push({ line, cells: data, ...(fault ? { fault: FAULTS[fault.code] ?? fault.message } : {}) });
    },
  });
  const [header, ...data] = rows;
  if (!header) return { ok: false, problem: 'The file is empty.' };
  return { ok: true, table: { columns: header.cells.map((name) => name.trim()), rows: data } };
}

/** What trackers and spreadsheets call each field, most telling first; compared without case, spaces or punctuation. */
const NAMES: Record<CsvField, string[]> = {
  number: ['number', 'id', '#', 'no', 'num', 'issue', 'issueid', 'issuenumber', 'bug', 'bugid', 'ticket'],
  title: ['title', 'summary', 'subject', 'name'],
  url: ['url', 'link', 'htmlurl', 'weburl', 'href', 'address'],
  type: ['type', 'kind', 'issuetype', 'category'],
  labels: ['labels', 'label', 'keywords', 'tags', 'components'],
};

const comparable = (name: string) => name.toLowerCase().replace(/[^\p{L}\p{N}#]/gu, '');

/** Each field's column, guessed from the header's names; a column serves one field at most. */
export function guessMapping(columns: string[]): Mapping {
  const names = columns.map(comparable);
  const taken = new Set<number>();
  const mapping = {} as Mapping;
  for (const field of CSV_FIELDS) {
    const column = NAMES[field].map((name) => names.findIndex((has, index) => has === name && !taken.has(index))).find((index) => index >= 0);
    mapping[field] = column ?? null;
    if (column !== undefined) taken.add(column);
  }
  return mapping;
}

/** "summary", or "Column 3" for a column without a name; the column number too when two share a name. */
export function columnNames(columns: string[]): string[] {
  return columns.map((name, index) => {
    const shown = name || `Column ${index + 1}`;
    return name && columns.indexOf(name) !== columns.lastIndexOf(name) ? `${shown} (column ${index + 1})` : shown;
  });
}

/**
 * What a type column may say, beyond bugday's own four; Roundup's "enhancement" is a feature.
 * Anything else (Roundup's "behavior", "crash", "performance"…) is imported as a bug, as the
 * GitHub import does with labels it does not know.
 */
const TYPES: Record<string, IssueType> = {
  ...Object.fromEntries(ISSUE_TYPES.map((type) => [type, type])),
  enhancement: 'feature',
  'feature request': 'feature',
  improvement: 'feature',
  doc: 'docs',
  documentation: 'docs',
};

export interface RowProblem {
  line: number;
  problems: string[];
}

export interface CsvPlan {
  /** The rows that can be imported, as they will be. */
  rows: { line: number; draft: SyncDraft }[];
  /** The rows that cannot, each with what is wrong. */
  problems: RowProblem[];
  /** Types bugday does not know, each with how many rows have it: those rows are imported as bugs. */
  asBugs: { type: string; rows: number }[];
  /** Fields every card needs that no column is picked for: nothing can be imported until one is. */
  unmapped: CsvField[];
}

/** One line of text, as a card holds it: a file's newlines and tabs inside a field become spaces. */
const oneLine = (text: string) => text.replace(/[\p{Cc}\s]+/gu, ' ').trim();

export function planCsv({ columns, rows }: CsvTable, mapping: Mapping): CsvPlan {
  const unmapped = (['number', 'title'] as const).filter((field) => mapping[field] === null);
  const plan: CsvPlan = { rows: [], problems: [], asBugs: [], unmapped };
  if (unmapped.length) return plan;
  const firstLine = new Map<number, number>();
  const asBugs = new Map<string, number>();
  for (const row of rows) {
    const cell = (field: CsvField) => {
      const column = mapping[field];
      return column === null ? undefined : (row.cells[column] ?? '');
    };
    const problems: string[] = row.fault ? [row.fault] : [];
    // Empty fields past the header's (a separator at the end of each line) hold nothing to lose.
    if (row.cells.slice(columns.length).some((extra) => extra.trim())) {
      problems.push(`it has ${row.cells.length} fields where the header has ${columns.length}: is a field with the separator in it not in quotes?`);
    }
    const number = issueNumber(cell('number')!.trim().replace(/^#/, '')) ?? 'it has no number';
    if (typeof number === 'string') problems.push(number);
    else if (firstLine.has(number)) problems.push(`#${number} is also on line ${firstLine.get(number)}`);
    else firstLine.set(number, row.line);

    const url = cell('url')?.trim();
    const typeText = oneLine(cell('type') ?? '').toLowerCase();
    const known = Object.hasOwn(TYPES, typeText);
    const type = typeText ? (known ? TYPES[typeText] : 'bug') : undefined;
    const labels = cell('labels')?.split(/[,;|]/).map(oneLine).filter(Boolean);
    const draft = {
      // A stand-in while the number is wrong, so the schema still checks everything else.
      number: typeof number === 'number' ? number : 1,
      title: oneLine(cell('title')!),
      ...(url ? { url } : {}),
      ...(type ? { type } : {}),
      ...(labels ? { labels: [...new Set(labels)] } : {}),
    };
    const checked = parseCommand('issue:sync', { issues: [draft] });
    if (!checked.ok) problems.push(checked.error.message.replace(/^issues\.0\.[\w.]*: /, ''));

    if (problems.length) plan.problems.push({ line: row.line, problems });
    else if (checked.ok) {
      plan.rows.push({ line: row.line, draft: checked.value.payload.issues[0]! });
      if (type && !known) asBugs.set(typeText, (asBugs.get(typeText) ?? 0) + 1);
    }
  }
  plan.asBugs = [...asBugs].map(([type, count]) => ({ type, rows: count }));
  return plan;
}
