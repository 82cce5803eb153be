import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Throttle } from '../../client/lib/throttle.ts';

describe('Throttle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function counted(ms = 2_000) {
    const runs: number[] = [];
    const throttle = new Throttle(() => runs.push(Date.now()), ms);
    return { runs, throttle };
  }

  it('runs the first ask at once', () => {
    const { runs, throttle } = counted();
    throttle.poke();
    expect(runs).toHaveLength(1);
  });

  it('answers a burst with one run at once and one when the wait is over, never more often than every 2 s', () => {
    const { runs, throttle } = counted();
    const start = Date.now();
    throttle.poke();
    for (let i = 0; i < 10; i += 1) {
      vi.advanceTimersByTime(150);
      throttle.poke();
    }
    expect(runs).toHaveLength(1);
    vi.advanceTimersByTime(2_000);
    expect(runs.map((at) => at - start)).toEqual([0, 2_000]);
  });

  it('keeps a steady stream to one run every 2 s, the last ask included', () => {
    const { runs, throttle } = counted();
    const start = Date.now();
    for (let at = 0; at <= 7_000; at += 500) {
      throttle.poke();
      vi.advanceTimersByTime(500);
    }
    vi.runAllTimers();
    const times = runs.map((at) => at - start);
    expect(times).toEqual([0, 2_000, 4_000, 6_000, 8_000]);
  });

  it('runs at once again after a quiet spell', () => {
    const { runs, throttle } = counted();
    const start = Date.now();
    throttle.poke();
    vi.advanceTimersByTime(5_000);
    throttle.poke();
    expect(runs.map((at) => at - start)).toEqual([0, 5_000]);
  });

  it('runs at once when told to, in place of the run still to come', () => {
    const { runs, throttle } = counted();
    const start = Date.now();
    throttle.poke();
    vi.advanceTimersByTime(100);
    throttle.poke();
    throttle.now();
    vi.runAllTimers();
    expect(runs.map((at) => at - start)).toEqual([0, 100]);
  });

  it('forgets the run still to come when cancelled', () => {
    const { runs, throttle } = counted();
    throttle.poke();
    throttle.poke();
    throttle.cancel();
    vi.runAllTimers();
    expect(runs).toHaveLength(1);
  });
});
