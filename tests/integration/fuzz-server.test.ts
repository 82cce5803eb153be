import fc from 'fast-check';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { COMMAND_NAMES } from '../../shared/schemas.ts';
import { checkInvariants, damage } from '../fixtures/invariants.ts';
import { validPayloads } from '../fixtures/payloads.ts';
import { TestClient } from './helpers/client.ts';
import { startServer, type RunningServer } from './helpers/server.ts';

let server: RunningServer;
const clients: TestClient[] = [];

beforeEach(async () => {
  server = await startServer();
});

afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await server.stop();
});

it('hundreds of random and hostile payloads through real sockets: every one answered, the server intact', async () => {
  const people = await Promise.all(['ana', 'bo', 'cy'].map((nick) => TestClient.joined(server.url, nick)));
  const lurker = await TestClient.connect(server.url);
  clients.push(...people, lurker);
  await people[0]!.send('issue:create', { title: 'Target', number: 1 });

  const sends = fc.sample(
    fc.record({
      who: fc.nat(3),
      name: fc.oneof(fc.constantFrom(...COMMAND_NAMES), fc.constantFrom('session:join', 'session:sync', 'session:elevate', '__proto__', 'nope')),
      damage,
    }),
    { numRuns: 400, seed: 20261121 },
  );
  for (const { who, name, damage: hurt } of sends) {
    const sender = who === 3 ? lurker : people[who]!;
    const base = (validPayloads as Record<string, object>)[name] ?? {};
    // Anything fast-check makes must reach the server as something; functions cannot be sent.
    const payload = JSON.parse(JSON.stringify(hurt(base) ?? null) ?? 'null');
    const answer = await sender.send(name, payload);
    expect(typeof answer.ok).toBe('boolean');
  }

  checkInvariants(server.app.board.state);
  const fresh = await TestClient.connect(server.url);
  clients.push(fresh);
  const sync = fresh.syncs[0]!;
  expect('snapshot' in sync && sync.snapshot).toEqual(server.app.board.state);
});
