/** `/export/summary.md`: the thank-you post, ready to paste. */
import { issueName } from '../../shared/domain/index.ts';
import type { EventStats } from '../../shared/protocol.ts';
import { holderNicks, utcDate, type PublicView } from './public-view.ts';

/** People's words go into Markdown as text: nothing they typed becomes a link, a heading or markup. */
const text = (value: string) => value.replace(/[\\`*_{}[\]<>()#+!|~-]/g, '\\$&').replace(/\s+/g, ' ');

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function summaryMd({ state }: PublicView, stats: EventStats): string {
  const { event } = state;
  const nick = (id: string) => text(state.people[id]?.nick ?? 'someone');
  const when = [event.startsAt, event.endsAt].filter((t) => t !== undefined).map((t) => utcDate(t!));
  const finished = state.issueOrder.map((id) => state.issues[id]!).filter((i) => i.column === 'done' || i.column === 'ready');
  const { totals, helpWait } = stats;
  const lines = [
    `# ${text(event.title)}${when.length ? ` (${[...new Set(when)].join(' to ')})` : ''}`,
    '',
    `Thank you, everyone! ${plural(finished.length, 'issue')} fixed or ready to commit, ${plural(totals.patches, 'patch', 'patches')} posted, ` +
      `${plural(totals.reports, 'test report')} and ${plural(totals.checks, 'branch check')}.`,
    '',
    `- Issues now: ${Object.entries(stats.columns).map(([column, n]) => `${n} ${column}`).join(', ')}`,
    `- Claims: ${totals.claims}`,
    `- Help: ${plural(totals.helpRaised, 'flag')} raised, ${totals.helpResolved} resolved, ${plural(totals.newcomersHelped, 'first-timer')} helped` +
      (helpWait.median !== undefined ? `; median wait ${Math.round(helpWait.median)} min, 90th percentile ${Math.round(helpWait.p90!)} min` : ''),
    '',
    '## Fixed',
    '',
    ...(finished.length
      ? finished.map((issue) => {
          const by = holderNicks(state, issue.id).map(text);
          const link = issue.url ? ` (${issue.url})` : '';
          return `- ${text(issueName(issue))} ${text(issue.title)}${link}${by.length ? `, by ${by.join(', ')}` : ''}${issue.column === 'ready' ? ' (ready to commit)' : ''}`;
        })
      : ['Nothing yet.']),
    '',
  ];
  const leaders = stats.leaders.map((l) => `${nick(l.personId)} (${l.done})`);
  if (leaders.length) lines.push('## Most done', '', leaders.join(', '), '');
  return lines.join('\n');
}
