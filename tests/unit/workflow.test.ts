/**
 * The bug-day workflow in the domain: caps, leases on the clock, pairs, the
 * event's focus, per-branch checks and asking for a commit. Time is a number
 * the test moves; nothing waits.
 */
import { describe, expect, it } from 'vitest';
import { apply, decideClock, emptyState, leaseDeadline, MINUTE_MS, nextDeadline, type DomainCommand } from '../../shared/domain/index.ts';
import { SYSTEM_ACTOR } from '../../shared/protocol.ts';
import { domainWorld } from '../fixtures/domain-world.ts';

/** A board with olga (organizer) and mia (mentor) in it, issues made by number, and the clock's ticks. */
function world() {
  const w = domainWorld();
  const olga = w.join('olga', { role: 'organizer' });
  const mia = w.join('mia', { role: 'mentor' });
  const card = (number: number, type: 'bug' | 'feature' | 'docs' = 'bug') => {
    w.must(olga, { name: 'issue:create', payload: { title: `Issue ${number}`, number, type } });
    return `i${w.state.seq}`;
  };
  return Object.assign(w, {
    olga,
    mia,
    card,
    /** What the server's clock appends at this moment. */
    tick: () => w.append(decideClock(w.state, w.now), SYSTEM_ACTOR),
    claim: (actor: string, issueId: string, confirm?: boolean) =>
      w.run(actor, { name: 'issue:claim', payload: { issueId, ...(confirm ? { confirm } : {}) } }),
  });
}

describe('claim caps', () => {
  it('refuses a claim past the cap with the sentence the issue names, and counts only unfinished cards', () => {
    const w = world();
    const ana = w.join('ana');
    const cards = [1, 2, 3, 4].map((n) => w.card(n));
    for (const id of cards.slice(0, 3)) expect(w.claim(ana, id)).toMatchObject({ ok: true });
    const before = structuredClone(w.state);
    expect(w.claim(ana, cards[3]!)).toEqual({
      ok: false,
      error: { code: 'conflict', message: 'You already hold 3 issues, the most anyone may hold here; release one first.' },
    });
    expect(w.state).toEqual(before);
    // A card a mentor put in Ready to commit is finished work: it no longer counts.
    w.must(w.mia, { name: 'issue:move', payload: { issueId: cards[0]!, column: 'ready' } });
    expect(w.claim(ana, cards[3]!)).toMatchObject({ ok: true });
  });

  it('first-timers get newcomerMax, and the organizer sets both caps', () => {
    const w = world();
    const newt = w.join('newt', { firstTime: true });
    expect(w.state.people[newt]).toMatchObject({ firstTime: true });
    const [a, b] = [w.card(1), w.card(2)];
    w.must(newt, { name: 'issue:claim', payload: { issueId: a } });
    expect(w.claim(newt, b)).toEqual({
      ok: false,
      error: { code: 'conflict', message: 'You already hold 1 issue, the most a first-timer may hold here; release it first.' },
    });
    w.must(w.olga, { name: 'event:update', payload: { claims: { newcomerMax: 2 } } });
    expect(w.state.event.claims).toEqual({ leaseMinutes: 180, graceMinutes: 30, max: 3, newcomerMax: 2 });
    expect(w.claim(newt, b)).toMatchObject({ ok: true });
  });

  it('the logged rules are whole, and first-timers are never allowed more than anyone', () => {
    const w = world();
    const events = w.must(w.olga, { name: 'event:update', payload: { claims: { max: 2 } } });
    expect(events).toEqual([{ type: 'event.updated', info: { claims: { leaseMinutes: 180, graceMinutes: 30, max: 2, newcomerMax: 1 } } }].map((e) => expect.objectContaining(e)));
    expect(w.run(w.olga, { name: 'event:update', payload: { claims: { newcomerMax: 3 } } })).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload', message: expect.stringContaining('First-timers cannot be allowed more issues (3) than anyone else (2)') },
    });
  });
});

