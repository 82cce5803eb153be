import type { DomainEvent, Presence } from '../shared/protocol.ts';
import type { Board } from './board.ts';

/** Events that change what the presence list shows about someone online. */
const SHOWN_IN_PRESENCE = new Set<DomainEvent['type']>(['issue.claimed', 'issue.released', 'person.joined']);

/**
 * Who is connected. Changes are coalesced into at most one broadcast per
 * `delayMs`, so a thousand lurkers arriving cost a few messages, not a
 * thousand to everyone.
 */
export class PresenceTracker {
  readonly #board: Board;
  readonly #broadcast: (presence: Presence) => void;
  readonly #delayMs: number;
  readonly #online = new Map<string, number>();
  #lurkers = 0;
  #cached: Presence | undefined;
  #timer: NodeJS.Timeout | undefined;

  constructor(board: Board, broadcast: (presence: Presence) => void, delayMs: number) {
    this.#board = board;
    this.#broadcast = broadcast;
    this.#delayMs = delayMs;
    board.onCommit((events) => {
      if (events.some((event) => SHOWN_IN_PRESENCE.has(event.type))) this.#changed();
    });
  }

  connect(personId: string | null) {
    if (personId === null) this.#lurkers += 1;
    else this.#online.set(personId, (this.#online.get(personId) ?? 0) + 1);
    this.#changed();
  }

  disconnect(personId: string | null) {
    if (personId === null) this.#lurkers -= 1;
    else {
      const left = (this.#online.get(personId) ?? 1) - 1;
      if (left > 0) this.#online.set(personId, left);
      else this.#online.delete(personId);
    }
    this.#changed();
  }

  current(): Presence {
    this.#cached ??= this.#compute();
    return this.#cached;
  }

  stop() {
    clearTimeout(this.#timer);
  }

  #compute(): Presence {
    const { state } = this.#board;
    // One pass over the cards, not one per person online.
    const holds = new Map<string, string[]>();
    for (const id of state.issueOrder) {
      const claimant = state.issues[id]!.claimant;
      if (claimant && this.#online.has(claimant)) holds.set(claimant, [...(holds.get(claimant) ?? []), id]);
    }
    const online = [...this.#online.keys()].flatMap((personId) => {
      const person = state.people[personId];
      if (!person) return [];
      const held = holds.get(personId) ?? [];
      return [{ personId, nick: person.nick, role: person.role, holds: held, ...(person.venue ? { venue: person.venue } : {}) }];
    });
    online.sort((a, b) => a.nick.localeCompare(b.nick));
    return { online, lurkers: this.#lurkers };
  }

  #changed() {
    this.#cached = undefined;
    this.#timer ??= setTimeout(() => {
      this.#timer = undefined;
      this.#broadcast(this.current());
    }, this.#delayMs);
  }
}
