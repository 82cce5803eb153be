import type { Person, Presence } from '../../shared/protocol.ts';

export type Pickable = Person & { online: boolean };

/** People to pick from (to assign a card to, to pair with): who is online first, then by nick. */
export function onlineFirst(people: Person[], presence: Presence): Pickable[] {
  const online = new Set(presence.online.map((entry) => entry.personId));
  return people
    .map((person) => ({ ...person, online: online.has(person.id) }))
    .sort((a, b) => Number(b.online) - Number(a.online) || a.nick.localeCompare(b.nick));
}