describe('leases', () => {
  it('a claim nobody works on goes stale after the lease and is released after the grace time', () => {
    const w = world();
    const ana = w.join('ana');
    const id = w.card(7);
    w.must(ana, { name: 'issue:claim', payload: { issueId: id } });
    expect(nextDeadline(w.state)).toBe(w.now + 180 * MINUTE_MS);
    w.later(179);
    expect(w.tick()).toEqual([]);
    w.later(1);
    expect(w.tick()).toMatchObject([{ type: 'issue.stale', issueId: id, actor: 'system' }]);
    expect(w.state.issues[id]).toMatchObject({ claimant: ana, staleAt: w.now });
    // The clock says each thing once: a second tick at the same moment appends nothing.
    expect(w.tick()).toEqual([]);
    expect(nextDeadline(w.state)).toBe(w.now + 30 * MINUTE_MS);
    w.later(30);
    expect(w.tick()).toMatchObject([{ type: 'issue.released', issueId: id, reason: 'expired', actor: 'system' }]);
    expect(w.state.issues[id]).toMatchObject({ column: 'open' });
    expect(w.state.issues[id]!.claimant).toBeUndefined();
    expect(nextDeadline(w.state)).toBeUndefined();
  });

  it('an extend, or any work by a holder, starts the lease again and clears the stale mark', () => {
    const w = world();
    const ana = w.join('ana');
    const id = w.card(7);
    w.must(ana, { name: 'issue:claim', payload: { issueId: id } });
    const activity: [string, DomainCommand][] = [
      ['extend', { name: 'issue:extend', payload: { issueId: id } }],
      ['move', { name: 'issue:move', payload: { issueId: id, column: 'review' } }],
      ['patch', { name: 'issue:patch', payload: { issueId: id, url: 'https://example.org/pr/1' } }],
      ['report', { name: 'issue:report', payload: { issueId: id, result: 'works' } }],
      ['chat naming it', { name: 'chat:send', payload: { text: 'pushed a fix for #7' } }],
    ];
    for (const [what, command] of activity) {
      w.later(180);
      w.tick();
      expect(w.state.issues[id]!.staleAt, `stale before the ${what}`).toBe(w.now);
      w.later(10);
      w.must(ana, command);
      expect(w.state.issues[id]!.staleAt, `the ${what} clears it`).toBeUndefined();
      expect(w.state.issues[id]!.activeAt).toBe(w.now);
      expect(leaseDeadline(w.state.event.claims, w.state.issues[id]!)).toBe(w.now + 180 * MINUTE_MS);
    }
  });

  it("someone else's work on a card, or a chat line naming another card, is not the holder's activity", () => {
    const w = world();
    const [ana, bob] = [w.join('ana'), w.join('bob')];
    const id = w.card(7);
    w.card(70);
    w.must(ana, { name: 'issue:claim', payload: { issueId: id } });
    const claimedAt = w.now;
    w.later(60);
    w.must(bob, { name: 'issue:report', payload: { issueId: id, result: 'fails' } });
    w.must(bob, { name: 'chat:send', payload: { text: 'ana, how is #7 going?' } });
    w.must(ana, { name: 'chat:send', payload: { text: 'looking at #70 now' } });
    expect(w.state.issues[id]!.activeAt).toBe(claimedAt);
  });

  it('a chat line names a card added after the board was last looked up by number, on the board and on a copy of it', () => {
    const w = world();
    const ana = w.join('ana');
    w.card(7);
    w.must(ana, { name: 'chat:send', payload: { text: 'who has #7?' } });
    const id = w.card(8);
    w.must(ana, { name: 'issue:claim', payload: { issueId: id } });
    w.later(60);
    w.must(ana, { name: 'chat:send', payload: { text: 'pushed a fix for #8' } });
    expect(w.state.issues[id]!.activeAt).toBe(w.now);
    // A copy (as the server keeps of a board before a risky fold) folds the same on its own.
    const copy = structuredClone(w.state);
    w.later(60);
    apply(copy, { seq: copy.seq + 1, at: w.now, actor: ana, type: 'chat.sent', text: 'still on #8' });
    expect(copy.issues[id]!.activeAt).toBe(w.now);
    expect(w.state.issues[id]!.activeAt).toBe(w.now - 60 * MINUTE_MS);
  });

  it('a finished card keeps its claim with no lease; a shorter lease set later applies at once', () => {
    const w = world();
    const ana = w.join('ana');
    const [a, b] = [w.card(1), w.card(2)];
    w.must(ana, { name: 'issue:claim', payload: { issueId: a } });
    w.must(ana, { name: 'issue:claim', payload: { issueId: b } });
    w.must(w.mia, { name: 'issue:move', payload: { issueId: a, column: 'ready' } });
    w.must(w.olga, { name: 'event:update', payload: { claims: { leaseMinutes: 5, graceMinutes: 1 } } });
    w.later(5);
    expect(w.tick()).toMatchObject([{ type: 'issue.stale', issueId: b }]);
    w.later(600);
    expect(w.tick()).toMatchObject([{ type: 'issue.released', issueId: b, reason: 'expired' }]);
    expect(w.state.issues[a]).toMatchObject({ claimant: ana, column: 'ready' });
  });

  it('after a long outage a card is marked stale first and gets its whole grace time', () => {
    const w = world();
    const ana = w.join('ana');
    const id = w.card(1);
    w.must(ana, { name: 'issue:claim', payload: { issueId: id } });
    w.later(24 * 60);
    expect(w.tick()).toMatchObject([{ type: 'issue.stale' }]);
    expect(nextDeadline(w.state)).toBe(w.now + 30 * MINUTE_MS);
  });

  it('replaying the log rebuilds the same deadlines: a restart neither loses nor repeats a stale mark', () => {
    const w = world();
    const ana = w.join('ana');
    const [a, b] = [w.card(1), w.card(2)];
    w.must(ana, { name: 'issue:claim', payload: { issueId: a } });
    w.later(100);
    w.must(ana, { name: 'issue:claim', payload: { issueId: b } });
    w.later(80);
    expect(w.tick()).toMatchObject([{ type: 'issue.stale', issueId: a }]);
    const replayed = w.log.reduce(apply, emptyState());
    expect(replayed).toEqual(w.state);
    expect(nextDeadline(replayed)).toBe(nextDeadline(w.state));
    expect(decideClock(replayed, w.now)).toEqual([]);
  });

  it('only a holder or a mentor extends, and only a claimed unfinished card', () => {
    const w = world();
    const [ana, bob] = [w.join('ana'), w.join('bob')];
    const [a, free] = [w.card(1), w.card(2)];
    w.must(ana, { name: 'issue:claim', payload: { issueId: a } });
    expect(w.run(bob, { name: 'issue:extend', payload: { issueId: a } })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(w.run(ana, { name: 'issue:extend', payload: { issueId: free } })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: '#2 is not claimed by anyone.' },
    });
    expect(w.run(w.mia, { name: 'issue:extend', payload: { issueId: a } })).toMatchObject({ ok: true });
    w.must(w.mia, { name: 'issue:move', payload: { issueId: a, column: 'done' } });
    expect(w.run(ana, { name: 'issue:extend', payload: { issueId: a } })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });
});

