/**
 * The downloads: anyone who can see the board may take it away, as a lurker
 * sees it. Each is built once per seq, however many ask.
 */
import type express from 'express';
import type { Board } from '../board.ts';
import { archiveHtml } from '../export/archive-html.ts';
import { eventJson } from '../export/event-json.ts';
import { issuesCsv } from '../export/issues-csv.ts';
import { publicView, utcDate } from '../export/public-view.ts';
import { summaryMd } from '../export/summary-md.ts';

const EXPORTS: Record<string, { type: string; build: (board: Board, now: number) => string }> = {
  'event.json': { type: 'application/json', build: (board, now) => eventJson(publicView(board), now) },
  'issues.csv': { type: 'text/csv', build: (board) => `\uFEFF${issuesCsv(publicView(board))}` },
  'summary.md': { type: 'text/markdown', build: (board) => summaryMd(publicView(board), board.stats()) },
  'archive.html': { type: 'text/html', build: (board, now) => archiveHtml(publicView(board), now) },
};

export const EXPORT_NAMES = Object.keys(EXPORTS);

/** "cpython-bug-day": the event's title, as a file name may hold it. */
const slug = (title: string) =>
  title
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '-')
    .slice(0, 60) || 'bugday';

export function serveExports(web: express.Express, board: Board, now: () => number) {
  const built = new Map<string, { seq: number; body: string }>();
  web.get('/export/:file', (req, res) => {
    const name = req.params.file;
    const spec = Object.hasOwn(EXPORTS, name) ? EXPORTS[name]! : undefined;
    if (!spec) return void res.sendStatus(404);
    let entry = built.get(name);
    if (entry?.seq !== board.seq) {
      entry = { seq: board.seq, body: spec.build(board, now()) };
      built.set(name, entry);
    }
    const file = `${slug(board.state.event.title)}-${utcDate(now())}-${name}`;
    res
      .set({ 'Cache-Control': 'no-store', 'Content-Disposition': `attachment; filename="${file}"` })
      .type(`${spec.type}; charset=utf-8`)
      .send(entry.body);
  });
}
