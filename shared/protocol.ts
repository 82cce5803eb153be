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
  eventTitle: 120,
  description: 2_000,
  venues: 20,
  resources: 20,
  /** Issues per issue:import or issue:sync command; a bigger import is sent in several. */
  importBatch: 20,
  /** Numbers closed upstream that one issue:sync may name. */
  closedBatch: 200,
  /** The organizer key and the mentor code a person may type. */
  key: 128,
  /** Chat messages a snapshot carries, and the most one chat:history answer holds. */
  chatWindow: 500,
  chatPage: 200,
  /** The event's focus sentence, shown over the board. */
  focus: 300,
  branch: 40,
  branches: 20,
  /** Co-workers on one card besides its claimant. */
  pair: 3,
  /** The longest lease or grace an organizer may set: a week, in minutes. */
  minutes: 10_080,
  /** The most issues anyone may be allowed to hold. */
  holdMax: 100,
  /** The longest a mentor may put a help flag on hold, in minutes. */
  holdMinutes: 240,
  email: 254,
  registrations: 5_000,
} as const;

export const TEST_RESULTS = ['works', 'fails'] as const;
export type TestResult = (typeof TEST_RESULTS)[number];

/** What a per-branch check found: the bug still shows, it does not show, or a fix is in and it is gone. */
export const CHECK_RESULTS = ['reproduces', 'not-reproduced', 'fixed'] as const;
export type CheckResult = (typeof CHECK_RESULTS)[number];

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
  | 'internal_error'
  /** The command is allowed but goes against the event's focus: send it again with `confirm: true` to go ahead. */
  | 'needs_confirmation'
  /** Set by a client, never sent by the server: no answer came in time, so the outcome is unknown. */
  | 'no_answer'
  /** A tracker bugday reads from (GitHub) could not be reached or answered with a fault. */
  | 'upstream_unavailable';

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
  /** Muted by an organizer: may not chat. */
  muted?: boolean;
  /** Removed by an organizer: may do nothing, their session no longer works. */
  removed?: boolean;
  /** Said so on joining (or registering): this is their first bug day. They may hold fewer issues and are marked for mentors. */
  firstTime?: boolean;
  /** The registration they joined as. */
  registrationId?: string;
  /** Asked not to be listed among the people with the most done. */
  unlisted?: boolean;
  /**
   * Someone speaking in the event's IRC channel, known only by that nick: a
   * person of their own kind, whose nick may equal a bugday person's without
   * being them. Always a participant (an IRC nick proves little).
   */
  via?: 'irc';
}

/**
 * "Please register to let us know how many people to expect": anyone may,
 * before joining. A join with the same nick, or with the code the
 * registration was answered with, claims it.
 */
export interface Registration {
  id: string;
  /** The nick they mean to join with. */
  name: string;
  venue?: string;
  firstTime: boolean;
  /** Seen only by organizers: every other page gets the registration without it, and no export holds it. */
  email?: string;
  at: number;
  /** Who joined as this registration. */
  personId?: string;
}

export interface PatchLink {
  url: string;
  by: string;
  at: number;
  note?: string;
}

export interface TestReport {
  result: TestResult;
  by: string;
  at: number;
  note?: string;
}

/** The latest result of a check on one branch of the project. */
export interface BranchCheck {
  branch: string;
  result: CheckResult;
  by: string;
  at: number;
}

/**
 * How claims stay honest. A claim's lease runs `leaseMinutes` from the
 * holders' last activity on it; then the card is marked stale, and after
 * `graceMinutes` more it is released. Nobody holds more than `max` unfinished
 * cards at once (first-timers `newcomerMax`).
 */
export interface ClaimRules {
  leaseMinutes: number;
  graceMinutes: number;
  max: number;
  newcomerMax: number;
}

export const DEFAULT_CLAIM_RULES: ClaimRules = { leaseMinutes: 180, graceMinutes: 30, max: 3, newcomerMax: 1 };

