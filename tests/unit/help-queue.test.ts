/**
 * The mentor help queue in the domain: order and fairness, hand back and
 * holds, the stranded rules on a fake clock, the wait estimate, the
 * organizer's numbers, and who may read a thread.
 */
import { describe, expect, it } from 'vitest';
import {
  apply,
  decideClock,
  emptyState,
  eventFor,
  explainEstimate,
  helpQueue,
  helpStats,
  holdsPrivate,
  meanHelpTime,
  MINUTE_MS,
  nextDeadline,
  ordinal,
  queuePosition,
  readsPrivate,
  stateFor,
  waitEstimate,
  type OfflineSince,
} from '../../shared/domain/index.ts';
import { SYSTEM_ACTOR } from '../../shared/protocol.ts';
import { domainWorld } from '../fixtures/domain-world.ts';

/** A board with olga (organizer) and mia (mentor) in it, help flags raised by name, and the clock's ticks. */
function world() {
  const w = domainWorld();
  const raise = (personId: string, note = 'stuck') => {
    w.must(personId, { name: 'help:raise', payload: { note } });
    return `h${w.state.seq}`;
  };
  return Object.assign(w, {
    olga: w.join('olga', { role: 'organizer' }),
    mia: w.join('mia', { role: 'mentor' }),
    raise,
    tick: (offline: OfflineSince) => w.append(decideClock(w.state, w.now, offline), SYSTEM_ACTOR),
  });
}

const order = (w: ReturnType<typeof world>) => helpQueue(w.state, w.now).map((flag) => w.state.people[flag.by]!.nick);

describe('the order of the queue', () => {
  it('is first come, first served; a flag handed back or back from a hold keeps its place', () => {
    const w = world();
    const [ana, bob, cat] = [w.join('ana'), w.join('bob'), w.join('cat')];
    const a = w.raise(ana);
    w.later(1);
    w.raise(bob);
    w.later(1);
    w.raise(cat);
    expect(order(w)).toEqual(['ana', 'bob', 'cat']);
    w.must(w.mia, { name: 'help:take', payload: { helpId: a } });
    expect(order(w)).toEqual(['bob', 'cat']);
    w.later(5);
    w.must(w.mia, { name: 'help:return', payload: { helpId: a } });
    expect(order(w)).toEqual(['ana', 'bob', 'cat']);
    expect(w.state.help[a]).toMatchObject({ status: 'open' });
    expect(w.state.help[a]!.mentor).toBeUndefined();
    w.must(w.mia, { name: 'help:hold', payload: { helpId: a, minutes: 15, reason: 'the build takes a while' } });
    expect(w.state.help[a]).toMatchObject({ status: 'held', heldUntil: w.now + 15 * MINUTE_MS, holdReason: 'the build takes a while' });
    expect(queuePosition(w.state, a, w.now)).toBe(1);
  });

  it('with firstTimersFirst, first-timers not helped in the last day go ahead', () => {
    const w = world();
    const [ana, newt, nia] = [w.join('ana'), w.join('newt', { firstTime: true }), w.join('nia', { firstTime: true })];
    w.raise(ana);
    w.later(1);
    const first = w.raise(newt);
    w.later(1);
    w.raise(nia);
    expect(order(w)).toEqual(['ana', 'newt', 'nia']);
    w.must(w.olga, { name: 'event:update', payload: { help: { firstTimersFirst: true } } });
    expect(w.state.event.help).toEqual({ firstTimersFirst: true, graceMinutes: 10 });
    expect(order(w)).toEqual(['newt', 'nia', 'ana']);
    // newt was helped: their next flag waits its turn like anyone's, until a day has passed.
    w.must(w.mia, { name: 'help:take', payload: { helpId: first } });
    w.must(w.mia, { name: 'help:resolve', payload: { helpId: first } });
    w.later(1);
    w.raise(newt);
    expect(order(w)).toEqual(['nia', 'ana', 'newt']);
    w.later(24 * 60);
    expect(order(w)).toEqual(['nia', 'newt', 'ana']);
  });

  it('only mentors hand back or hold; only a taken flag is handed back; an asker cannot hold their own', () => {
    const w = world();
    const [ana, bob] = [w.join('ana'), w.join('bob')];
    const a = w.raise(ana);
    expect(w.run(bob, { name: 'help:hold', payload: { helpId: a, minutes: 5, reason: 'x' } })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(w.run(w.mia, { name: 'help:return', payload: { helpId: a } })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: 'Only a taken flag can be handed back; this one is open.' },
    });
    w.must(w.mia, { name: 'help:resolve', payload: { helpId: a } });
    expect(w.run(w.mia, { name: 'help:hold', payload: { helpId: a, minutes: 5, reason: 'x' } })).toMatchObject({
      ok: false,
      error: { message: 'That help flag is already resolved.' },
    });
    // A held flag is still the asker's open one: they cannot raise a second.
    const b = w.raise(bob);
    w.must(w.mia, { name: 'help:hold', payload: { helpId: b, minutes: 5, reason: 'lunch' } });
    expect(w.run(bob, { name: 'help:raise', payload: { note: 'again' } })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    // A mentor may take it early.
    expect(w.run(w.mia, { name: 'help:take', payload: { helpId: b } })).toMatchObject({ ok: true });
    expect(w.state.help[b]!.heldUntil).toBeUndefined();
  });
});