describe('pairs', () => {
  it('the claimant adds a co-worker; both are on the card, either may move it, both count against their caps', () => {
    const w = world();
    const [ana, bob, cat] = [w.join('ana'), w.join('bob'), w.join('cat')];
    const id = w.card(1);
    w.must(ana, { name: 'issue:claim', payload: { issueId: id } });
    expect(w.run(cat, { name: 'issue:pair', payload: { issueId: id, personId: bob } })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    w.must(ana, { name: 'issue:pair', payload: { issueId: id, personId: bob } });
    expect(w.state.issues[id]).toMatchObject({ claimant: ana, pair: [bob] });
    expect(w.run(ana, { name: 'issue:pair', payload: { issueId: id, personId: bob } })).toMatchObject({
      ok: false,
      error: { message: 'bob is already on #1.' },
    });
    expect(w.run(bob, { name: 'issue:move', payload: { issueId: id, column: 'review' } })).toMatchObject({ ok: true });
    expect(w.run(cat, { name: 'issue:move', payload: { issueId: id, column: 'in-progress' } })).toMatchObject({ ok: false });
    // bob's pairing counts: two more claims of his own fill his cap of three.
    const [c2, c3, c4] = [w.card(2), w.card(3), w.card(4)];
    w.must(bob, { name: 'issue:claim', payload: { issueId: c2 } });
    w.must(bob, { name: 'issue:claim', payload: { issueId: c3 } });
    expect(w.claim(bob, c4)).toMatchObject({ ok: false, error: { message: expect.stringContaining('You already hold 3 issues') } });
    w.must(cat, { name: 'issue:claim', payload: { issueId: c4 } });
    expect(w.run(cat, { name: 'issue:pair', payload: { issueId: c4, personId: bob } })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: 'bob already holds 3 issues, the most anyone may hold here.' },
    });
  });

  it('a co-worker who releases leaves the card to the others; a claimant who leaves hands it to the first co-worker', () => {
    const w = world();
    const [ana, bob, cat] = [w.join('ana'), w.join('bob'), w.join('cat')];
    const id = w.card(1);
    w.must(ana, { name: 'issue:claim', payload: { issueId: id } });
    w.must(ana, { name: 'issue:pair', payload: { issueId: id, personId: bob } });
    w.must(ana, { name: 'issue:pair', payload: { issueId: id, personId: cat } });
    expect(w.must(cat, { name: 'issue:release', payload: { issueId: id } })).toMatchObject([{ type: 'issue.unpaired', personId: cat }]);
    expect(w.state.issues[id]).toMatchObject({ claimant: ana, pair: [bob] });
    w.must(ana, { name: 'issue:release', payload: { issueId: id } });
    expect(w.state.issues[id]).toMatchObject({ claimant: bob, column: 'in-progress' });
    expect(w.state.issues[id]!.pair).toBeUndefined();
    expect(w.run(bob, { name: 'issue:unpair', payload: { issueId: id, personId: bob } })).toMatchObject({
      ok: false,
      error: { message: 'bob is the only one on #1; release it instead.' },
    });
    w.must(bob, { name: 'issue:release', payload: { issueId: id } });
    expect(w.state.issues[id]!.column).toBe('open');
  });

  it('a mentor release lets go of everyone; removing a co-worker takes them off the card', () => {
    const w = world();
    const [ana, bob, cat] = [w.join('ana'), w.join('bob'), w.join('cat')];
    const [a, b] = [w.card(1), w.card(2)];
    w.must(ana, { name: 'issue:claim', payload: { issueId: a } });
    w.must(ana, { name: 'issue:pair', payload: { issueId: a, personId: bob } });
    w.must(w.mia, { name: 'issue:release', payload: { issueId: a } });
    expect(w.state.issues[a]).toMatchObject({ column: 'open' });
    expect(w.state.issues[a]!.pair).toBeUndefined();
    w.must(cat, { name: 'issue:claim', payload: { issueId: b } });
    w.must(cat, { name: 'issue:pair', payload: { issueId: b, personId: bob } });
    w.must(w.olga, { name: 'person:remove', payload: { personId: bob } });
    expect(w.state.issues[b]).toMatchObject({ claimant: cat });
    expect(w.state.issues[b]!.pair).toBeUndefined();
  });
});