/** How the help queue runs. */
export interface HelpRules {
  /** First-timers not helped in the last day go ahead of everyone else. */
  firstTimersFirst: boolean;
  /**
   * How long an asker, or the mentor who took a flag, may have no page open
   * before the server cancels the flag (asker) or hands it back (mentor).
   */
  graceMinutes: number;
}

export const DEFAULT_HELP_RULES: HelpRules = { firstTimersFirst: false, graceMinutes: 10 };

/** What the IRC bridge (when there is one) carries besides the chat. */
export interface IrcRules {
  /** A line in the channel for each claim, release, move to review, commit request and help flag. */
  boardLines: boolean;
  /** Whether `!claim 123` and the other commands said in the channel act on the board. */
  commands: boolean;
}

export const DEFAULT_IRC_RULES: IrcRules = { boardLines: true, commands: true };

/** What the event is about; claiming a card of a discouraged type asks for confirmation. No text means no focus. */
export interface Focus {
  text: string;
  discouraged: IssueType[];
}

export interface Resource {
  label: string;
  url: string;
}

export interface EventInfo {
  title: string;
  description?: string;
  startsAt?: number;
  endsAt?: number;
  /** Where the event happens, as an IANA zone (e.g. `Europe/Berlin`): the header shows its times in the viewer's zone and this one on hover. */
  timeZone?: string;
  /** Places people sprint from; a person's venue is one of these or free text like "remote". */
  venues: string[];
  resources: Resource[];
  /** A closed event is read-only for everyone but organizers, who may reopen it. */
  closed: boolean;
  claims: ClaimRules;
  help: HelpRules;
  focus: Focus;
  /** The branches a check may name, e.g. ['main', '3.13', '3.12']. */
  branches: string[];
  /** The label that marks first-timer friendly issues (e.g. `easy`), for the board's filter; '' or absent: none. */
  friendlyLabel?: string;
  irc: IrcRules;
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
  /**
   * Who held the card when it reached Ready to commit or Done and then let go
   * of it (a person id), so the finished card still shows "fixed by <nick>".
   * Only on a card in Ready to commit or Done: reopening it clears this.
   */
  fixedBy?: string;
  /** Co-workers besides the claimant (person ids), in the order they were added. */
  pair?: string[];
  /** When a holder last worked on it (claim, move, patch, report, check, a chat line naming it, extend): its lease runs from here. */
  activeAt?: number;
  /** Set when the lease ran out; the claim is released once the grace time after it runs out too. */
  staleAt?: number;
  /** Someone asked a mentor to commit it (Needs review, with a patch); cleared by a move or a mentor's answer. */
  commitAsked?: { by: string; at: number; note?: string };
  createdBy: string;
  createdAt: number;
  patches: PatchLink[];
  reports: TestReport[];
  /** The latest check on each branch, in the order branches were first checked. */
  checks: BranchCheck[];
  /** The tracker closed it: the card stays, marked, rather than vanishing. */
  closedUpstream?: boolean;
}

export interface ChatMessage {
  /** The seq of the chat.sent event, unique and ordered. */
  seq: number;
  at: number;
  author: string;
  /** Empty once a moderator removed the message. */
  text: string;
  /** A `/me` line: shown as "* ana waves". */
  action?: boolean;
  removedBy?: string;
}

/** `held`: a mentor put it on hold; it keeps its place and is open again when the hold ends. */
export type HelpStatus = 'open' | 'taken' | 'held' | 'resolved' | 'cancelled';

export interface HelpReply {
  /** The seq of its help.replied event. */
  seq: number;
  by: string;
  at: number;
  /**
   * Empty for a reader who may not see it: a thread is private to the asker
   * and mentors until the asker shares it, and its words reach no one else,
   * live, in a sync or in a replay.
   */
  text: string;
}

