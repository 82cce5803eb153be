/**
 * Which roles may send which commands at all. Ownership rules (only the
 * claimant releases unless a mentor does, only the asker cancels) live in the
 * deciders; this table is the first gate, shared by decide and by the
 * client's controls.
 */
import type { CommandName, Role } from '../protocol.ts';

/** `null` is a lurker: a connection that has not joined. */
export type Viewer = Role | null;

const EVERYONE: readonly Role[] = ['participant', 'mentor', 'organizer'];
const MENTORS: readonly Role[] = ['mentor', 'organizer'];
const ORGANIZERS: readonly Role[] = ['organizer'];

export const PERMISSIONS: Record<CommandName, readonly Role[]> = {
  'chat:send': EVERYONE,
  'issue:create': EVERYONE,
  'issue:claim': EVERYONE,
  'issue:release': EVERYONE,
  'issue:move': EVERYONE,
  'issue:patch': EVERYONE,
  'issue:report': EVERYONE,
  'issue:extend': EVERYONE,
  'issue:pair': EVERYONE,
  'issue:unpair': EVERYONE,
  'issue:check': EVERYONE,
  'issue:ask-commit': EVERYONE,
  'help:raise': EVERYONE,
  'help:cancel': EVERYONE,
  'help:take': MENTORS,
  'help:resolve': MENTORS,
  'help:return': MENTORS,
  'help:hold': MENTORS,
  'help:reply': EVERYONE,
  'help:share': EVERYONE,
  'person:listed': EVERYONE,
  'issue:assign': MENTORS,
  'issue:import': ORGANIZERS,
  'issue:sync': ORGANIZERS,
  'chat:remove': ORGANIZERS,
  'person:role': ORGANIZERS,
  'person:mute': ORGANIZERS,
  'person:remove': ORGANIZERS,
  // Lurkers only, before they join: decided ahead of the role gates (see decide), so no role is listed.
  'person:register': [],
  'event:update': ORGANIZERS,
  'event:close': ORGANIZERS,
  'event:reopen': ORGANIZERS,
  'mentorCode:show': ORGANIZERS,
  'mentorCode:rotate': ORGANIZERS,
};

export function can(viewer: Viewer, command: CommandName): boolean {
  return viewer !== null && PERMISSIONS[command].includes(viewer);
}
