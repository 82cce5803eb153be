import {
  apply,
  applyAll,
  decide,
  decideClock,
  emptyState,
  IssueTimelines,
  stamp,
  StatsFold,
  type Actor,
  type Decision,
  type DomainCommand,
  type OfflineSince,
} from '../shared/domain/index.ts';
import { SYSTEM_ACTOR, type EventStats } from '../shared/protocol.ts';
import type { Ack, BoardState, CommandResult, DomainEvent, IssueHistory } from '../shared/protocol.ts';
import { commandKey, remember, type NamedCommand } from './command-ledger.ts';
import type { Logger } from './log.ts';
import type { SecretsRecord } from './secrets.ts';
import { isShared, StoreBehindError, type SessionRecord, type SharedStore, type Store, type StoredData } from './store/store.ts';

/** What other nodes stored beside their events, for the server's bookkeeping here. */
export type RemoteRecords = Pick<StoredData, 'sessions' | 'secrets'>;

export type Committed = Ack<CommandResult> & { events?: DomainEvent[] };

export interface ExecuteOptions {
  /** The sender's name for the command: a retry with the same name is answered, not run again. */
  named?: NamedCommand;
  /** Private records to store in the same write as the events (a join's token, a new mentor code). */
  records?: (events: DomainEvent[]) => { sessions?: SessionRecord[]; secrets?: SecretsRecord };
}

/**
 * The authoritative board: the event log, the state folded from it, and the
 * one queue every command passes through. Commands are decided one at a time
 * against the state that includes every earlier command, which is what makes
 * "twenty people claim #123 at once" have exactly one winner.
 */
export class Board {
  readonly state: BoardState;
  readonly #log: DomainEvent[];
  /**
   * Each issue's events and the chat naming it, so a card's history does not walk a weekend's log.
   * Built on the first ask, not at start-up: reading every chat line for #refs would add a tenth of
   * a second or more to each restart of a long event, for a panel nobody may have opened yet.
   */
  #timelines: IssueTimelines | undefined;
  /** The event at a glance, folded on the first ask like the timelines, then kept current. */
  #stats: StatsFold | undefined;
  /** Every open Stats view asks again as events come: answered once per seq. */
  #statsAt: EventStats | undefined;
  readonly #store: Store;
  /** Set when other nodes append to the same log: then the board catches up with them. */
  readonly #shared: SharedStore | undefined;
  readonly #now: () => number;
  readonly #logger: Logger;
  readonly #listeners = new Set<(events: DomainEvent[]) => void>();
  readonly #recordListeners = new Set<(records: RemoteRecords) => void>();
  /** A catch-up queued and not yet started: another ask joins it instead of queueing a second. */
  #catchUpQueued: Promise<void> | undefined;
  /** The seq each recent named command was answered with, as stored beside the log. */
  readonly #answered = new Map<string, number>();
  #queue: Promise<void> = Promise.resolve();

