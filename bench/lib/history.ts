/**
 * Writes a data file with a history of a chosen size through the project's
 * own LowdbStore (so in its current format, snapshot and journals), from events made by the project's own `decide` and checked
 * by its own `apply`, so the file follows whatever format and rules the
 * server has today. Driving a live server instead would cost one whole-file
 * rewrite per event.
 */
import { rmSync } from 'node:fs';
import { apply, decide, emptyState, stamp, type Actor, type DomainCommand } from '../../shared/domain/index.ts';
import type { DomainEvent } from '../../shared/protocol.ts';
import { LowdbStore } from '../../server/store/lowdb.ts';

export interface HistorySpec {
  /** Total events, at least people + cards. */
  events: number;
  people: number;
  cards: number;
  /** Of the events after the joins and cards, the share that are claims and releases (the rest is chat). */
  claimShare?: number;
}

export interface HistoryInfo {
  events: number;
  issueIds: string[];
  /** Marker text of the first and last card titles and of the last chat message (its start: links and #refs follow). */
  firstCardTitle: string;
  lastCardTitle: string;
  lastChatText: string;
}

/** Events per append while writing a history: a few hundred fsyncs for 100k events. */
const HISTORY_BATCH = 500;

export const cardTitle = (index: number) => `Bench card ${String(index).padStart(5, '0')} needs a fix`;

export async function writeHistory(file: string, spec: HistorySpec): Promise<HistoryInfo> {
  const state = emptyState();
  const events: DomainEvent[] = [];
  const start = Date.UTC(2026, 10, 21, 9, 0, 0);
  const issueIds: string[] = [];
  let lastChatText = '';

  const run = (actor: Actor, command: DomainCommand): DomainEvent[] => {
    const seq = state.seq + 1;
    const at = start + seq * 250;
    const decision = decide(state, actor, command, { now: at, nextSeq: seq });
    if (!decision.ok) throw new Error(`history: ${command.name} refused: ${decision.error.message}`);
    const stamped = stamp(decision.events, seq, at, actor);
    for (const event of stamped) {
      apply(state, event);
      events.push(event);
    }
    return stamped;
  };

  const people: string[] = [];
  for (let i = 0; i < spec.people; i += 1) {
    const [joined] = run(null, { name: 'session:join', payload: { nick: `hist${i}` } });
    if (joined?.type === 'person.joined') people.push(joined.person.id);
  }
  for (let i = 1; i <= spec.cards; i += 1) {
    const [created] = run(people[i % people.length]!, {
      name: 'issue:create',
      payload: { title: cardTitle(i), number: 100_000 + i },
    } as DomainCommand);
    if (created?.type === 'issue.created') issueIds.push(created.issue.id);
  }
  // Claims and releases cycle through the cards; one card per person at a time.
  const claimShare = spec.claimShare ?? 0.2;
  const held = new Map<string, string>();
  let cursor = 0;
  let n = 0;
  while (events.length < spec.events) {
    n += 1;
    const person = people[n % people.length]!;
    const doClaim = issueIds.length > 0 && (n * claimShare) % 1 < claimShare;
    if (doClaim) {
      const holding = held.get(person);
      if (holding) {
        run(person, { name: 'issue:release', payload: { issueId: holding } });
        held.delete(person);
      } else {
        const issueId = issueIds[cursor++ % issueIds.length]!;
        if (state.issues[issueId]?.claimant) continue;
        run(person, { name: 'issue:claim', payload: { issueId } });
        held.set(person, issueId);
      }
    } else {
      // As at a sprint, many lines name an issue, and some carry a link.
      const card = 100_000 + 1 + (n % Math.max(spec.cards, 1));
      const about = spec.cards > 0 && n % 2 === 0 ? ` about #${card}` : '';
      const link = n % 5 === 0 ? ` see https://bugs.example.org/${card}` : '';
      // Only the start is marked: the page splits a line at its links.
      lastChatText = `history message ${n} from the bench`;
      run(person, { name: 'chat:send', payload: { text: `${lastChatText}${about}${link}` } });
    }
  }

  rmSync(file, { force: true });
  const store = new LowdbStore(file);
  await store.load();
  // Many batches, not one: the store decides as it would over a weekend when
  // to fold its journal into the snapshot, so the files look like real ones.
  for (let i = 0; i < events.length; i += HISTORY_BATCH) {
    await store.append({ events: events.slice(i, i + HISTORY_BATCH), sessions: [], commands: [] });
  }
  await store.close();
  return {
    events: events.length,
    issueIds,
    firstCardTitle: cardTitle(1),
    lastCardTitle: cardTitle(spec.cards),
    lastChatText,
  };
}