describe('the clock: holds and nobody stranded', () => {
  const online: OfflineSince = () => undefined;

  it('a hold ends by itself when its time is up', () => {
    const w = world();
    const a = w.raise(w.join('ana'));
    w.must(w.mia, { name: 'help:hold', payload: { helpId: a, minutes: 15, reason: 'lunch' } });
    expect(nextDeadline(w.state, online)).toBe(w.now + 15 * MINUTE_MS);
    w.later(14);
    expect(w.tick(online)).toEqual([]);
    w.later(1);
    expect(w.tick(online)).toMatchObject([{ type: 'help.resumed', helpId: a, actor: 'system' }]);
    expect(w.state.help[a]).toMatchObject({ status: 'open' });
    expect(w.state.help[a]!.holdReason).toBeUndefined();
    expect(w.tick(online)).toEqual([]);
  });

  it("an asker with no page open through the grace time has their flag cancelled, with the reason", () => {
    const w = world();
    const ana = w.join('ana');
    const a = w.raise(ana);
    const leftAt = w.now;
    const anaGone: OfflineSince = (id) => (id === ana ? leftAt : undefined);
    expect(nextDeadline(w.state, anaGone)).toBe(leftAt + 10 * MINUTE_MS);
    w.later(9);
    expect(w.tick(anaGone)).toEqual([]);
    w.later(1);
    expect(w.tick(anaGone)).toMatchObject([{ type: 'help.cancelled', helpId: a, reason: 'stranded', actor: 'system' }]);
    expect(w.state.help[a]).toMatchObject({ status: 'cancelled', cancelReason: 'stranded' });
    expect(w.tick(anaGone)).toEqual([]);
  });

  it('a mentor who left hands the flag back to the queue at its place; the grace time is the organizer\'s', () => {
    const w = world();
    const [ana, bob] = [w.join('ana'), w.join('bob')];
    const a = w.raise(ana);
    w.later(1);
    w.raise(bob);
    w.must(w.olga, { name: 'event:update', payload: { help: { graceMinutes: 3 } } });
    w.must(w.mia, { name: 'help:take', payload: { helpId: a } });
    const leftAt = w.now;
    const miaGone: OfflineSince = (id) => (id === w.mia ? leftAt : undefined);
    w.later(3);
    expect(w.tick(miaGone)).toMatchObject([{ type: 'help.returned', helpId: a, reason: 'stranded', mentor: w.mia }]);
    expect(order(w)).toEqual(['ana', 'bob']);
    expect(w.tick(miaGone)).toEqual([]);
  });

  it('replaying the log finds the same deadlines and nothing left to do', () => {
    const w = world();
    const ana = w.join('ana');
    const a = w.raise(ana);
    w.must(w.mia, { name: 'help:hold', payload: { helpId: a, minutes: 5, reason: 'lunch' } });
    w.later(5);
    w.tick(online);
    const replayed = w.log.reduce(apply, emptyState());
    expect(replayed).toEqual(w.state);
    expect(decideClock(replayed, w.now, online)).toEqual([]);
  });
});

describe('the wait estimate', () => {
  it('is (ahead + 1) × mean help time ÷ mentors online, as a range, with a default until five are resolved', () => {
    const w = world();
    expect(meanHelpTime(w.state)).toEqual({ minutes: 10, samples: 0 });
    expect(waitEstimate(w.state, 2, 1)).toMatchObject({ kind: 'range', low: 10, high: 30, ahead: 1, mentors: 1 });
    expect(waitEstimate(w.state, 1, 2)).toMatchObject({ kind: 'range', low: 3, high: 8 });
    expect(explainEstimate(waitEstimate(w.state, 2, 1))).toBe(
      '(1 ahead + 1) × 10 min, a default until 5 flags are resolved ÷ 1 mentor online, from half to one and a half times that.',
    );
    expect(waitEstimate(w.state, 3, 0)).toEqual({ kind: 'no-mentor' });
    for (let i = 0; i < 5; i++) {
      const flag = w.raise(w.join(`n${i}`));
      w.must(w.mia, { name: 'help:take', payload: { helpId: flag } });
      w.later(4);
      w.must(w.mia, { name: 'help:resolve', payload: { helpId: flag } });
    }
    expect(meanHelpTime(w.state)).toEqual({ minutes: 4, samples: 5 });
    expect(waitEstimate(w.state, 3, 1)).toMatchObject({ low: 6, high: 18 });
    expect(explainEstimate(waitEstimate(w.state, 3, 1))).toContain('4 min, the mean over the 5 flags resolved so far');
  });

  it('says places in line as people do', () => {
    expect([1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111].map(ordinal)).toEqual(['1st', '2nd', '3rd', '4th', '11th', '12th', '13th', '21st', '22nd', '101st', '111th']);
  });
});

