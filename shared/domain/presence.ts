import type { Presence, PresenceChange } from '../protocol.ts';

/** Folds a presence change into the list, keeping it sorted by nick as the server sends it. */
export function mergePresence(presence: Presence, change: PresenceChange): Presence {
  const gone = new Set([...change.left, ...change.changed.map((entry) => entry.personId)]);
  const online = [...presence.online.filter((entry) => !gone.has(entry.personId)), ...change.changed];
  online.sort((a, b) => a.nick.localeCompare(b.nick));
  return { online, lurkers: change.lurkers };
}
