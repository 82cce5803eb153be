import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { BugdayServer } from './context.ts';
import type { PresenceTracker } from './presence.ts';

/** What one node tells the others of its pages: who has one open there, and how many lurkers it has. */
export interface NodeSummary {
  node: string;
  people: string[];
  lurkers: number;
}

/** Another node's word still crosses a trust line (Redis): its shape is checked before anything reads it. */
const nodeSummary = z.object({
  node: z.string().min(1).max(64),
  people: z.array(z.string().min(1).max(100)).max(1_000_000),
  lurkers: z.number().int().min(0).max(10_000_000),
});

export interface NodePresenceTiming {
  /** How long this node's page changes are gathered before the others are told. */
  delayMs: number;
  /** Every node tells its whole summary this often, so one that missed a message catches up. */
  heartbeatMs: number;
}

/**
 * Presence across nodes, over Socket.IO's Redis Streams adapter
 * (serverSideEmit): each node tells the others its whole summary whenever
 * its pages change (gathered over `delayMs`) and on a heartbeat, and folds
 * theirs into its PresenceTracker, so the online list and the lurker count a
 * page sees, and the grace times of the clock, are the same on every node. A
 * node that stops says so; one that is killed is forgotten after three
 * missed heartbeats. A whole summary rather than changes: a missed or
 * reordered message heals with the next.
 */
export class NodePresence {
  readonly #id = randomUUID();
  readonly #io: BugdayServer;
  readonly #presence: PresenceTracker;
  readonly #timing: NodePresenceTiming;
  /** Other nodes heard from, each with the timer that forgets it. */
  readonly #heard = new Map<string, NodeJS.Timeout>();
  #pending: NodeJS.Timeout | undefined;
  #heartbeat: NodeJS.Timeout | undefined;
  #stopLocal: (() => void) | undefined;

  constructor(io: BugdayServer, presence: PresenceTracker, timing: NodePresenceTiming) {
    this.#io = io;
    this.#presence = presence;
    this.#timing = timing;
  }

  start() {
    this.#io.on('presence:node', (summary: unknown) => this.#receive(summary));
    this.#stopLocal = this.#presence.onLocalChange(() => {
      this.#pending ??= setTimeout(() => this.#tell(), this.#timing.delayMs);
    });
    this.#heartbeat = setInterval(() => this.#tell(), this.#timing.heartbeatMs);
    this.#heartbeat.unref();
    this.#tell();
  }

  /** Tells the others this node has no pages any more, so they need not wait to forget it. */
  stop() {
    this.#stopLocal?.();
    clearTimeout(this.#pending);
    clearInterval(this.#heartbeat);
    for (const timer of this.#heard.values()) clearTimeout(timer);
    this.#io.serverSideEmit('presence:node', { node: this.#id, people: [], lurkers: 0 });
  }

  #tell() {
    clearTimeout(this.#pending);
    this.#pending = undefined;
    this.#io.serverSideEmit('presence:node', { node: this.#id, ...this.#presence.local() });
  }

  #receive(raw: unknown) {
    const parsed = nodeSummary.safeParse(raw);
    if (!parsed.success || parsed.data.node === this.#id) return;
    const { node, people, lurkers } = parsed.data;
    const known = this.#heard.has(node);
    clearTimeout(this.#heard.get(node));
    const gone = people.length === 0 && lurkers === 0;
    if (gone) this.#heard.delete(node);
    else {
      const forget = setTimeout(() => this.#forget(node), 3 * this.#timing.heartbeatMs);
      forget.unref();
      this.#heard.set(node, forget);
    }
    this.#presence.setElsewhere(node, people, lurkers);
    // A node just started knows nobody yet: it hears this one now rather than at the next heartbeat.
    if (!known && !gone) this.#tell();
  }

  #forget(node: string) {
    this.#heard.delete(node);
    this.#presence.setElsewhere(node, [], 0);
  }
}
