import type { DomainEvent, EventBody } from '../protocol.ts';
import type { Actor } from './decide.ts';

/**
 * Turns the bodies `decide` returned into log events: gapless seqs from
 * `firstSeq`, one time, and who did it. A join is the one event a lurker
 * causes; its actor is the person it creates.
 */
export function stamp(bodies: EventBody[], firstSeq: number, at: number, actor: Actor): DomainEvent[] {
  return bodies.map((body, index) => ({
    ...body,
    seq: firstSeq + index,
    at,
    actor: body.type === 'person.joined' ? body.person.id : (actor ?? ''),
  }));
}