export interface HelpFlag {
  id: string;
  by: string;
  note: string;
  issueId?: string;
  status: HelpStatus;
  /** Its place in the queue: a flag handed back or back from a hold keeps it. */
  raisedAt: number;
  mentor?: string;
  takenAt?: number;
  closedAt?: number;
  /** While held: until when, and the mentor's reason, which the asker is shown. */
  heldUntil?: number;
  holdReason?: string;
  /** Set when the server cancelled it: the asker had no page open through the grace time. */
  cancelReason?: 'stranded';
  /** The conversation between the asker and the mentors, oldest first. */
  thread: HelpReply[];
  /** The asker made the thread public. */
  shared?: boolean;
}

export interface BoardState {
  /** The seq of the last event folded in; 0 for an empty log. */
  seq: number;
  event: EventInfo;
  people: Record<string, Person>;
  issues: Record<string, Issue>;
  /** Issue ids in creation order, so every client lists cards alike. */
  issueOrder: string[];
  chat: ChatMessage[];
  help: Record<string, HelpFlag>;
  registrations: Record<string, Registration>;
}

// ---------------------------------------------------------------------------
// Domain events: past tense, each one fact. Every stored and broadcast event
// carries seq (gapless, from 1), at (server ms) and actor (a person id).

export type EventBody =
  | { type: 'person.joined'; person: Person }
  | { type: 'person.registered'; registration: Omit<Registration, 'at' | 'personId'> }
  | { type: 'chat.sent'; text: string; action?: boolean }
  | {
      type: 'issue.created';
      issue: Pick<Issue, 'id' | 'number' | 'title' | 'url' | 'type' | 'labels'>;
    }
  | { type: 'issue.claimed'; issueId: string }
  /** The tracker's copy changed (a re-import): the new values; `reopened` when it was closed upstream and is open again. */
  | { type: 'issue.updated'; issueId: string; changes: TrackerChanges; reopened?: boolean }
  | { type: 'issue.closedUpstream'; issueId: string }
  /** `expired`: nobody worked on it through its lease and grace time; the actor is `system`. */
  | { type: 'issue.released'; issueId: string; reason?: 'expired' }
  /** The lease ran out (actor `system`); an extend or any activity clears it. */
  | { type: 'issue.stale'; issueId: string }
  | { type: 'issue.extended'; issueId: string }
  | { type: 'issue.paired'; issueId: string; personId: string }
  /** One holder leaves the card; if it was the claimant, the first co-worker becomes the claimant. */
  | { type: 'issue.unpaired'; issueId: string; personId: string }
  | { type: 'issue.checked'; issueId: string; branch: string; result: CheckResult }
  | { type: 'issue.commitAsked'; issueId: string; note?: string }
  | { type: 'issue.moved'; issueId: string; from: Column; to: Column }
  | { type: 'help.raised'; helpId: string; note: string; issueId?: string }
  | { type: 'help.taken'; helpId: string }
  | { type: 'help.resolved'; helpId: string }
  /** `stranded`: the asker had no page open through the grace time; the actor is `system`. */
  | { type: 'help.cancelled'; helpId: string; reason?: 'stranded' }
  /** Back in the queue at its old place: a mentor handed it back, or (`stranded`, actor `system`) `mentor`, who had it, left. */
  | { type: 'help.returned'; helpId: string; reason?: 'stranded'; mentor?: string }
  | { type: 'help.held'; helpId: string; minutes: number; reason: string }
  /** The hold ran out (actor `system`): open again, in its place. */
  | { type: 'help.resumed'; helpId: string }
  /** A reply in the flag's thread; `text` is empty for a reader who may not see it (see HelpReply). */
  | { type: 'help.replied'; helpId: string; text: string }
  /** The asker made the thread public: the event carries it whole, so every page learns the words it could not see. */
  | { type: 'help.shared'; helpId: string; thread: HelpReply[] }
  | { type: 'issue.assigned'; issueId: string; personId: string }
  | { type: 'issue.patched'; issueId: string; url: string; note?: string }
  | { type: 'issue.tested'; issueId: string; result: TestResult; note?: string }
  | { type: 'chat.removed'; chatSeq: number }
  | { type: 'person.roleChanged'; personId: string; role: Role }
  | { type: 'person.muted'; personId: string; muted: boolean }
  | { type: 'person.removed'; personId: string }
  | { type: 'person.listed'; listed: boolean }
  | { type: 'event.updated'; info: EventInfoUpdate }
  | { type: 'event.closed' }
  | { type: 'event.reopened' }
  | { type: 'mentorCode.rotated' };