describe("the organizer's numbers", () => {
  it('counts flags, waits (median and 90th percentile), helped per mentor, and which issue each was about', () => {
    const w = world();
    const max = w.join('max', { role: 'mentor' });
    w.must(w.olga, { name: 'issue:create', payload: { title: 'Parser', number: 5 } });
    const issueId = `i${w.state.seq}`;
    const waits = [1, 2, 3, 4, 10];
    const flags = waits.map((_, i) => {
      const person = w.join(`p${i}`);
      w.must(person, { name: 'help:raise', payload: { note: 'stuck', ...(i === 0 ? { issueId } : {}) } });
      return `h${w.state.seq}`;
    });
    flags.forEach((flag, i) => {
      w.later(waits[i]! - (waits[i - 1] ?? 0));
      w.must(i % 2 ? max : w.mia, { name: 'help:take', payload: { helpId: flag } });
    });
    w.must(w.mia, { name: 'help:resolve', payload: { helpId: flags[0]! } });
    w.must(w.mia, { name: 'help:resolve', payload: { helpId: flags[2]! } });
    w.must(max, { name: 'help:resolve', payload: { helpId: flags[1]! } });
    const stats = helpStats(w.state);
    expect(stats).toMatchObject({ raised: 5, taken: 5, resolved: 3, cancelled: 0, medianWait: 3, p90Wait: 10 });
    expect(stats.helpedBy).toEqual([
      { mentor: w.mia, resolved: 2 },
      { mentor: max, resolved: 1 },
    ]);
    expect(stats.aboutIssues).toEqual([{ helpId: flags[0], by: expect.any(String), issueId, status: 'resolved' }]);
  });
});

describe('threads', () => {
  it('the asker and mentors talk; others may not; the words reach only them until the asker shares', () => {
    const w = world();
    const [ana, bob] = [w.join('ana'), w.join('bob')];
    const a = w.raise(ana);
    w.must(ana, { name: 'help:reply', payload: { helpId: a, text: 'I get a segfault in the parser' } });
    w.must(w.mia, { name: 'help:reply', payload: { helpId: a, text: 'Which file?' } });
    expect(w.run(bob, { name: 'help:reply', payload: { helpId: a, text: 'me too' } })).toMatchObject({
      ok: false,
      error: { code: 'forbidden', message: 'Only ana and the mentors talk in this thread.' },
    });
    const reply = w.log.at(-1)!;
    expect(holdsPrivate(w.state, [reply])).toBe(true);
    expect(eventFor(w.state, reply, null)).toMatchObject({ text: '' });
    expect(eventFor(w.state, reply, bob)).toMatchObject({ text: '' });
    expect(eventFor(w.state, reply, ana)).toMatchObject({ text: 'Which file?' });
    expect(eventFor(w.state, reply, w.olga)).toMatchObject({ text: 'Which file?' });
    expect(stateFor(w.state, null).help[a]!.thread.map((r) => r.text)).toEqual(['', '']);
    expect(stateFor(w.state, w.mia)).toBe(w.state);
    expect(w.state.help[a]!.thread.map((r) => r.text)).toEqual(['I get a segfault in the parser', 'Which file?']);
    expect([null, bob, ana, w.mia].map((viewer) => readsPrivate(w.state, viewer))).toEqual([false, false, true, true]);

    expect(w.run(w.mia, { name: 'help:share', payload: { helpId: a } })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const [shared] = w.must(ana, { name: 'help:share', payload: { helpId: a } });
    // The event carries the thread whole: a page that was sent it without the words now has them.
    expect(shared).toMatchObject({ type: 'help.shared', thread: [{ text: 'I get a segfault in the parser' }, { text: 'Which file?' }] });
    expect(stateFor(w.state, null)).toBe(w.state);
    expect(holdsPrivate(w.state, [reply])).toBe(false);
    expect(w.run(ana, { name: 'help:share', payload: { helpId: a } })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    w.must(w.mia, { name: 'help:resolve', payload: { helpId: a } });
    expect(w.run(ana, { name: 'help:reply', payload: { helpId: a, text: 'thanks!' } })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('a lurker folding the redacted log ends with the same board, less the words', () => {
    const w = world();
    const ana = w.join('ana');
    const a = w.raise(ana);
    w.must(w.mia, { name: 'help:reply', payload: { helpId: a, text: 'secret' } });
    const lurker = w.log.map((event) => eventFor(w.state, event, null)).reduce(apply, emptyState());
    expect(lurker).toEqual(stateFor(w.state, null));
    expect(JSON.stringify(lurker)).not.toContain('secret');
  });
});
