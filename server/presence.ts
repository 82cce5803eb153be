import { mergePresence } from '../shared/domain/index.ts';
import type { DomainEvent, Presence, PresenceChange, PresenceEntry } from '../shared/protocol.ts';
import type { Board } from './board.ts';

/**
 * Who is connected, and what each person online holds. A new page gets the
 * whole list once; everyone else gets only what changed, gathered over
 * `delayMs`. With ten thousand pages open, a lurker arriving costs every
 * page a few bytes a second at most, and a claim one entry, not the roster.
 */
export class PresenceTracker {
  readonly #board: Board;
  readonly #broadcast: (change: PresenceChange) => void;
  readonly #delayMs: number;
  /** Open connections per person. */
  readonly #online = new Map<string, number>();
  /** Who holds each claimed card, kept from the events so a release can say whose hands it left. */
  readonly #holder = new Map<string, string>();
  /** People whose entry changed since the last broadcast. */
  readonly #dirty = new Set<string>();
  #lurkers = 0;
  #lurkersSent = 0;
  #roster: Presence;
  #timer: NodeJS.Timeout | undefined;

  constructor(board: Board, broadcast: (change: PresenceChange) => void, delayMs: number) {
    this.#board = board;
    this.#broadcast = broadcast;
    this.#delayMs = delayMs;
    for (const issue of Object.values(board.state.issues)) if (issue.claimant) this.#holder.set(issue.id, issue.claimant);
    this.#roster = { online: [], lurkers: 0 };
    board.onCommit((events) => events.forEach((event) => this.#follow(event)));
  }

  connect(personId: string | null) {
    if (personId === null) this.#lurkers += 1;
    else {
      const count = this.#online.get(personId) ?? 0;
      this.#online.set(personId, count + 1);
      if (count === 0) this.#dirty.add(personId);
    }
    this.#schedule();
  }

  disconnect(personId: string | null) {
    if (personId === null) this.#lurkers -= 1;
    else {
      const count = (this.#online.get(personId) ?? 1) - 1;
      if (count > 0) this.#online.set(personId, count);
      else {
        this.#online.delete(personId);
        this.#dirty.add(personId);
      }
    }
    this.#schedule();
  }

  /** The whole list as a new page should see it now, changes not yet broadcast included. */
  current(): Presence {
    const roster = this.#dirty.size > 0 ? mergePresence(this.#roster, this.#pending()) : this.#roster;
    return { online: roster.online, lurkers: this.#lurkers };
  }

  stop() {
    clearTimeout(this.#timer);
  }

  #follow(event: DomainEvent) {
    const touch = (personId: string | undefined) => {
      if (personId && this.#online.has(personId)) this.#dirty.add(personId);
    };
    switch (event.type) {
      case 'issue.claimed':
      case 'issue.assigned': {
        touch(this.#holder.get(event.issueId));
        const to = event.type === 'issue.claimed' ? event.actor : event.personId;
        this.#holder.set(event.issueId, to);
        touch(to);
        break;
      }
      case 'issue.released':
        touch(this.#holder.get(event.issueId));
        this.#holder.delete(event.issueId);
        break;
      case 'person.removed':
        for (const [issueId, holder] of this.#holder) if (holder === event.personId) this.#holder.delete(issueId);
        touch(event.personId);
        break;
      case 'person.joined':
        touch(event.person.id);
        break;
      case 'person.roleChanged':
      case 'person.muted':
        touch(event.personId);
        break;
      default:
        return;
    }
    this.#schedule();
  }

  #entry(personId: string): PresenceEntry | undefined {
    const person = this.#board.state.people[personId];
    if (!person || person.removed || !this.#online.has(personId)) return undefined;
    const holds = [...this.#holder].flatMap(([issueId, holder]) => (holder === personId ? [issueId] : []));
    return { personId, nick: person.nick, role: person.role, holds, ...(person.venue ? { venue: person.venue } : {}) };
  }

  #pending(): PresenceChange {
    const change: PresenceChange = { changed: [], left: [], lurkers: this.#lurkers };
    for (const personId of this.#dirty) {
      const entry = this.#entry(personId);
      if (entry) change.changed.push(entry);
      else change.left.push(personId);
    }
    return change;
  }

  #schedule() {
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      if (this.#dirty.size === 0 && this.#lurkers === this.#lurkersSent) return;
      const change = this.#pending();
      this.#dirty.clear();
      this.#roster = mergePresence(this.#roster, change);
      this.#lurkersSent = change.lurkers;
      this.#broadcast(change);
    }, this.#delayMs);
  }
}
