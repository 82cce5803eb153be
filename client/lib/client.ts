import type {
  Ack,
  BoardState,
  CommandName,
  CommandPayloads,
  CommandResult,
  GithubImport,
  ImportCounts,
  ImportProgress,
  IrcStatus,
  EventStats,
  IssueHistory,
  JoinPayload,
  JoinResult,
  Person,
  Presence,
} from '../../shared/protocol.ts';
import type { ActivityLine } from './activity.ts';

export type Status = 'connecting' | 'online' | 'offline';

/** What a person tells on joining; the connection adds the commandId. */
export type JoinDetails = Omit<JoinPayload, 'commandId'>;

/**
 * What components may see of the connection. They take this, not the class,
 * so component tests can hand them a small fake built on the real `apply`.
 */
export interface BugdayClient {
  readonly board: BoardState;
  readonly presence: Presence;
  /** How the server's IRC bridge is doing; undefined when it bridges no channel. */
  readonly irc: IrcStatus | undefined;
  readonly status: Status;
  readonly me: Person | undefined;
  /** Recent claims, releases, moves and help flags, oldest first, bounded. */
  readonly activity: readonly ActivityLine[];
  /**
   * What the page's polite live region says of the live activity: the first change at once, then
   * what came meanwhile summarised, at most once a second (see announcer.ts).
   */
  readonly announcement: string;
  /**
   * True once a first board is folded in, from the page or the socket. Whether
   * this page has joined (`me`) is settled only when, besides, `status` is
   * online: the server has then taken or turned away the saved token.
   */
  readonly synced: boolean;
  /** Whether the server holds chat older than `board.chat` starts with. */
  readonly olderChat: boolean;
  /** Fetch the page of chat before the oldest message held. */
  loadEarlierChat(): Promise<void>;
  /** What happened to one issue (oldest first) and the chat lines that name it, for its detail panel. */
  issueHistory(issueId: string): Promise<Ack<IssueHistory>>;
  /** The event at a glance, as the server folds it from the whole log: for the Stats view. */
  stats(): Promise<Ack<EventStats>>;
  /** Something about this session a person must read, e.g. that an organizer removed them. */
  readonly notice: string;
  /** Join with a nick; `key` (the organizer key or the mentor code) joins with that role. */
  join(details: JoinDetails): Promise<Ack<JoinResult>>;
  /** Take the role the organizer key or the mentor code gives, after joining. */
  elevate(key: string): Promise<Ack<CommandResult>>;
  send<N extends CommandName>(name: N, payload: CommandPayloads[N]): Promise<Ack<CommandResult>>;
  /** Organizers: the server reads a repository's issues from GitHub onto the board, telling `onProgress` how far it has got; answered when done, which may take minutes. */
  importGithub(payload: GithubImport, onProgress: (progress: ImportProgress) => void): Promise<Ack<ImportCounts>>;
}