/** In the log the claim rules are always whole: `event:update` may name some and the event records the outcome. */
export type EventInfoUpdate = Partial<Omit<EventInfo, 'closed'>>;

export type EventInfoChange = Omit<EventInfoUpdate, 'claims' | 'help' | 'irc'> & {
  claims?: Partial<ClaimRules>;
  help?: Partial<HelpRules>;
  irc?: Partial<IrcRules>;
};

/** Who appends what the server's clock decides (a lease running out): not a person. */
export const SYSTEM_ACTOR = 'system';

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

export type TrackerChanges = Partial<Pick<Issue, 'title' | 'url' | 'type' | 'labels'>>;

export interface IssueDraft {
  title: string;
  number?: number;
  url?: string;
  type?: IssueType;
  labels?: string[];
}

export interface CommandPayloads {
  /** `action`: a `/me` line. */
  'chat:send': { text: string; action?: boolean };
  'issue:create': IssueDraft;
  /** `confirm`: go ahead although the issue's type is against the event's focus. */
  'issue:claim': { issueId: string; confirm?: boolean };
  'issue:extend': { issueId: string };
  'issue:pair': { issueId: string; personId: string };
  'issue:unpair': { issueId: string; personId: string };
  'issue:check': { issueId: string; branch: string; result: CheckResult };
  'issue:ask-commit': { issueId: string; note?: string };
  'issue:release': { issueId: string };
  'issue:move': { issueId: string; column: Column };
  'help:raise': { note: string; issueId?: string };
  'help:take': { helpId: string };
  'help:resolve': { helpId: string };
  'help:cancel': { helpId: string };
  /** Mentors: hand a taken flag back to the queue, at its old place. */
  'help:return': { helpId: string };
  /** Mentors: the asker keeps their place and is told why; the flag comes back by itself after `minutes`. */
  'help:hold': { helpId: string; minutes: number; reason: string };
  /** The asker or a mentor: a reply in the flag's thread. */
  'help:reply': { helpId: string; text: string };
  /** The asker: make the thread public. */
  'help:share': { helpId: string };
  'issue:assign': { issueId: string; personId: string };
  'issue:patch': { issueId: string; url: string; note?: string };
  'issue:report': { issueId: string; result: TestResult; note?: string };
  /** Organizers: add issues; numbers already on the board are skipped. */
  'issue:import': { issues: IssueDraft[] };
  /**
   * Organizers: bring the board in line with the tracker (a GitHub or CSV import, run again and again):
   * new numbers are added, changed ones updated, and the numbers in `closed` marked closed upstream.
   * Answered with `imported` counts.
   */
  'issue:sync': { issues: (IssueDraft & { number: number })[]; closed?: number[] };
  'chat:remove': { chatSeq: number };
  'person:role': { personId: string; role: Exclude<Role, 'organizer'> };
  'person:mute': { personId: string; muted: boolean };
  'person:remove': { personId: string };
  /** Whether I am shown among the people with the most done (I am, until I say not). */
  'person:listed': { listed: boolean };
  /** Anyone, lurkers too, before joining: answered with a `code` that claims it in `session:join`. */
  'person:register': { name: string; venue?: string; firstTime?: boolean; email?: string };
  'event:update': EventInfoChange;
  'event:close': Record<string, never>;
  'event:reopen': Record<string, never>;
  /** Organizers: see the code mentors join with (answered as `{ seq, code }`). */
  'mentorCode:show': Record<string, never>;
  /** Organizers: replace the mentor code; the old one stops working (answered as `{ seq, code }`). */
  'mentorCode:rotate': Record<string, never>;
}

export type CommandName = keyof CommandPayloads;

