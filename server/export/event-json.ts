/**
 * `/export/event.json`: the event as data, to keep or to restore into an
 * empty data file (`npm run import -- json`). The log is complete, with its
 * seqs; folding it gives the board below.
 */
import type { BoardState, DomainEvent } from '../../shared/protocol.ts';
import type { PublicView } from './public-view.ts';

export const EXPORT_FORMAT = 'bugday-event';
export const EXPORT_VERSION = 1;

export interface EventExport {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  exportedAt: number;
  seq: number;
  event: BoardState['event'];
  people: { id: string; nick: string; role: string; venue?: string; firstTime?: boolean; removed?: boolean }[];
  issues: BoardState['issues'][string][];
  events: DomainEvent[];
}

export function eventJson({ state, events }: PublicView, now: number): string {
  const body: EventExport = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: now,
    seq: state.seq,
    event: state.event,
    // Only what the page shows of a person: no registration link, nothing from a session.
    people: Object.values(state.people).map(({ id, nick, role, venue, firstTime, removed }) => ({
      id,
      nick,
      role,
      ...(venue !== undefined ? { venue } : {}),
      ...(firstTime ? { firstTime } : {}),
      ...(removed ? { removed } : {}),
    })),
    issues: state.issueOrder.map((id) => state.issues[id]!),
    events,
  };
  return `${JSON.stringify(body, null, 1)}\n`;
}
