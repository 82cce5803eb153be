import { holdings, mergePresence } from '../shared/domain/index.ts';
import type { DomainEvent, Issue, Presence, PresenceChange, PresenceEntry } from '../shared/protocol.ts';
import type { Board } from './board.ts';

/**
 * Who is connected, on this node and on the others it hears of (see
 * NodePresence), and what each person online holds. A new page gets the
 * whole list once; everyone else gets only what changed, gathered over
 * `delayMs`. With ten thousand pages open, a lurker arriving costs every
 * page a few bytes a second at most. A claim or a release costs no presence
 * message at all: every page folds the event itself, and its board says who
 * holds what (entries carry `holds` as it is when they are sent).
 */
export class PresenceTracker {
  readonly #board: Board;
  readonly #broadcast: (change: PresenceChange) => void;
  readonly #delayMs: number;
  /** Open connections per person, on this node. */
  readonly #online = new Map<string, number>();
  /** Who has a page open on each other node, and how many lurkers each has, as those nodes last told. */
  readonly #elsewhere = new Map<string, { people: Set<string>; lurkers: number }>();
  readonly #localListeners = new Set<() => void>();
  /** When each person's last page closed. Anyone not here was last seen, as far as this process knows, when it started. */
  readonly #lastSeen = new Map<string, number>();
  readonly #startedAt: number;
  readonly #now: () => number;
  readonly #onlineListeners = new Set<() => void>();
  /** People whose entry changed since the last broadcast. */
  readonly #dirty = new Set<string>();
  #lurkers = 0;
  #lurkersSent = 0;
  #roster: Presence;
  #timer: NodeJS.Timeout | undefined;
  /** Who holds what, folded once per seq: every connecting page asks, and a board has a thousand cards. */
  #held: { seq: number; byPerson: Map<string, Issue[]> } | undefined;
  /** Bumped whenever who is online (or their entry) may have changed; lurkers coming and going do not. */
  #version = 0;
  /** The online list as JSON, for the seq and version it was made at. */
  #onlineJson: { key: string; json: string } | undefined;