describe("the event's focus", () => {
  it('claiming a discouraged type asks for confirmation with the focus text, and goes ahead with confirm', () => {
    const w = world();
    const ana = w.join('ana');
    const [feature, bug] = [w.card(1, 'feature'), w.card(2)];
    const text = "Bug fixes and docs only: features can't land before 3.2 final";
    w.must(w.olga, { name: 'event:update', payload: { focus: { text, discouraged: ['feature'] } } });
    const before = structuredClone(w.state);
    expect(w.claim(ana, feature)).toEqual({
      ok: false,
      error: { code: 'needs_confirmation', message: `#1 is a feature request, and this event's focus is “${text}”. Claim it anyway?` },
    });
    expect(w.state).toEqual(before);
    expect(w.claim(ana, bug)).toMatchObject({ ok: true });
    expect(w.claim(ana, feature, true)).toMatchObject({ ok: true });
  });

  it('without focus text nothing is discouraged; the cap is said before the focus', () => {
    const w = world();
    const newt = w.join('newt', { firstTime: true });
    const [feature, bug] = [w.card(1, 'feature'), w.card(2)];
    w.must(w.olga, { name: 'event:update', payload: { focus: { text: '', discouraged: ['feature'] } } });
    w.must(newt, { name: 'issue:claim', payload: { issueId: bug } });
    w.must(w.olga, { name: 'event:update', payload: { focus: { text: 'Bugs only', discouraged: ['feature'] } } });
    expect(w.claim(newt, feature)).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });
});

