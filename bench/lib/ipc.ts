import type { HistogramData } from './stats.ts';

/** Coordinator → load worker. Each request carries an id; the worker answers with the same id. */
export type WorkerRequest =
  | {
      kind: 'connect';
      url: string;
      lurkers: number;
      participants: number;
      nickPrefix: string;
      /** Picks this worker's loopback source addresses (127.<10+index>.x.1). */
      workerIndex: number;
      timeoutMs: number;
      /** The lurkers' handshake auth, e.g. { lastSeq, log } as after a restart; none: a page with nothing yet. */
      auth?: Record<string, unknown>;
    }
  | {
      kind: 'run';
      mode: 'steady' | 'echo';
      /** One issue id per active participant in this worker; its length is how many act. */
      issueIds: string[];
      /** Commands per second per active participant (steady mode only). */
      ratePerParticipant: number;
      durationMs: number;
    }
  | { kind: 'collect'; emitTimes: Array<[number, number]> }
  | { kind: 'status' }
  | { kind: 'dropLurkers' }
  | { kind: 'close' };

export interface ConnectResult {
  lurkers: number;
  participants: number;
  failures: number;
  firstError?: string;
  ms: number;
  /** nowMs of the last lurker's connect answer and of the last lurker's sync, of those opened by this request. */
  acceptedAt: number;
  syncedAt: number;
  /** Lurkers opened by this request whose sync had not come when it gave up waiting. */
  unsynced: number;
}

export interface RunResult {
  /** [seq, emit time, kind] of every command this worker's participants sent and got acked (kind: EMIT_KINDS index). */
  emits: Array<[number, number, number]>;
  acks: HistogramData;
  sent: number;
  refused: number;
  failed: number;
  firstError?: string;
}

export interface CollectResult {
  deliveries: HistogramData;
  /** [seq, last arrival time in this worker, arrivals in this worker] for each measured seq. */
  perSeq: Array<[number, number, number]>;
  /** Every `events` delivery since the last collect, measured or not. */
  arrivals: number;
  firstArrival: number;
  lastArrival: number;
  presenceMessages: number;
  presenceBytes: number;
  /** How many bytes of presence one lurker received since the last collect. */
  presenceBytesPerLurker: number;
}

export interface StatusResult {
  open: number;
  closedUnexpectedly: number;
}

export type WorkerReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

export const EMIT_KINDS = ['chat', 'claim', 'release'] as const;
