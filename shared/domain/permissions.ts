/**
 * Which roles may send which commands at all. Ownership rules (only the
 * claimant releases, only the asker cancels) live in decide; this table is the
 * first gate, shared by the server's decide and the client's controls.
 */
import type { CommandName, Role } from '../protocol.ts';

/** `null` is a lurker: a connection that has not joined. */
export type Viewer = Role | null;

const EVERYONE_JOINED: readonly Role[] = ['participant', 'mentor', 'organizer'];

export const PERMISSIONS: Record<CommandName, readonly Role[]> = {
  'chat:send': EVERYONE_JOINED,
  'issue:create': EVERYONE_JOINED,
  'issue:claim': EVERYONE_JOINED,
  'issue:release': EVERYONE_JOINED,
  'issue:move': EVERYONE_JOINED,
  'help:raise': EVERYONE_JOINED,
  'help:take': EVERYONE_JOINED,
  'help:resolve': EVERYONE_JOINED,
  'help:cancel': EVERYONE_JOINED,
};

export function can(viewer: Viewer, command: CommandName): boolean {
  return viewer !== null && PERMISSIONS[command].includes(viewer);
}
