/**
 * One load-generator process. It holds a share of the clients:
 * every client speaks Engine.IO v4 / Socket.IO v5 directly over `ws` (no
 * token: "40" connect; answer pings; acks by id) so that ten thousand of them
 * fit beside the server on two cores. They JSON.parse every `events` packet,
 * as a page would, but only count the bytes of `presence` packets (so the
 * cost of presence shows up at the server and on the wire, not in the
 * generator). Lurkers stay lurkers; participants `session:join` and then
 * claim, chat and release with acks.
 * Every client stamps each `events` arrival; latencies are computed later,
 * once the coordinator hands over the emit times of all workers.
 */
import WebSocket from 'ws';
import type { Ack, CommandResult, DomainEvent, JoinResult } from '../../shared/protocol.ts';
import { EMIT_KINDS, type CollectResult, type ConnectResult, type RunResult, type StatusResult, type WorkerReply, type WorkerRequest } from './ipc.ts';
import { Histogram, nowMs, sleep, withTimeout } from './stats.ts';

/** Arrivals beyond this many per collect are counted but not timed (memory bound). */
const MAX_TIMED_ARRIVALS = 15_000_000;
const CONNECT_BATCH = 100;
/**
 * bugday admits a bounded number of connections per address, as a real
 * deployment would see from distinct people. Clients spread over loopback
 * source addresses (all of 127.0.0.0/8 is loopback), this many per address.
 */
const CLIENTS_PER_ADDRESS = 100;
let workerIndex = 0;
let opened = 0;
const nextLocalAddress = () => {
  const slot = Math.floor(opened++ / CLIENTS_PER_ADDRESS);
  return `127.${10 + workerIndex}.${Math.floor(slot / 250)}.${(slot % 250) + 1}`;
};
const JOIN_BATCH = 10;
const ACK_TIMEOUT_MS = 10_000;

const lurkers: RawClient[] = [];
const participants: RawClient[] = [];
let closedUnexpectedly = 0;
let closing = false;

// Arrival log since the last collect: parallel arrays of seq and time.
let arrivalSeqs: number[] = [];
let arrivalTimes: number[] = [];
let arrivals = 0;
let firstArrival = Infinity;
let lastArrival = 0;
let presenceMessages = 0;
let presenceBytes = 0;
let presenceBytesFirstLurker = 0;

function recordEvents(events: DomainEvent[], at: number) {
  for (const event of events) {
    arrivals += 1;
    if (at < firstArrival) firstArrival = at;
    if (at > lastArrival) lastArrival = at;
    if (arrivalSeqs.length < MAX_TIMED_ARRIVALS) {
      arrivalSeqs.push(event.seq);
      arrivalTimes.push(at);
    }
  }
}

const EVENTS_PREFIX = Buffer.from('42["events",');
// The whole list ("presence") and its changes ("presence:changed") alike.
const PRESENCE_PREFIX = Buffer.from('42["presence');

/**
 * A minimal Socket.IO client: Engine.IO v4 over a WebSocket, namespace "/",
 * text packets only. "42[...]" is an event, "42<id>[...]" an event that wants
 * an ack, "43<id>[...]" an ack; "2" is a ping to answer with "3".
 */
class RawClient {
  readonly ws: WebSocket;
  lastSeq = 0;
  connected = false;
  /** When the "40" connect answer came, and when the first sync did (nowMs). */
  acceptedAt = 0;
  syncedAt = 0;
  readonly #acks = new Map<number, (value: unknown) => void>();
  #nextAck = 0;
  #seqWaiters: Array<{ seq: number; resolve: () => void }> = [];

  constructor(ws: WebSocket) {
    this.ws = ws;
  }

