import type {
  Ack,
  BoardState,
  CommandName,
  CommandPayloads,
  CommandResult,
  JoinResult,
  Person,
  Presence,
} from '../../shared/protocol.ts';
import type { ActivityLine } from './activity.ts';

export type Status = 'connecting' | 'online' | 'offline';

/**
 * What components may see of the connection. They take this, not the class,
 * so component tests can hand them a small fake built on the real `apply`.
 */
export interface BugdayClient {
  readonly board: BoardState;
  readonly presence: Presence;
  readonly status: Status;
  readonly me: Person | undefined;
  /** Recent claims, releases, moves and help flags, oldest first, bounded. */
  readonly activity: readonly ActivityLine[];
  /** The latest live activity, for the screen-reader live region. */
  readonly announcement: string;
  join(nick: string, venue?: string): Promise<Ack<JoinResult>>;
  send<N extends CommandName>(name: N, payload: CommandPayloads[N]): Promise<Ack<CommandResult>>;
}