  private constructor(store: Store, { events, commands }: StoredData, now: () => number, log: Logger) {
    this.#store = store;
    this.#shared = isShared(store) ? store : undefined;
    this.#log = events;
    this.#now = now;
    this.#logger = log;
    this.state = applyAll(emptyState(), events);
    for (const record of commands) remember(this.#answered, commandKey(record), record.seq);
  }

  static async open(store: Store, now: () => number, log: Logger): Promise<{ board: Board; data: StoredData }> {
    const data = await store.load();
    return { board: new Board(store, data, now, log), data };
  }

  get seq(): number {
    return this.state.seq;
  }

  /** The event with this seq, if the log has it. */
  eventAt(seq: number): DomainEvent | undefined {
    return this.#log[seq - 1];
  }

  /** What happened to one issue and the chat about it (see IssueHistory); undefined for an issue not on the board. */
  issueHistory(issueId: string): IssueHistory | undefined {
    this.#timelines ??= new IssueTimelines(this.state, this.#log);
    return this.#timelines.history(issueId);
  }

  /** The event at a glance (see EventStats). */
  stats(): EventStats {
    if (!this.#stats) {
      // The fold reads each issue's column as it stood after each event, so it replays the log on a board of its own.
      const replay = emptyState();
      this.#stats = new StatsFold();
      for (const event of this.#log) this.#stats.add(event, apply(replay, event));
    }
    if (this.#statsAt?.seq !== this.seq) this.#statsAt = this.#stats.stats(this.state);
    return this.#statsAt;
  }

  /** The events after `seq`, oldest first; undefined when `seq` is not a point in this log. */
  eventsAfter(seq: number): DomainEvent[] | undefined {
    if (!Number.isInteger(seq) || seq < 0 || seq > this.seq) return undefined;
    return this.#log.slice(seq);
  }

  /** Called with every committed batch, in seq order, after its sender was answered. */
  onCommit(listener: (events: DomainEvent[]) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Called with the sessions and secrets other nodes stored, before the events they came with are published. */
  onRecords(listener: (records: RemoteRecords) => void): () => void {
    this.#recordListeners.add(listener);
    return () => this.#recordListeners.delete(listener);
  }

  /**
   * Folds and publishes what other nodes appended after this board's seq, in
   * turn with the commands, so their events and this node's own never
   * interleave. Rejects when the log cannot be read; nothing is lost, since
   * the next catch-up reads from the same seq.
   */
  catchUp(): Promise<void> {
    if (!this.#shared) return Promise.resolve();
    if (this.#catchUpQueued) return this.#catchUpQueued;
    const run = this.#queue.then(() => {
      this.#catchUpQueued = undefined;
      return this.#catchUpNow();
    });
    this.#catchUpQueued = run;
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Decide, store, fold, answer, publish — in that order, one command at a time.
   * `respond` is called exactly once, before anyone else hears of the events.
   * A named command that already took effect is answered as it was the first
   * time, and does nothing.
   */
  execute(actor: Actor, command: DomainCommand, respond: (result: Committed) => void, options: ExecuteOptions = {}) {
    const decideNow = (now: number) => decide(this.state, actor, command, { now, nextSeq: this.seq + 1 });
    this.#enqueue(command.name, actor, decideNow, respond, options);
  }

  /**
   * Appends what the clock has decided by now (leases run out, holds end, flags stranded), as the actor
   * `system`, in turn with the commands: a holder's extend queued first is
   * seen, and the lease is not taken from under it. Resolves once stored.
   */
  runClock(offline: OfflineSince): Promise<Committed> {
    return new Promise((resolve) => {
      this.#enqueue('clock', SYSTEM_ACTOR, (now) => ({ ok: true, events: decideClock(this.state, now, offline) }), resolve, {});
    });
  }

  #enqueue(name: string, actor: Actor, decideNow: (now: number) => Decision, respond: (result: Committed) => void, options: ExecuteOptions) {
    this.#queue = this.#queue.then(async () => {
      let committed: Committed;
      try {
        committed = await this.#commit(name, actor, decideNow, options);
      } catch (error) {
        this.#logger.error({ err: error, command: name }, 'a command failed unexpectedly');
        committed = INTERNAL_ERROR;
      }
      // The command is decided and stored whatever happens next: a fault in telling
      // people about it must not reject this chain, which would stop the process.
      try {
        respond(committed);
      } catch (error) {
        this.#logger.error({ err: error, command: name }, 'answering a stored command failed');
      }
      if (committed.ok && committed.events?.length) this.#publish(committed.events);
    });
  }

  /** Stores records that come with no event (the first start's secrets, a new token), in turn with the commands. */
  keep(records: { sessions?: SessionRecord[]; secrets?: SecretsRecord }): Promise<void> {
    const { sessions = [], secrets } = records;
    const kept = this.#queue.then(() => this.#store.append({ events: [], sessions, commands: [], ...(secrets ? { secrets } : {}) }));
    this.#queue = kept.catch(() => undefined);
    return kept;
  }

  /** Resolves once every command queued so far has been answered. */
  idle(): Promise<void> {
    return this.#queue;
  }

  async #commit(name: string, actor: Actor, decideNow: (now: number) => Decision, { named, records }: ExecuteOptions): Promise<Committed> {
    const key = named && commandKey(named);
    for (let decisions = 0; decisions < MAX_DECISIONS; decisions += 1) {
      // Asked again after each catch-up: the same command retried on another node may have been answered there.
      const answered = key === undefined ? undefined : this.#answered.get(key);
      if (answered !== undefined) return { ok: true, data: { seq: answered } };

      const at = this.#now();
      const decision = decideNow(at);
      if (!decision.ok) return decision;
      const events = stamp(decision.events, this.seq + 1, at, actor);
      if (events.length === 0) return { ok: true, data: { seq: this.seq }, events };
      const seq = events.at(-1)!.seq;
      try {
        const { sessions = [], secrets } = records?.(events) ?? {};
        await this.#store.append({ events, sessions, commands: named ? [{ ...named, seq }] : [], ...(secrets ? { secrets } : {}) });
      } catch (error) {
        if (!(error instanceof StoreBehindError)) {
          this.#logger.error({ err: error, command: name }, 'could not store events; the command was refused as storage_unavailable');
          return STORAGE_UNAVAILABLE;
        }
        // Another node appended first: fold what it wrote, then decide again against that.
        try {
          await this.#catchUpNow();
        } catch (readError) {
          this.#logger.error({ err: readError, command: name }, 'could not read what other nodes stored; the command was refused as storage_unavailable');
          return STORAGE_UNAVAILABLE;
        }
        continue;
      }
      for (const event of events) this.#add(event);
      if (key !== undefined) remember(this.#answered, key, seq);
      return { ok: true, data: { seq }, events };
    }
    this.#logger.warn({ command: name, decisions: MAX_DECISIONS }, 'other nodes appended first every time; the command was refused as storage_unavailable');
    return STORAGE_UNAVAILABLE;
  }

  async #catchUpNow() {
    const { events, commands, sessions, secrets } = await this.#shared!.readAfter(this.seq);
    for (const event of events) this.#add(event);
    for (const record of commands) remember(this.#answered, commandKey(record), record.seq);
    if (sessions.length > 0 || Object.keys(secrets).length > 0) {
      for (const listener of this.#recordListeners) listener({ sessions, secrets });
    }
    if (events.length > 0) this.#publish(events);
  }

  #add(event: DomainEvent) {
    apply(this.state, event);
    this.#log.push(event);
    this.#timelines?.add(event);
    this.#stats?.add(event, this.state);
  }

  /** The events are stored and folded whatever happens next: a fault in telling people of them must not stop the queue. */
  #publish(events: DomainEvent[]) {
    try {
      for (const listener of this.#listeners) listener(events);
    } catch (error) {
      this.#logger.error({ err: error, seqs: [events[0]!.seq, events.at(-1)!.seq] }, 'broadcasting stored events failed');
    }
  }
}

/**
 * How often a command is decided again after other nodes appended first,
 * before it is refused. Each loss means another node's command went in, so
 * the nodes together always move on; the bound only keeps one command from
 * waiting without end behind a flood from the others. Thirty people joining
 * at once on three nodes lose up to about twenty times.
 */
const MAX_DECISIONS = 50;

const STORAGE_UNAVAILABLE: Committed = {
  ok: false,
  error: { code: 'storage_unavailable', message: 'bugday could not save that, so nothing changed. Try again shortly.' },
};

const INTERNAL_ERROR: Committed = {
  ok: false,
  error: { code: 'internal_error', message: 'Something went wrong on the server; nothing changed.' },
};