  /** Sends an event with an ack id; resolves with the ack's first argument. */
  emitWithAck(name: string, payload: unknown, timeoutMs = ACK_TIMEOUT_MS): Promise<unknown> {
    const id = this.#nextAck++;
    const answer = new Promise<unknown>((resolve) => this.#acks.set(id, resolve));
    this.ws.send(`42${id}${JSON.stringify([name, payload])}`);
    return withTimeout(answer, timeoutMs, `ack for ${name}`).finally(() => this.#acks.delete(id));
  }

  waitForSeq(seq: number, timeoutMs: number): Promise<void> {
    if (this.lastSeq >= seq) return Promise.resolve();
    return withTimeout(new Promise<void>((resolve) => this.#seqWaiters.push({ seq, resolve })), timeoutMs, 'own event echo');
  }

  onEvents(events: DomainEvent[]) {
    const last = events.at(-1);
    if (last && last.seq > this.lastSeq) this.lastSeq = last.seq;
    if (this.#seqWaiters.length === 0) return;
    this.#seqWaiters = this.#seqWaiters.filter((waiter) => {
      if (waiter.seq > this.lastSeq) return true;
      waiter.resolve();
      return false;
    });
  }

  onAck(text: string) {
    const bracket = text.indexOf('[');
    const id = Number(text.slice(2, bracket));
    const [value] = JSON.parse(text.slice(bracket)) as [unknown];
    this.#acks.get(id)?.(value);
  }
}

/** Woken on every sync, for a connect that waits until all its pages have theirs. */
const syncWaiters = new Set<() => void>();

function openClient(url: string, timeoutMs: number, countPresence: boolean, auth?: Record<string, unknown>): Promise<RawClient> {
  const wsUrl = `${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(wsUrl, { perMessageDeflate: false, localAddress: nextLocalAddress() });
    const client = new RawClient(ws);
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error('connect timed out'));
    }, timeoutMs);
    ws.on('message', (data: Buffer) => {
      const at = nowMs();
      if (data[0] === 0x34 && data[1] === 0x32) {
        // "42": a Socket.IO event packet.
        if (data.subarray(0, EVENTS_PREFIX.length).equals(EVENTS_PREFIX)) {
          const [, events] = JSON.parse(data.toString('utf8', 2)) as [string, DomainEvent[]];
          recordEvents(events, at);
          client.onEvents(events);
        } else if (data.subarray(0, PRESENCE_PREFIX.length).equals(PRESENCE_PREFIX)) {
          presenceMessages += 1;
          presenceBytes += data.length;
          if (countPresence) presenceBytesFirstLurker += data.length;
        } else if (data.toString('latin1', 0, 9) === '42["sync"') {
          // Only the seq, which comes first: parsing a whole board per page would make the generator the bottleneck.
          const seq = Number(/^42\["sync",\{"seq":(\d+)/.exec(data.toString('latin1', 0, 40))?.[1] ?? NaN);
          if (seq > client.lastSeq) client.lastSeq = seq;
          client.syncedAt ||= at;
          syncWaiters.forEach((wake) => wake());
        }
        return;
      }
      if (data[0] === 0x34 && data[1] === 0x33) return client.onAck(data.toString('utf8'));
      const text = data.toString('latin1', 0, Math.min(data.length, 2));
      if (text === '2') ws.send('3'); // Engine.IO ping → pong
      else if (text[0] === '0') ws.send(auth ? `40${JSON.stringify(auth)}` : '40'); // open → connect to "/": a lurker
      else if (text === '40') {
        client.connected = true;
        client.acceptedAt = at;
        clearTimeout(timer);
        resolve(client);
      } else if (text === '44') {
        clearTimeout(timer);
        reject(new Error(`refused: ${data.toString('utf8', 2, 200)}`));
      }
    });
    ws.on('error', (error) => {
      if (!client.connected) {
        clearTimeout(timer);
        reject(error);
      }
    });
    ws.on('close', () => {
      if (client.connected && !closing) closedUnexpectedly += 1;
      client.connected = false;
    });
  });
}

async function openParticipant(url: string, nick: string, timeoutMs: number): Promise<RawClient> {
  const client = await openClient(url, timeoutMs, false);
  const answer = (await client.emitWithAck('session:join', { nick }, timeoutMs)) as Ack<JoinResult>;
  if (!answer.ok) throw new Error(`join refused: ${answer.error.message}`);
  return client;
}

async function connect(request: Extract<WorkerRequest, { kind: 'connect' }>): Promise<ConnectResult> {
  const started = performance.now();
  workerIndex = request.workerIndex;
  let failures = 0;
  let firstError: string | undefined;
  const fail = (error: unknown) => {
    failures += 1;
    firstError ??= (error as Error).message;
  };
  const deadline = started + request.timeoutMs;
  const startCount = participants.length;
  for (let i = 0; i < request.participants && performance.now() < deadline; i += JOIN_BATCH) {
    const batch = Array.from({ length: Math.min(JOIN_BATCH, request.participants - i) }, (_, k) =>
      openParticipant(request.url, `${request.nickPrefix}p${startCount + i + k}`, ACK_TIMEOUT_MS * 3).then(
        (p) => void participants.push(p),
        fail,
      ),
    );
    await Promise.all(batch);
  }
  const opened: RawClient[] = [];
  for (let i = 0; i < request.lurkers && performance.now() < deadline; i += CONNECT_BATCH) {
    const batch = Array.from({ length: Math.min(CONNECT_BATCH, request.lurkers - i) }, (_, k) =>
      openClient(request.url, 30_000, lurkers.length === 0 && i + k === 0, request.auth).then((c) => {
        lurkers.push(c);
        opened.push(c);
      }, fail),
    );
    await Promise.all(batch);
  }
  const ms = performance.now() - started;
  const acceptedAt = Math.max(0, ...opened.map((c) => c.acceptedAt));
  await untilSynced(opened, Math.max(1_000, deadline - performance.now())).catch(fail);
  return {
    lurkers: lurkers.length,
    participants: participants.length,
    failures,
    ...(firstError ? { firstError } : {}),
    ms,
    acceptedAt,
    syncedAt: Math.max(0, ...opened.map((c) => c.syncedAt)),
    unsynced: opened.filter((c) => !c.syncedAt).length,
  };
}

function untilSynced(clients: RawClient[], timeoutMs: number): Promise<void> {
  const done = () => clients.every((c) => c.syncedAt > 0 || !c.connected);
  if (done()) return Promise.resolve();
  let wake = () => {};
  const synced = new Promise<void>((resolve) => {
    wake = () => {
      if (done()) resolve();
    };
    syncWaiters.add(wake);
  });
  return withTimeout(synced, timeoutMs, 'every sync').finally(() => syncWaiters.delete(wake));
}

/** Closes every lurker, keeping the participants: the next storm starts from no pages. */
async function dropLurkers(): Promise<StatusResult> {
  for (const client of lurkers.splice(0)) {
    client.connected = false;
    client.ws.terminate();
  }
  return status();
}

/**
 * Every phase starts with nothing held: what a participant still holds when its phase ends
 * (a round cut short) is released, outside the measurement.
 */
async function letGo(participant: RawClient, issueId: string, holding: boolean) {
  if (holding) await participant.emitWithAck('issue:release', { issueId }).catch(() => undefined);
}

/** A steady participant's round: claim, say something, release, say something. */
const STEADY_ROUND = ['claim', 'chat', 'release', 'chat'] as const;

async function run(request: Extract<WorkerRequest, { kind: 'run' }>): Promise<RunResult> {
  const acks = new Histogram();
  const emits: Array<[number, number, number]> = [];
  let sent = 0;
  let refused = 0;
  let failed = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const end = started + request.durationMs;
  const interval = 1000 / request.ratePerParticipant;

  /** One command and its answer; resolves with its seq when it was stored. */
  const send = async (participant: RawClient, kind: (typeof EMIT_KINDS)[number], issueId: string): Promise<number | undefined> => {
    const emittedAt = nowMs();
    const t0 = performance.now();
    sent += 1;
    let answer: Ack<CommandResult>;
    try {
      answer = (await (kind === 'chat'
        ? participant.emitWithAck('chat:send', { text: `bench ${emittedAt.toFixed(3)}` })
        : participant.emitWithAck(kind === 'claim' ? 'issue:claim' : 'issue:release', { issueId }))) as Ack<CommandResult>;
    } catch (error) {
      failed += 1;
      firstError ??= (error as Error).message;
      return undefined;
    }
    acks.record(performance.now() - t0);
    if (!answer.ok) {
      refused += 1;
      firstError ??= answer.error.message;
      return undefined;
    }
    emits.push([answer.data.seq, emittedAt, EMIT_KINDS.indexOf(kind)]);
    return answer.data.seq;
  };

  /**
   * Open loop: each participant sends on its own schedule whatever the server
   * has answered, as people do; a server that answers late gets no less to do.
   */
  const steady = async (participant: RawClient, issueId: string, index: number) => {
    const answers: Array<Promise<unknown>> = [];
    let holding = false;
    let next = started + ((index + Math.random()) / request.issueIds.length) * interval;
    // A send due after the phase ends is not sent: a timer that wakes a little early must not
    // turn the ones due later into a burst at the very end.
    for (let step = 0; next < end; step += 1, next += interval) {
      const wait = next - performance.now();
      if (wait > 0) await sleep(wait);
      const kind = STEADY_ROUND[step % STEADY_ROUND.length]!;
      answers.push(
        send(participant, kind, issueId).then((seq) => {
          if (seq !== undefined && kind !== 'chat') holding = kind === 'claim';
        }),
      );
    }
    await Promise.all(answers);
    await letGo(participant, issueId, holding);
  };

  /** Closed loop on purpose: the next claim or release goes once this one has come back as an event. */
  const echo = async (participant: RawClient, issueId: string) => {
    let holding = false;
    while (performance.now() < end) {
      // Echo mode leaves chat out: its per-person rate limit would cap the senders, not the fan-out.
      const seq = await send(participant, holding ? 'release' : 'claim', issueId);
      if (seq === undefined) continue;
      holding = !holding;
      await participant.waitForSeq(seq, ACK_TIMEOUT_MS).catch((error: Error) => {
        failed += 1;
        firstError ??= error.message;
      });
    }
    await letGo(participant, issueId, holding);
  };

  const active = request.issueIds.slice(0, participants.length);
  await Promise.all(active.map((issueId, index) => (request.mode === 'steady' ? steady(participants[index]!, issueId, index) : echo(participants[index]!, issueId))));
  return { emits, acks: acks.toJSON(), sent, refused, failed, ...(firstError ? { firstError } : {}) };
}

function collect(request: Extract<WorkerRequest, { kind: 'collect' }>): CollectResult {
  const emitted = new Map(request.emitTimes);
  const deliveries = new Histogram();
  const perSeq = new Map<number, [number, number]>();
  for (let i = 0; i < arrivalSeqs.length; i += 1) {
    const seq = arrivalSeqs[i]!;
    const sentAt = emitted.get(seq);
    if (sentAt === undefined) continue;
    const at = arrivalTimes[i]!;
    deliveries.record(at - sentAt);
    const known = perSeq.get(seq);
    if (!known) perSeq.set(seq, [at, 1]);
    else {
      if (at > known[0]) known[0] = at;
      known[1] += 1;
    }
  }
  const result: CollectResult = {
    deliveries: deliveries.toJSON(),
    perSeq: [...perSeq].map(([seq, [last, count]]) => [seq, last, count]),
    arrivals,
    firstArrival: Number.isFinite(firstArrival) ? firstArrival : 0,
    lastArrival,
    presenceMessages,
    presenceBytes,
    presenceBytesPerLurker: presenceBytesFirstLurker,
  };
  arrivalSeqs = [];
  arrivalTimes = [];
  arrivals = 0;
  firstArrival = Infinity;
  lastArrival = 0;
  presenceMessages = 0;
  presenceBytes = 0;
  presenceBytesFirstLurker = 0;
  return result;
}

function status(): StatusResult {
  const open = [...lurkers, ...participants].filter((client) => client.connected).length;
  return { open, closedUnexpectedly };
}

async function close() {
  closing = true;
  for (const client of [...lurkers, ...participants]) client.ws.terminate();
  await sleep(50);
}

async function handle(request: WorkerRequest): Promise<unknown> {
  switch (request.kind) {
    case 'connect':
      return connect(request);
    case 'run':
      return run(request);
    case 'collect':
      return collect(request);
    case 'status':
      return status();
    case 'dropLurkers':
      return dropLurkers();
    case 'close':
      await close();
      setTimeout(() => process.exit(0), 20);
      return { closed: true };
  }
}

process.on('message', (message: { id: number; request: WorkerRequest }) => {
  handle(message.request).then(
    (value) => process.send!({ id: message.id, ok: true, value } satisfies WorkerReply),
    (error: unknown) => process.send!({ id: message.id, ok: false, error: String((error as Error)?.stack ?? error) } satisfies WorkerReply),
  );
});
// If the coordinator dies, so do we: no generator outlives its bench.
process.on('disconnect', () => process.exit(0));
