import { setTimeout as pause } from 'node:timers/promises';
import type { DomainEvent } from '../../../shared/protocol.ts';
import type { ChildServer } from './child-server.ts';
import { TestClient } from './client.ts';

/** The real client's first backoff after storage_unavailable is about this. */
const RETRY_MS = 50;

interface Sent {
  commandId: string;
  text: string;
}

/**
 * A person who sends chat:send commands one after another, each with its own
 * commandId, and remembers what the server acknowledged. A command whose
 * answer never came (the server was killed) stays pending and is retried with
 * the same commandId on the next server, as the real client does. So does a
 * command refused as rate-limited: the writer stops for the life of this
 * server (a restarted server starts with full buckets) rather than wait.
 */
export class Writer {
  readonly nick: string;
  readonly token: string;
  /** commandId → what was sent and the seq the server answered with. */
  readonly acked = new Map<string, Sent & { seq: number }>();
  pending: Sent | undefined;
  /** How many times a command was refused as storage_unavailable and sent again. */
  refusedUnavailable = 0;
  #next = 1;

  private constructor(nick: string, token: string) {
    this.nick = nick;
    this.token = token;
  }

  static async join(url: string, nick: string): Promise<Writer> {
    const client = await TestClient.joined(url, nick);
    client.close();
    return new Writer(nick, client.token!);
  }

  /** Sends until the server goes away or limits the writer, calling `onAck` after each acknowledgement. */
  async writeUntilGone(url: string, onAck: () => void): Promise<void> {
    let client: TestClient;
    try {
      client = await TestClient.connect(url, { token: this.token });
    } catch {
      return; // killed before this writer got in
    }
    try {
      while (client.socket.connected && (await this.#sendOne(client)) === 'acked') onAck();
    } finally {
      client.close();
    }
  }

  /** Retries the pending command, if any, on a server that stays up. */
  async settle(url: string): Promise<void> {
    if (!this.pending) return;
    const client = await TestClient.connect(url, { token: this.token });
    try {
      const outcome = await this.#sendOne(client);
      if (outcome !== 'acked') throw new Error(`${this.nick}'s retry was ${outcome}`);
    } finally {
      client.close();
    }
  }

  /**
   * Sends `count` commands to a server that stays up while its storage may
   * not: one refused as storage_unavailable is sent again with its
   * commandId after a short backoff, as the real client does, until acknowledged.
   */
  async writeThrough(url: string, count: number, onAck: () => void = () => undefined): Promise<void> {
    const client = await TestClient.connect(url, { token: this.token });
    try {
      for (let acked = 0; acked < count; ) {
        const outcome = await this.#sendOne(client);
        if (outcome === 'unavailable') {
          this.refusedUnavailable += 1;
          await pause(RETRY_MS);
        }
        else if (outcome !== 'acked') throw new Error(`${this.nick}'s command was ${outcome}`);
        else {
          acked += 1;
          onAck();
        }
      }
    } finally {
      client.close();
    }
  }

  async #sendOne(client: TestClient): Promise<'acked' | 'gone' | 'limited' | 'unavailable'> {
    const sent = (this.pending ??= { commandId: `${this.nick}-${this.#next}`, text: `${this.nick} says ${this.#next++}` });
    let answer;
    try {
      // With a timeout, Socket.IO rejects at once when the connection drops instead of waiting forever.
      answer = await client.socket.timeout(10_000).emitWithAck('chat:send', { text: sent.text, commandId: sent.commandId });
    } catch {
      return 'gone';
    }
    if (!answer.ok && answer.error.code === 'rate_limited') return 'limited';
    if (!answer.ok && answer.error.code === 'storage_unavailable') return 'unavailable';
    if (!answer.ok) throw new Error(`${this.nick}: ${sent.commandId} was refused: ${answer.error.message}`);
    this.acked.set(sent.commandId, { ...sent, seq: answer.data.seq });
    this.pending = undefined;
    return 'acked';
  }
}

/**
 * What is wrong with a stored log, given what the writers were told: a gap,
 * an event stored twice, an acknowledged event missing or not at the seq its
 * ack named, an event nobody sent. Empty when the log is right.
 */
export function problemsWith(events: DomainEvent[], writers: Writer[]): string[] {
  const problems: string[] = [];
  events.forEach((event, index) => {
    if (event.seq !== index + 1) problems.push(`event ${index + 1} has seq ${event.seq}`);
  });
  const seen = new Map<string, number>();
  for (const event of events) {
    if (event.type === 'chat.sent') seen.set(event.text, (seen.get(event.text) ?? 0) + 1);
  }
  for (const [text, count] of seen) if (count > 1) problems.push(`"${text}" is stored ${count} times`);
  const sent = new Set<string>();
  for (const writer of writers) {
    for (const { text, seq } of writer.acked.values()) {
      sent.add(text);
      const event = events[seq - 1];
      if (event?.type !== 'chat.sent' || event.text !== text) problems.push(`"${text}" was acknowledged as ${seq} but is not there`);
    }
    if (writer.pending) sent.add(writer.pending.text);
  }
  for (const text of seen.keys()) if (!sent.has(text)) problems.push(`"${text}" was never sent`);
  return problems;
}

/**
 * One round of chaos: every writer writes until the server is gone, and the
 * server is SIGKILLed after a random number of acknowledgements (1–40),
 * counted across all writers so the others are mid-command when it lands.
 * Resolves with how many acks came before the kill.
 */
export async function killAfterRandomAcks(server: ChildServer, writers: Writer[]): Promise<number> {
  const target = 1 + Math.floor(Math.random() * 40);
  let acks = 0;
  let killed: Promise<unknown> | undefined;
  await Promise.all(
    writers.map((writer) =>
      writer.writeUntilGone(server.url, () => {
        acks += 1;
        if (acks >= target) killed ??= server.stop('SIGKILL');
      }),
    ),
  );
  // Every writer may have been rate-limited before the target: then the kill lands on a quiet server.
  await (killed ?? server.stop('SIGKILL'));
  return acks;
}