  constructor(board: Board, broadcast: (change: PresenceChange) => void, delayMs: number, now: () => number = Date.now) {
    this.#now = now;
    this.#startedAt = now();
    this.#board = board;
    this.#broadcast = broadcast;
    this.#delayMs = delayMs;
    this.#roster = { online: [], lurkers: 0 };
    board.onCommit((events) => events.forEach((event) => this.#follow(event)));
  }

  connect(personId: string | null) {
    if (personId === null) this.#lurkers += 1;
    else {
      const wasOnline = this.#isOnline(personId);
      this.#online.set(personId, (this.#online.get(personId) ?? 0) + 1);
      if (!wasOnline) this.#cameOrWent(personId);
    }
    this.#localChanged();
  }

  /** Since when `personId` has had no page open on any node; undefined while they have one. */
  readonly offlineSince = (personId: string): number | undefined =>
    this.#isOnline(personId) ? undefined : (this.#lastSeen.get(personId) ?? this.#startedAt);

  /** Called whenever a page opens or closes on this node, lurkers' too: what other nodes are told. */
  onLocalChange(listener: () => void): () => void {
    this.#localListeners.add(listener);
    return () => this.#localListeners.delete(listener);
  }

  /** Who has a page open on this node, and how many lurkers it has. */
  local(): { people: string[]; lurkers: number } {
    return { people: [...this.#online.keys()], lurkers: this.#lurkers };
  }

  /** What another node says it has open now; an empty list forgets that node. */
  setElsewhere(node: string, people: readonly string[], lurkers: number) {
    const before = this.#elsewhere.get(node);
    const affected = new Set([...(before?.people ?? []), ...people]);
    const wasOnline = new Map([...affected].map((personId) => [personId, this.#isOnline(personId)]));
    if (people.length === 0 && lurkers === 0) this.#elsewhere.delete(node);
    else this.#elsewhere.set(node, { people: new Set(people), lurkers });
    for (const [personId, was] of wasOnline) {
      if (was === this.#isOnline(personId)) continue;
      if (was) this.#lastSeen.set(personId, this.#now());
      this.#cameOrWent(personId);
    }
    this.#schedule();
  }

  /** Called whenever a person's first page opens or last page closes (not for lurkers). */
  onOnlineChange(listener: () => void): () => void {
    this.#onlineListeners.add(listener);
    return () => this.#onlineListeners.delete(listener);
  }

  disconnect(personId: string | null) {
    if (personId === null) this.#lurkers -= 1;
    else {
      const count = (this.#online.get(personId) ?? 1) - 1;
      if (count > 0) this.#online.set(personId, count);
      else {
        this.#online.delete(personId);
        if (!this.#isOnline(personId)) {
          this.#lastSeen.set(personId, this.#now());
          this.#cameOrWent(personId);
        }
      }
    }
    this.#localChanged();
  }

  /** The whole list as a new page should see it now, changes not yet broadcast included. */
  current(): Presence {
    const roster = this.#dirty.size > 0 ? mergePresence(this.#roster, this.#pending()) : this.#roster;
    const held = this.#holdings();
    return { online: roster.online.map((entry) => ({ ...entry, holds: idsOf(held.get(entry.personId)) })), lurkers: this.#allLurkers() };
  }

  /**
   * `current()` as JSON. Every connecting page gets it, and with a thousand
   * people online the list is tens of kilobytes: it is serialised once per
   * change to who is online or what they hold, and only the lurker count,
   * which moves with every page, is written in fresh.
   */
  currentJson(): string {
    const key = `${this.#board.seq}:${this.#version}`;
    if (this.#onlineJson?.key !== key) this.#onlineJson = { key, json: JSON.stringify(this.current().online) };
    return `{"online":${this.#onlineJson.json},"lurkers":${this.#allLurkers()}}`;
  }

  stop() {
    clearTimeout(this.#timer);
  }

  #follow(event: DomainEvent) {
    switch (event.type) {
      case 'person.joined':
        this.#touch(event.person.id);
        break;
      case 'person.removed':
      case 'person.roleChanged':
        this.#touch(event.personId);
        break;
      default:
        return;
    }
    this.#schedule();
  }

  #touch(personId: string) {
    if (this.#isOnline(personId)) this.#changed(personId);
  }

  #isOnline(personId: string): boolean {
    if (this.#online.has(personId)) return true;
    for (const node of this.#elsewhere.values()) if (node.people.has(personId)) return true;
    return false;
  }

  #allLurkers(): number {
    let lurkers = this.#lurkers;
    for (const node of this.#elsewhere.values()) lurkers += node.lurkers;
    return lurkers;
  }

  #localChanged() {
    for (const listener of this.#localListeners) listener();
    this.#schedule();
  }

  #cameOrWent(personId: string) {
    this.#changed(personId);
    for (const listener of this.#onlineListeners) listener();
  }

  #changed(personId: string) {
    this.#dirty.add(personId);
    this.#version += 1;
  }

  #entry(personId: string, held: Map<string, Issue[]>): PresenceEntry | undefined {
    const person = this.#board.state.people[personId];
    if (!person || person.removed || !this.#isOnline(personId)) return undefined;
    return { personId, nick: person.nick, role: person.role, holds: idsOf(held.get(personId)), ...(person.venue ? { venue: person.venue } : {}) };
  }

  #pending(): PresenceChange {
    const change: PresenceChange = { changed: [], left: [], lurkers: this.#allLurkers() };
    const held = this.#holdings();
    for (const personId of this.#dirty) {
      const entry = this.#entry(personId, held);
      if (entry) change.changed.push(entry);
      else change.left.push(personId);
    }
    return change;
  }

  #holdings(): Map<string, Issue[]> {
    const { seq } = this.#board;
    if (this.#held?.seq !== seq) this.#held = { seq, byPerson: holdings(this.#board.state) };
    return this.#held.byPerson;
  }

  #schedule() {
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      if (this.#dirty.size === 0 && this.#allLurkers() === this.#lurkersSent) return;
      const change = this.#pending();
      this.#dirty.clear();
      this.#roster = mergePresence(this.#roster, change);
      this.#lurkersSent = change.lurkers;
      this.#broadcast(change);
    }, this.#delayMs);
  }
}

const idsOf = (issues: Issue[] | undefined) => issues?.map((issue) => issue.id) ?? [];
