import type { BugdayClient } from './client.ts';

/**
 * One `T` for each page's client, made the first time it is asked for: state
 * that must outlast the component showing it, as an import outlasts the
 * Organize panel (its content goes when the panel closes; the import runs on).
 */
export function perClient<T>(make: (client: BugdayClient) => T): (client: BugdayClient) => T {
  const made = new WeakMap<BugdayClient, T>();
  return (client) => {
    let value = made.get(client);
    if (value === undefined) made.set(client, (value = make(client)));
    return value;
  };
}
