import type { IncomingMessage } from 'node:http';
import proxyAddr from 'proxy-addr';

/**
 * Which hops in front of bugday may say who the client is (`BUGDAY_TRUST_PROXY`),
 * as Express's `trust proxy` reads it: how many proxies there are, or the
 * addresses, ranges and names (`loopback`, `linklocal`, `uniquelocal`) of
 * the proxies.
 */
export type TrustProxy = number | string[];

/** Whether the hop `hop` steps from bugday, at `address`, is a proxy whose X-Forwarded-For is believed. */
export type TrustRule = (address: string, hop: number) => boolean;

/** Throws when an entry of the list is no address, range or name. */
export function trustRule(trust: TrustProxy | undefined): TrustRule {
  if (trust === undefined) return () => false;
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  return proxyAddr.compile(trust);
}

/**
 * Who sent a request: the peer itself, or, behind trusted proxies, the
 * address the last of them was connected from. X-Forwarded-For entries that a
 * client wrote itself stand before the ones trusted proxies added, so they
 * are never reached. Express reads `req.ip` by the same rule, from the same
 * package.
 */
export const clientAddress = (req: IncomingMessage, trust: TrustRule): string => proxyAddr(req, trust) || 'unknown';
