/**
 * `/export/archive.html`: the event in one file, readable offline years from
 * now. Nothing in it loads or runs: the styles are inline, there are no
 * scripts, a Content-Security-Policy forbids them anyway, and every text
 * anyone typed is escaped.
 */
import { COLUMNS } from '../../shared/protocol.ts';
import { COLUMN_LABELS, issueName } from '../../shared/domain/index.ts';
import { holderNicks, utcTime, type PublicView } from './public-view.ts';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

/** Only web links become links; anything else (javascript:, data:) stays text. */
const link = (url: string, label: string) =>
  /^https?:\/\//i.test(url) ? `<a href="${escapeHtml(url)}" rel="noreferrer">${escapeHtml(label)}</a>` : escapeHtml(label);

const STYLE = `
body{font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1b1b1f;background:#fff}
@media (prefers-color-scheme:dark){body{color:#e8e8ee;background:#141418}a{color:#9cc3ff}}
h1{margin-bottom:.25rem}.meta{color:#595960}@media (prefers-color-scheme:dark){.meta{color:#b0b0b8}}
.board{display:grid;grid-template-columns:repeat(auto-fit,minmax(12rem,1fr));gap:1rem}
.board section{border:1px solid #8884;border-radius:.5rem;padding:.5rem}.board ul{list-style:none;padding:0;margin:0}
.board li{border-top:1px solid #8883;padding:.35rem 0}.who{font-size:.9em}
.chat{list-style:none;padding:0}.chat li{padding:.15rem 0}.chat time{font-variant-numeric:tabular-nums;margin-right:.5rem}
.removed{font-style:italic}`;

export function archiveHtml({ state }: PublicView, exportedAt: number): string {
  const { event } = state;
  const nick = (id: string) => escapeHtml(state.people[id]?.nick ?? 'someone');
  const columns = COLUMNS.map((column) => {
    const cards = state.issueOrder.map((id) => state.issues[id]!).filter((issue) => issue.column === column);
    const items = cards.map((issue) => {
      const name = issue.url ? link(issue.url, issueName(issue)) : escapeHtml(issueName(issue));
      const holders = holderNicks(state, issue.id).map(escapeHtml).join(', ');
      return `<li>${name} ${escapeHtml(issue.title)}${holders ? ` <span class="who">— ${holders}</span>` : ''}</li>`;
    });
    return `<section><h3>${COLUMN_LABELS[column]} (${cards.length})</h3><ul>${items.join('')}</ul></section>`;
  });
  const chat = state.chat.map((m) => {
    const words = m.removedBy ? '<span class="removed">removed by a moderator</span>' : escapeHtml(m.text);
    const line = m.action ? `* ${nick(m.author)} ${words}` : `&lt;${nick(m.author)}&gt; ${words}`;
    return `<li><time datetime="${new Date(m.at).toISOString()}">${utcTime(m.at)}</time>${line}</li>`;
  });
  const resources = event.resources.map((r) => `<li>${link(r.url, r.label)}</li>`).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(event.title)} — bugday archive</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${escapeHtml(event.title)}</h1>
<p class="meta">${[event.startsAt, event.endsAt].filter((t) => t !== undefined).map((t) => utcTime(t!)).join(' to ')} · archived ${utcTime(exportedAt)}</p>
${event.description ? `<p>${escapeHtml(event.description)}</p>` : ''}
${resources ? `<ul>${resources}</ul>` : ''}
</header>
<main>
<h2>The board</h2>
<div class="board">${columns.join('')}</div>
<h2>The chat (${state.chat.length} ${state.chat.length === 1 ? 'message' : 'messages'})</h2>
<ol class="chat">${chat.join('')}</ol>
</main>
</body>
</html>
`;
}
