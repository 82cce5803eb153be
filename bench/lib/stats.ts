/**
 * A mergeable latency histogram: 0.1 ms buckets below 1 s, 1 ms buckets up to
 * 120 s. Workers fill one each and send it to the coordinator as sparse pairs,
 * so millions of deliveries cost a few kilobytes over IPC.
 */
const FINE_LIMIT_MS = 1_000;
const FINE_STEP_MS = 0.1;
const COARSE_LIMIT_MS = 120_000;
const FINE_BUCKETS = FINE_LIMIT_MS / FINE_STEP_MS;

export interface HistogramData {
  buckets: Array<[number, number]>;
  count: number;
  max: number;
  sum: number;
}

export class Histogram {
  readonly #counts = new Map<number, number>();
  count = 0;
  max = 0;
  sum = 0;

  static from(data: HistogramData): Histogram {
    const h = new Histogram();
    h.merge(data);
    return h;
  }

  record(ms: number) {
    const value = Math.max(0, ms);
    const index =
      value < FINE_LIMIT_MS
        ? Math.floor(value / FINE_STEP_MS)
        : FINE_BUCKETS + Math.floor(Math.min(value, COARSE_LIMIT_MS) - FINE_LIMIT_MS);
    this.#counts.set(index, (this.#counts.get(index) ?? 0) + 1);
    this.count += 1;
    this.sum += value;
    if (value > this.max) this.max = value;
  }

  merge(data: HistogramData) {
    for (const [index, n] of data.buckets) this.#counts.set(index, (this.#counts.get(index) ?? 0) + n);
    this.count += data.count;
    this.sum += data.sum;
    this.max = Math.max(this.max, data.max);
  }

  /** The upper edge of the bucket holding the q-quantile (never above the exact max). */
  quantile(q: number): number {
    if (this.count === 0) return NaN;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (const index of [...this.#counts.keys()].sort((a, b) => a - b)) {
      seen += this.#counts.get(index)!;
      if (seen >= rank) {
        const upper = index < FINE_BUCKETS ? (index + 1) * FINE_STEP_MS : FINE_LIMIT_MS + (index - FINE_BUCKETS + 1);
        return Math.min(upper, this.max);
      }
    }
    return this.max;
  }

  summary(): LatencySummary {
    return {
      count: this.count,
      p50: round(this.quantile(0.5)),
      p95: round(this.quantile(0.95)),
      p99: round(this.quantile(0.99)),
      max: round(this.max),
      mean: round(this.count ? this.sum / this.count : NaN),
    };
  }

  toJSON(): HistogramData {
    return { buckets: [...this.#counts.entries()], count: this.count, max: this.max, sum: this.sum };
  }
}

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export const round = (value: number, digits = 2): number =>
  Number.isFinite(value) ? Math.round(value * 10 ** digits) / 10 ** digits : NaN;

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes on one machine. */
export const nowMs = (): number => performance.timeOrigin + performance.now();

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Rejects after `ms` so that no wait in the bench is unbounded. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
