import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Role } from '../shared/protocol.ts';

/** What the server keeps to itself: never in an event, never sent to anyone but an organizer who asks. */
export interface SecretsRecord {
  /**
   * Names this event log, made with it on the first start. Not secret: every
   * page gets it with `sync`, so a page can tell this log from another that
   * reached the same seq (the data was reset, or restored from an old copy).
   */
  logId?: string;
  /** sha256 of the organizer key, base64url; the key itself is shown once and not kept. */
  organizerKeyHash?: string;
  /** Organizers must be able to read it out to mentors, so it is kept as it is. */
  mentorCode?: string;
  /** Signs the codes registrations are answered with, so a code claims its registration without any being stored. */
  registrationKey?: string;
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Equal-length digests compared in constant time: how long it takes says nothing about the secret. */
const sameSecret = (typed: string, digestOfSecret: Buffer) => timingSafeEqual(digest(typed), digestOfSecret);

export const newOrganizerKey = () => randomBytes(24).toString('base64url');
export const newLogId = () => randomBytes(9).toString('base64url');
export const newRegistrationKey = () => randomBytes(32).toString('base64url');

/** Short enough to read aloud at a venue: three groups of four letters and digits, no look-alikes. */
export function newMentorCode(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(12);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]);
  return [chars.slice(0, 4), chars.slice(4, 8), chars.slice(8, 12)].map((g) => g.join('')).join('-');
}

export const hashOrganizerKey = (key: string) => digest(key).toString('base64url');

export class Secrets {
  #organizerKeyDigest: Buffer | undefined;
  #mentorCode: string | undefined;
  #logId: string | undefined;
  #registrationKey: string | undefined;

  /** `organizerKey` from the environment wins over a stored hash. */
  constructor(stored: SecretsRecord, organizerKey?: string) {
    if (organizerKey) this.#organizerKeyDigest = digest(organizerKey);
    else if (stored.organizerKeyHash) this.#organizerKeyDigest = Buffer.from(stored.organizerKeyHash, 'base64url');
    this.#mentorCode = stored.mentorCode;
    this.#logId = stored.logId;
    this.#registrationKey = stored.registrationKey;
  }

  get hasRegistrationKey(): boolean {
    return this.#registrationKey !== undefined;
  }

  /** The code that claims registration `id` in a join: the id and its signature. */
  registrationCode(id: string): string {
    return `${id}.${this.#sign(id)}`;
  }

  /** The registration a code claims, or undefined for a code this server did not sign. */
  registrationFor(code: string): string | undefined {
    const dot = code.lastIndexOf('.');
    const id = code.slice(0, dot);
    if (dot <= 0 || !/^r\d+$/.test(id)) return undefined;
    return sameSecret(code.slice(dot + 1), digest(this.#sign(id))) ? id : undefined;
  }

  #sign(id: string): string {
    return createHmac('sha256', this.#registrationKey!).update(id).digest('base64url').slice(0, 22);
  }

  get logId(): string | undefined {
    return this.#logId;
  }

  get mentorCode(): string | undefined {
    return this.#mentorCode;
  }

  get hasOrganizerKey(): boolean {
    return this.#organizerKeyDigest !== undefined;
  }

  update(record: SecretsRecord) {
    if (record.organizerKeyHash) this.#organizerKeyDigest = Buffer.from(record.organizerKeyHash, 'base64url');
    if (record.mentorCode) this.#mentorCode = record.mentorCode;
    if (record.logId) this.#logId = record.logId;
    if (record.registrationKey) this.#registrationKey = record.registrationKey;
  }

  /** The role a typed key grants: organizer for the organizer key, mentor for the mentor code. */
  roleFor(key: string): Role | undefined {
    if (this.#organizerKeyDigest && sameSecret(key, this.#organizerKeyDigest)) return 'organizer';
    if (this.#mentorCode && sameSecret(key.trim().toLowerCase(), digest(this.#mentorCode))) return 'mentor';
    return undefined;
  }
}
