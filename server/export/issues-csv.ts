/** `/export/issues.csv`: one row per issue, for a spreadsheet. */
import { createRequire } from 'node:module';
import { COLUMN_LABELS } from '../../shared/domain/index.ts';
import { holderNicks, type PublicView } from './public-view.ts';

// papaparse is read the first time someone downloads the CSV, not as the server starts.
const require = createRequire(import.meta.url);
let papa: typeof import('papaparse') | undefined;

const HEADER = ['number', 'title', 'url', 'type', 'labels', 'column', 'holders', 'patches', 'test reports', 'branch checks', 'closed upstream'];

export function issuesCsv({ state }: PublicView): string {
  const nick = (id: string) => state.people[id]?.nick ?? 'someone';
  const rows = state.issueOrder.map((id) => {
    const issue = state.issues[id]!;
    return [
      issue.number ?? '',
      issue.title,
      issue.url ?? '',
      issue.type,
      issue.labels.join(', '),
      COLUMN_LABELS[issue.column],
      holderNicks(state, id).join(', '),
      issue.patches.map((p) => p.url).join(' '),
      issue.reports.map((r) => `${nick(r.by)}: ${r.result}`).join('; '),
      issue.checks.map((c) => `${c.branch}: ${c.result}`).join('; '),
      issue.closedUpstream ? 'yes' : '',
    ];
  });
  // A cell a spreadsheet would run as a formula (=, +, -, @, tab, CR first) is written with a ' before it (OWASP).
  papa ??= require('papaparse') as typeof import('papaparse');
  return papa.unparse({ fields: HEADER, data: rows }, { escapeFormulae: true, newline: '\r\n' });
}
