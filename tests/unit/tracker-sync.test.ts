/** Re-importing from the tracker: cards match on number, changes update them, closed ones are marked, nothing doubles. */
import { describe, expect, it } from 'vitest';
import { importCounts } from '../../shared/domain/index.ts';
import type { CommandPayloads } from '../../shared/protocol.ts';
import { domainWorld } from '../fixtures/domain-world.ts';

describe('issue:sync', () => {
  it('adds, updates, marks closed upstream and reopens, idempotently', () => {
    const w = domainWorld();
    const { state } = w;
    const olga = w.join('olga', { role: 'organizer' });
    const sync = (actor: string, payload: CommandPayloads['issue:sync']) => {
      const decision = w.run(actor, { name: 'issue:sync', payload });
      return { decision, counts: decision.ok ? importCounts(payload.issues, decision.events) : undefined };
    };
    const first = [
      { number: 1, title: 'Crash in the parser', labels: ['easy'], type: 'bug' as const },
      { number: 2, title: 'Docs typo', labels: ['docs'], type: 'docs' as const },
    ];
    expect(sync(olga, { issues: first }).counts).toEqual({ added: 2, updated: 0, closed: 0, unchanged: 0, skipped: 0 });
    const before = structuredClone(state);
    const again = sync(olga, { issues: first });
    expect(again.counts).toEqual({ added: 0, updated: 0, closed: 0, unchanged: 2, skipped: 0 });
    expect(again.decision).toEqual({ ok: true, events: [] });
    expect(state).toEqual(before);

    const changed = [{ ...first[0]!, title: 'Crash in the PEG parser', labels: ['easy', 'parser'] }, first[1]!, first[1]!];
    const result = sync(olga, { issues: changed, closed: [2, 99] });
    expect(result.counts).toEqual({ added: 0, updated: 1, closed: 0, unchanged: 1, skipped: 1 });
    // #2 came in the open list of this very sync, so it is not closed by it.
    const [one, two] = state.issueOrder.map((id) => state.issues[id]!);
    expect(one).toMatchObject({ title: 'Crash in the PEG parser', labels: ['easy', 'parser'] });
    expect(two!.closedUpstream).toBeUndefined();

    expect(sync(olga, { issues: [first[0]!].map((d) => ({ ...d, title: 'Crash in the PEG parser', labels: ['easy', 'parser'] })), closed: [2] }).counts).toMatchObject({ closed: 1 });
    expect(two).toBe(state.issues[two!.id]);
    expect(state.issues[two!.id]).toMatchObject({ closedUpstream: true, column: 'open' });
    expect(sync(olga, { issues: [], closed: [2] }).decision).toEqual({ ok: true, events: [] });
    // Open upstream again: the mark goes.
    expect(sync(olga, { issues: [first[1]!] }).counts).toMatchObject({ updated: 1 });
    expect(state.issues[two!.id]!.closedUpstream).toBeUndefined();
    expect(state.issueOrder).toHaveLength(2);
  });
});
