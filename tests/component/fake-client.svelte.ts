/**
 * A stand-in for the connection: the same public surface, its board folded
 * with the real shared `apply`, and a `send` that records commands and answers
 * what the test says. Only the socket is missing.
 */
import { apply, emptyState, issueHistory, StatsFold } from '../../shared/domain/index.ts';
import type {
  Ack,
  BoardState,
  ChatMessage,
  CommandName,
  CommandPayloads,
  CommandResult,
  DomainEvent,
  EventBody,
  GithubImport,
  ImportCounts,
  ImportProgress,
  EventStats,
  IssueHistory,
  JoinResult,
  IrcStatus,
  Presence,
} from '../../shared/protocol.ts';
import { describe, type ActivityLine } from '../../client/lib/activity.ts';
import { AnnouncementQueue } from '../../client/lib/announcer.ts';
import type { BugdayClient, JoinDetails, Status } from '../../client/lib/client.ts';

/** Two hours ago, so every fixture event lies in the past and durations read naturally. */
const T0 = Date.now() - 2 * 3_600_000;

type Sent = { name: CommandName; payload: unknown };

export class FakeClient implements BugdayClient {
  board: BoardState = $state(emptyState());
  presence: Presence = $state({ online: [], lurkers: 0 });
  irc: IrcStatus | undefined = $state();
  status: Status = $state('online');
  personId: string | null = $state(null);
  activity: ActivityLine[] = $state([]);
  announcement = $state('');
  /**
   * The connection's queue without its pace: each `happen` is a batch, as the connection's are,
   * and is heard at once (the pace has a unit test of its own).
   */
  readonly #announcements = new AnnouncementQueue((text) => (this.announcement = text), { paceMs: 0 });
  synced = $state(true);
  olderChat = $state(false);
  /** What the server would still have before the chat this page holds, oldest first. */
  earlierChat: ChatMessage[] = [];
  notice = $state('');
  me = $derived(this.personId ? this.board.people[this.personId] : undefined);

  sent: Sent[] = [];
  joins: JoinDetails[] = [];
  elevations: string[] = [];
  elevateAnswer: Ack<CommandResult> = { ok: true, data: { seq: 0 } };
  /** What the next commands are answered; accepted by default. */
  answer: Ack<CommandResult> = { ok: true, data: { seq: 0 } };
  joinAnswer: Ack<JoinResult> | undefined;

  /** Every event folded so far, as the server's log would hold them. */
  log: DomainEvent[] = [];
  /** The issues asked about with issueHistory, in turn. */
  historyAsked: string[] = [];
  /** The GitHub imports asked for, each with the callback through which a test tells the page how far it has got. */
  githubImports: { payload: GithubImport; progress: (frame: ImportProgress) => void }[] = [];
  /** What the next GitHub import is answered, once `until` (if any) resolves. */
  githubImport: { until?: Promise<void>; answer: Ack<ImportCounts> } = {
    answer: { ok: true, data: { added: 0, updated: 0, closed: 0, unchanged: 0, skipped: 0 } },
  };
  /** How many times the stats were asked for. */
  statsAsked = 0;
  /** What stats() answers instead of the fold of the log, e.g. a refusal. */
  statsAnswer: Ack<EventStats> | undefined;

  /** Folds events as the server would have stamped them, each by `actor`, as one live batch. */
  happen(actor: string, ...bodies: EventBody[]) {
    const lines: ActivityLine[] = [];
    for (const body of bodies) {
      const event = { ...body, seq: this.board.seq + 1, at: T0 + this.board.seq * 60_000, actor } as DomainEvent;
      apply(this.board, event);
      this.log.push(event);
      const line = describe(this.board, event);
      if (line) lines.push(line);
    }
    this.activity.push(...lines);
    this.#announcements.add(lines);
  }

  person(id: string, nick: string, role: 'participant' | 'mentor' | 'organizer' = 'participant', venue?: string) {
    this.happen(id, { type: 'person.joined', person: { id, nick, role, joinedAt: T0, ...(venue ? { venue } : {}) } });
  }

  async send<N extends CommandName>(name: N, payload: CommandPayloads[N]): Promise<Ack<CommandResult>> {
    this.sent.push({ name, payload });
    return this.answer;
  }

  async importGithub(payload: GithubImport, onProgress: (progress: ImportProgress) => void): Promise<Ack<ImportCounts>> {
    this.githubImports.push({ payload, progress: onProgress });
    const { until, answer } = this.githubImport;
    await until;
    return answer;
  }

  /** Pages back through `earlierChat` as the server pages through its log. */
  async loadEarlierChat(): Promise<void> {
    const page = this.earlierChat.splice(-2, 2);
    this.board.chat.unshift(...page);
    this.olderChat = this.earlierChat.length > 0;
  }

  /** Answers from what was folded, with the same selection the server makes. */
  async issueHistory(issueId: string): Promise<Ack<IssueHistory>> {
    this.historyAsked.push(issueId);
    const found = issueHistory(this.board, this.log, issueId);
    return found ? { ok: true, data: found } : { ok: false, error: { code: 'not_found', message: 'That issue is not on the board.' } };
  }

  /** Folds the log as the server's stats fold does, from an empty board. */
  async stats(): Promise<Ack<EventStats>> {
    this.statsAsked += 1;
    if (this.statsAnswer) return this.statsAnswer;
    const fold = new StatsFold();
    const state = emptyState();
    for (const event of this.log) fold.add(event, apply(state, event));
    return { ok: true, data: fold.stats(state) };
  }

  async elevate(key: string): Promise<Ack<CommandResult>> {
    this.elevations.push(key);
    return this.elevateAnswer;
  }

  async join(details: JoinDetails): Promise<Ack<JoinResult>> {
    this.joins.push(details);
    return this.joinAnswer ?? { ok: false, error: { code: 'internal_error', message: 'not set up' } };
  }
}

/** A board with ana (me, unless told otherwise), bob, and three issues. */
export function seeded(options: { me?: string | null } = {}): FakeClient {
  const client = new FakeClient();
  client.person('p1', 'ana', 'participant', 'remote');
  client.person('p2', 'bob', 'mentor');
  client.happen(
    'p1',
    { type: 'issue.created', issue: { id: 'i1', number: 101, title: 'Crash on save', url: 'https://bugs.example.org/101', type: 'bug', labels: ['easy'] } },
    { type: 'issue.created', issue: { id: 'i2', number: 102, title: 'Dark theme', type: 'feature', labels: [] } },
    { type: 'issue.created', issue: { id: 'i3', title: 'Typo in docs', type: 'docs', labels: [] } },
  );
  client.personId = options.me === undefined ? 'p1' : options.me;
  return client;
}
