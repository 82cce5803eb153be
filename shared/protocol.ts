/**
 * The bugday wire contract: every name and shape that crosses the socket.
 * Imported by the server, the client and any other client (a CLI, a bridge,
 * a test harness). It depends on nothing so that it can be published alone.
 */

export const PROTOCOL_VERSION = 1;

export const COLUMNS = ['open', 'in-progress', 'review', 'ready', 'done'] as const;
export type Column = (typeof COLUMNS)[number];

export const ISSUE_TYPES = ['bug', 'feature', 'docs', 'other'] as const;
export type IssueType = (typeof ISSUE_TYPES)[number];

/** A connection without a person is a lurker; lurkers are counted, never listed. */
export const ROLES = ['participant', 'mentor', 'organizer'] as const;
export type Role = (typeof ROLES)[number];

/** Bounds on everything a client may send; schemas and the UI both read them. */
export const LIMITS = {
  nick: 32,
  venue: 64,
  chat: 2_000,
  title: 200,
  url: 2_000,
  label: 40,
  labels: 10,
  note: 500,
  id: 64,
  commandId: 64,
  issueNumber: 1_000_000_000,
} as const;

export type ErrorCode =
  | 'invalid_payload'
  | 'unknown_command'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'nick_taken'
  | 'rate_limited'
  | 'storage_unavailable'
  /** A fault in bugday itself; the command had no effect. */
  | 'internal_error';

export interface Refusal {
  code: ErrorCode;
  /** A sentence a person can read, naming the thing: "#123 is already claimed by ana (since 14:02)". */
  message: string;
}

export type Ack<T> = { ok: true; data: T } | { ok: false; error: Refusal };

// ---------------------------------------------------------------------------
// The model: what the shared reducer builds from the event log.

export interface Person {
  id: string;
  nick: string;
  role: Role;
  venue?: string;
  joinedAt: number;
}

export interface Issue {
  id: string;
  /** The tracker's number, shown as #number. */
  number?: number;
  title: string;
  url?: string;
  type: IssueType;
  labels: string[];
  column: Column;
  claimant?: string;
  claimedAt?: number;
  createdBy: string;
  createdAt: number;
}

export interface ChatMessage {
  /** The seq of the chat.sent event, unique and ordered. */
  seq: number;
  at: number;
  author: string;
  text: string;
}

export type HelpStatus = 'open' | 'taken' | 'resolved' | 'cancelled';

export interface HelpFlag {
  id: string;
  by: string;
  note: string;
  issueId?: string;
  status: HelpStatus;
  raisedAt: number;
  mentor?: string;
  takenAt?: number;
  closedAt?: number;
}

export interface BoardState {
  /** The seq of the last event folded in; 0 for an empty log. */
  seq: number;
  people: Record<string, Person>;
  issues: Record<string, Issue>;
  /** Issue ids in creation order, so every client lists cards alike. */
  issueOrder: string[];
  chat: ChatMessage[];
  help: Record<string, HelpFlag>;
}

// ---------------------------------------------------------------------------
// Domain events: past tense, each one fact. Every stored and broadcast event
// carries seq (gapless, from 1), at (server ms) and actor (a person id).

export type EventBody =
  | { type: 'person.joined'; person: Person }
  | { type: 'chat.sent'; text: string }
  | {
      type: 'issue.created';
      issue: Pick<Issue, 'id' | 'number' | 'title' | 'url' | 'type' | 'labels'>;
    }
  | { type: 'issue.claimed'; issueId: string }
  | { type: 'issue.released'; issueId: string }
  | { type: 'issue.moved'; issueId: string; from: Column; to: Column }
  | { type: 'help.raised'; helpId: string; note: string; issueId?: string }
  | { type: 'help.taken'; helpId: string }
  | { type: 'help.resolved'; helpId: string }
  | { type: 'help.cancelled'; helpId: string };

export type EventType = EventBody['type'];

export interface EventMeta {
  seq: number;
  at: number;
  actor: string;
}

export type DomainEvent = EventBody & EventMeta;

// ---------------------------------------------------------------------------
// Commands: client → server, `resource:verb`, each with an ack callback.
// Every command may carry `commandId` so that a retry is answered with the
// original result instead of acting twice.

export interface CommandPayloads {
  'chat:send': { text: string };
  'issue:create': {
    title: string;
    number?: number;
    url?: string;
    type?: IssueType;
    labels?: string[];
  };
  'issue:claim': { issueId: string };
  'issue:release': { issueId: string };
  'issue:move': { issueId: string; column: Column };
  'help:raise': { note: string; issueId?: string };
  'help:take': { helpId: string };
  'help:resolve': { helpId: string };
  'help:cancel': { helpId: string };
}

export type CommandName = keyof CommandPayloads;
export type Command = {
  [N in CommandName]: { name: N; payload: CommandPayloads[N] };
}[CommandName];

export interface JoinPayload {
  nick: string;
  venue?: string;
}

export interface JoinResult {
  /** A secret: keep it, send it as `auth.token` on every connect, never show it. */
  token: string;
  person: Person;
}

/** What a domain command answers: the seq of the last event it appended. */
export interface CommandResult {
  seq: number;
}

export type SyncPayload =
  | { seq: number; snapshot: BoardState }
  | { seq: number; events: DomainEvent[] };

export interface PresenceEntry {
  personId: string;
  nick: string;
  role: Role;
  venue?: string;
  /** Ids of the issues this person has claimed. */
  holds: string[];
}

export interface Presence {
  online: PresenceEntry[];
  lurkers: number;
}

/** Sent as `io(url, { auth })`. */
export interface HandshakeAuth {
  token?: string;
  lastSeq?: number;
}

type AckFn<T> = (ack: Ack<T>) => void;

/** Any command may name itself so that a retry is recognised (1–64 chars, unique per person). */
export type Retryable<T> = T & { commandId?: string };

export type ClientToServerEvents = {
  [N in CommandName]: (payload: Retryable<CommandPayloads[N]>, ack: AckFn<CommandResult>) => void;
} & {
  'session:join': (payload: JoinPayload, ack: AckFn<JoinResult>) => void;
  /** Ask again for what `sync` sends on connect, e.g. after noticing a gap in seq. */
  'session:sync': (payload: { lastSeq: number }, ack: AckFn<SyncPayload>) => void;
};

export interface ServerToClientEvents {
  sync: (payload: SyncPayload) => void;
  events: (events: DomainEvent[]) => void;
  presence: (presence: Presence) => void;
}