export interface JoinPayload {
  nick: string;
  venue?: string;
  /** The organizer key or the mentor code: joins with that role. */
  key?: string;
  /** This is my first bug day. */
  firstTime?: boolean;
  /** The code a registration was answered with: this join is that registration. */
  registration?: string;
  /** As on every command: a retry with the same id is answered as the same person (with a fresh token). */
  commandId?: string;
}

export interface JoinResult {
  /** A secret: keep it, send it as `auth.token` on every connect, never show it. */
  token: string;
  person: Person;
}

export interface ImportCounts {
  added: number;
  updated: number;
  closed: number;
  unchanged: number;
  /** Named twice in one batch. */
  skipped: number;
}

/**
 * An import from GitHub, run by the server. It is not a domain command: the
 * server reads the issues and sends them on as issue:sync commands, which are
 * stored and broadcast like any other. Running it again is safe: cards match
 * on number. The token goes to GitHub's API only, and is neither stored nor logged.
 */
export interface GithubImport {
  /** `owner/name`. */
  repo: string;
  /** Only issues with every one of these labels (GitHub's own filter). */
  labels?: string[];
  /** A milestone's title, or its number; `*` any milestone, `none` no milestone. */
  milestone?: string;
  /** `open` (the default) brings in open issues; `all` also marks the cards of closed ones closed upstream. */
  state?: 'open' | 'all';
  /** A GitHub token: private repositories, and a far larger rate limit than without. */
  token?: string;
}

/**
 * How far an import has got. `done` counts the issues read and synced so far
 * (pull requests are not issues). `total` is at most how many there will be,
 * from the pages GitHub says are left: absent until GitHub says, it only ever
 * shrinks, and in the last frame it equals `done`.
 */
export interface ImportProgress {
  done: number;
  total?: number;
}

/** What a domain command answers: the seq of the last event it appended. */
export interface CommandResult {
  seq: number;
  /** Only for mentorCode:show and mentorCode:rotate (the mentor code), and person:register (the code that claims it). */
  code?: string;
  /** Only for issue:sync: what it did with the issues it was sent. */
  imported?: ImportCounts;
}

/**
 * A snapshot carries only the newest part of the chat (`olderChat` says there
 * is more); `chat:history` pages back through the rest. Everything else is whole.
 */
export type SyncPayload = { seq: number; log: string } & (
  | { snapshot: BoardState; olderChat?: boolean }
  | { events: DomainEvent[] }
);

/**
 * The page is served with the `SyncPayload` a page with nothing yet would get
 * from its socket, as JSON in `<script type="application/json" id=…>` (a data
 * block, never run). The client folds it before it first renders, then
 * connects naming its seq: the socket brings only what came since.
 */
export const FIRST_SYNC_ELEMENT = 'bugday-first-sync';

export interface ChatHistory {
  /** Oldest first, all before the asked-for seq. */
  messages: ChatMessage[];
  /** Whether there are older ones still. */
  more: boolean;
}

/**
 * One card's timeline, as `issue:history` answers it. Both lists are oldest
 * first and bounded, keeping the newest: at most 500 events and at most
 * `LIMITS.chatPage` (200) messages.
 */
export interface IssueHistory {
  /**
   * Every event naming the issue: issue.created, claimed, released, moved,
   * assigned, patched, tested, checked, stale, extended, paired, unpaired,
   * commitAsked, and help.raised for a flag about it.
   */
  events: DomainEvent[];
  /**
   * The chat messages that refer to the issue as #number, as the chat links
   * them (#12 is not #123); removed messages are left out. None for an issue
   * without a number.
   */
  messages: ChatMessage[];
}

/** The chart's data: one point per minute in which issues done or in progress changed. */
export interface StatsPoint {
  /** The minute, in ms. */
  at: number;
  done: number;
  /** In progress or in review. */
  inProgress: number;
}