describe('per-branch checks', () => {
  it("records the latest result per branch and refuses a branch that is not the event's", () => {
    const w = world();
    const [ana, bob] = [w.join('ana'), w.join('bob')];
    const id = w.card(1);
    expect(w.run(ana, { name: 'issue:check', payload: { issueId: id, branch: 'main', result: 'fixed' } })).toMatchObject({
      ok: false,
      error: { code: 'invalid_payload', message: 'main is not a branch of this event: this event lists no branches yet; an organizer adds them.' },
    });
    w.must(w.olga, { name: 'event:update', payload: { branches: ['main', '3.13', '3.12'] } });
    w.must(ana, { name: 'issue:check', payload: { issueId: id, branch: '3.13', result: 'reproduces' } });
    w.must(bob, { name: 'issue:check', payload: { issueId: id, branch: 'main', result: 'not-reproduced' } });
    w.must(bob, { name: 'issue:check', payload: { issueId: id, branch: '3.13', result: 'fixed' } });
    expect(w.state.issues[id]!.checks).toEqual([
      { branch: '3.13', result: 'fixed', by: bob, at: w.now },
      { branch: 'main', result: 'not-reproduced', by: bob, at: w.now },
    ]);
    expect(w.log.filter((e) => e.type === 'issue.checked')).toHaveLength(3);
    expect(w.run(ana, { name: 'issue:check', payload: { issueId: id, branch: '3.11', result: 'fixed' } })).toMatchObject({
      ok: false,
      error: { message: "3.11 is not a branch of this event: this event's branches are main, 3.13, 3.12." },
    });
  });
});

describe('asking for a commit', () => {
  it('is allowed in Needs review with a patch, once, and a move or a mentor naming the card answers it', () => {
    const w = world();
    const [ana, bob] = [w.join('ana'), w.join('bob')];
    const id = w.card(12);
    w.must(ana, { name: 'issue:claim', payload: { issueId: id } });
    const ask = (actor: string) => w.run(actor, { name: 'issue:ask-commit', payload: { issueId: id, note: 'CI is green' } });
    expect(ask(bob)).toMatchObject({ ok: false, error: { message: '#12 is not in Needs review; a commit is asked for from there.' } });
    w.must(ana, { name: 'issue:move', payload: { issueId: id, column: 'review' } });
    expect(ask(bob)).toMatchObject({ ok: false, error: { message: '#12 has no patch link yet; add the patch first.' } });
    w.must(ana, { name: 'issue:patch', payload: { issueId: id, url: 'https://example.org/pr/12' } });
    expect(ask(bob)).toMatchObject({ ok: true });
    expect(w.state.issues[id]!.commitAsked).toEqual({ by: bob, at: w.now, note: 'CI is green' });
    expect(ask(ana)).toMatchObject({ ok: false, error: { message: 'A commit of #12 was already asked for by bob.' } });
    // A participant's word does not answer it; a mentor's does.
    w.must(ana, { name: 'chat:send', payload: { text: 'anyone for #12?' } });
    expect(w.state.issues[id]!.commitAsked).toBeDefined();
    w.must(w.mia, { name: 'chat:send', payload: { text: 'looking at #12 now' } });
    expect(w.state.issues[id]!.commitAsked).toBeUndefined();
    expect(ask(bob)).toMatchObject({ ok: true });
    w.must(w.mia, { name: 'issue:move', payload: { issueId: id, column: 'ready' } });
    expect(w.state.issues[id]!.commitAsked).toBeUndefined();
  });

  it('is no longer asked for once someone claims an unclaimed card from Needs review, which takes it back to In progress', () => {
    const w = world();
    const [ana, bob] = [w.join('ana'), w.join('bob')];
    const id = w.card(14);
    w.must(w.olga, { name: 'issue:patch', payload: { issueId: id, url: 'https://example.org/pr/14' } });
    // An organizer may put a card nobody holds in Needs review.
    w.must(w.olga, { name: 'issue:move', payload: { issueId: id, column: 'review' } });
    w.must(bob, { name: 'issue:ask-commit', payload: { issueId: id } });
    w.must(ana, { name: 'issue:claim', payload: { issueId: id } });
    expect(w.state.issues[id]).toMatchObject({ column: 'in-progress', claimant: ana });
    expect(w.state.issues[id]!.commitAsked).toBeUndefined();
  });
});

describe('chat actions', () => {
  it('a /me line is kept as an action', () => {
    const w = world();
    const ana = w.join('ana');
    w.must(ana, { name: 'chat:send', payload: { text: 'waves', action: true } });
    w.must(ana, { name: 'chat:send', payload: { text: 'hello', action: false } });
    expect(w.state.chat.map(({ text, action }) => ({ text, action }))).toEqual([
      { text: 'waves', action: true },
      { text: 'hello', action: undefined },
    ]);
  });
});
