/** Registration and the event's stats, in the domain: pure, with time as a number the test moves. */
import { describe, expect, it } from 'vitest';
import { apply, emptyState, eventFor, MINUTE_MS, readsPrivate, stateFor, StatsFold } from '../../shared/domain/index.ts';
import { domainWorld, T0 } from '../fixtures/domain-world.ts';

/** A board with olga (organizer) and mia (mentor) in it, folding the stats as it goes. */
function world() {
  const fold = new StatsFold();
  const w = domainWorld((event, state) => fold.add(event, state));
  return Object.assign(w, { fold, olga: w.join('olga', { role: 'organizer' }), mia: w.join('mia', { role: 'mentor' }) });
}

describe('registration', () => {
  it('anyone registers before joining; a join with the same nick claims it, first-timer and venue included', () => {
    const w = world();
    w.must(null, { name: 'person:register', payload: { name: 'Newt', venue: 'Montreal', firstTime: true, email: 'newt@example.org' } });
    const id = `r${w.state.seq}`;
    expect(w.state.registrations[id]).toMatchObject({ name: 'Newt', venue: 'Montreal', firstTime: true, email: 'newt@example.org' });
    expect(w.run(null, { name: 'person:register', payload: { name: 'newt' } })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: 'newt is already registered.' },
    });
    const newt = w.join('newt');
    expect(w.state.people[newt]).toMatchObject({ firstTime: true, venue: 'Montreal', registrationId: id });
    expect(w.state.registrations[id]!.personId).toBe(newt);
    // Claimed: the name is free to register again.
    expect(w.run(null, { name: 'person:register', payload: { name: 'newt' } })).toMatchObject({ ok: true });
    expect(w.run(w.olga, { name: 'person:register', payload: { name: 'olga2' } })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('a join naming a registration claims it under another nick, once', () => {
    const w = world();
    w.must(null, { name: 'person:register', payload: { name: 'ana', firstTime: true } });
    const id = `r${w.state.seq}`;
    const nick = w.join('ana_at_home', { registrationId: id });
    expect(w.state.people[nick]).toMatchObject({ firstTime: true, registrationId: id });
    expect(w.run(null, { name: 'session:join', payload: { nick: 'ana2', registrationId: id } })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: 'That registration was already used by ana_at_home.' },
    });
  });

  it('an email is the organizers’ alone: other viewers get the registration without it', () => {
    const w = world();
    const ana = w.join('ana');
    w.must(null, { name: 'person:register', payload: { name: 'newt', email: 'newt@example.org' } });
    const event = w.log.at(-1)!;
    for (const viewer of [null, ana, w.mia]) {
      expect(JSON.stringify(eventFor(w.state, event, viewer))).not.toContain('newt@example.org');
      expect(JSON.stringify(stateFor(w.state, viewer))).not.toContain('newt@example.org');
      expect(readsPrivate(w.state, viewer)).toBe(false);
    }
    expect(eventFor(w.state, event, w.olga)).toBe(event);
    expect(stateFor(w.state, w.olga)).toBe(w.state);
    expect(readsPrivate(w.state, w.olga)).toBe(true);
  });
});

describe('the stats fold', () => {
  it('counts what happened and charts done and in progress per minute, equal to the log', () => {
    const w = world();
    const ana = w.join('ana', { firstTime: true });
    const bob = w.join('bob');
    w.must(w.olga, { name: 'event:update', payload: { branches: ['main'] } });
    w.must(w.olga, { name: 'issue:import', payload: { issues: [1, 2, 3].map((number) => ({ title: `Issue ${number}`, number })) } });
    const [a, b, c] = w.state.issueOrder;
    w.later(1);
    w.must(ana, { name: 'issue:claim', payload: { issueId: a! } });
    w.must(bob, { name: 'issue:claim', payload: { issueId: b! } });
    w.later(1);
    w.must(ana, { name: 'issue:patch', payload: { issueId: a!, url: 'https://example.org/pr/1' } });
    w.must(bob, { name: 'issue:report', payload: { issueId: a!, result: 'works' } });
    w.must(bob, { name: 'issue:check', payload: { issueId: c!, branch: 'main', result: 'reproduces' } });
    w.must(ana, { name: 'help:raise', payload: { note: 'how do I run the tests?' } });
    const flag = `h${w.state.seq}`;
    w.later(3);
    w.must(w.mia, { name: 'help:take', payload: { helpId: flag } });
    w.must(w.mia, { name: 'help:resolve', payload: { helpId: flag } });
    w.later(1);
    w.must(w.mia, { name: 'issue:move', payload: { issueId: a!, column: 'done' } });
    w.must(bob, { name: 'issue:release', payload: { issueId: b! } });
    const stats = w.fold.stats(w.state);
    expect(stats.columns).toEqual({ open: 2, 'in-progress': 0, review: 0, ready: 0, done: 1 });
    expect(stats.totals).toEqual({ claims: 2, patches: 1, reports: 1, checks: 1, helpRaised: 1, helpResolved: 1, newcomersHelped: 1 });
    expect(stats.helpWait).toEqual({ median: 3, p90: 3 });
    expect(stats.leaders).toEqual([{ personId: ana, done: 1 }]);
    // The chart starts from nothing at the log's first minute.
    expect(stats.series).toEqual([
      { at: T0, done: 0, inProgress: 0 },
      { at: T0 + MINUTE_MS, done: 0, inProgress: 2 },
      { at: T0 + 6 * MINUTE_MS, done: 1, inProgress: 0 },
    ]);
    // Folding the log again gives the same numbers.
    const again = new StatsFold();
    const replay = emptyState();
    for (const event of w.log) again.add(event, apply(replay, event));
    expect(again.stats(replay)).toEqual(stats);

    w.must(ana, { name: 'person:listed', payload: { listed: false } });
    expect(w.fold.stats(w.state).leaders).toEqual([]);
    expect(w.run(ana, { name: 'person:listed', payload: { listed: false } })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });
});