/** What `stats:get` answers: the event at a glance as of `seq`. */
export interface EventStats {
  seq: number;
  /** Issues per column now. */
  columns: Record<Column, number>;
  /** Counted so far: claims (and assignments), patch links, test reports, branch checks, help flags raised and resolved, first-timers helped. */
  totals: { claims: number; patches: number; reports: number; checks: number; helpRaised: number; helpResolved: number; newcomersHelped: number };
  /** Minutes from a flag being raised to being taken, over flags taken so far. */
  helpWait: { median: number | undefined; p90: number | undefined };
  /** The people with the most cards done, most first, without those who asked not to be listed. */
  leaders: { personId: string; done: number }[];
  series: StatsPoint[];
}

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

/**
 * What changed since the last presence message: the entries of people who
 * came online or changed (role, holdings), the ids of people who went
 * offline, and the lurker count. Fold it with `mergePresence`.
 */
export interface PresenceChange {
  changed: PresenceEntry[];
  left: string[];
  lurkers: number;
}

/** How the IRC bridge is doing, for the Organize panel and for senders whose lines still wait for the channel. */
export interface IrcStatus {
  /** `#python-dev on irc.libera.chat`. */
  channel: string;
  /** The nick the bridge has now: another one while its own is in use. */
  nick: string;
  state: 'connecting' | 'connected' | 'disconnected';
  /** Since when it has been in that state (ms). */
  since: number;
  /** What went wrong last, plainly, and when. */
  lastError?: { at: number; message: string };
  /** The seq of the oldest chat message still waiting to be said in the channel; absent when none waits. */
  queuedFrom?: number;
  /** How many are in the channel, the bridge included, while it is there. */
  inChannel?: number;
}

/** Sent as `io(url, { auth })`. */
export interface HandshakeAuth {
  token?: string;
  lastSeq?: number;
  /** The `log` of the sync that `lastSeq` counts in: a different log (its data was reset) gets a snapshot. */
  log?: string;
}

type AckFn<T> = (ack: Ack<T>) => void;

/** Any command may name itself so that a retry is recognised (1–64 chars, unique per person). */
export type Retryable<T> = T & { commandId?: string };

export type ClientToServerEvents = {
  [N in CommandName]: (payload: Retryable<CommandPayloads[N]>, ack: AckFn<CommandResult>) => void;
} & {
  'session:join': (payload: JoinPayload, ack: AckFn<JoinResult>) => void;
  /** A person who has joined types the organizer key or the mentor code to take that role. */
  'session:elevate': (payload: { key: string }, ack: AckFn<CommandResult>) => void;
  /** Ask again for what `sync` sends on connect, e.g. after noticing a gap in seq. */
  'session:sync': (payload: { lastSeq: number; log?: string }, ack: AckFn<SyncPayload>) => void;
  /** Anyone, lurkers too: the chat messages before `beforeSeq`, at most `limit` (default and most 200). */
  'chat:history': (payload: { beforeSeq: number; limit?: number }, ack: AckFn<ChatHistory>) => void;
  /** Anyone, lurkers too: what happened to one issue and the chat about it (see IssueHistory); not_found for an unknown id. */
  'issue:history': (payload: { issueId: string }, ack: AckFn<IssueHistory>) => void;
  /** Anyone, lurkers too: the event at a glance (see EventStats). */
  'stats:get': (payload: Record<string, never>, ack: AckFn<EventStats>) => void;
} & {
  /** Organizers: the server reads the repository's issues from GitHub and syncs them onto the board (see GithubImport). */
  'import:github': (payload: GithubImport, ack: AckFn<ImportCounts>) => void;
};

export interface ServerToClientEvents {
  sync: (payload: SyncPayload) => void;
  events: (events: DomainEvent[]) => void;
  /** The whole list, once on connect. */
  presence: (presence: Presence) => void;
  /** Then only what changed, gathered over a second or so: a page opening costs everyone a few bytes. */
  'presence:changed': (change: PresenceChange) => void;
  /** To the page that sent import:github only, as the import goes. */
  'import:progress': (progress: ImportProgress) => void;
  /** Only when the server bridges an IRC channel: on connect, then whenever the bridge's state changes. */
  'irc:status': (status: IrcStatus) => void;
}
