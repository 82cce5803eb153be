/**
 * Makes docs/screenshot-desktop.png and docs/screenshot-phone.png from a real
 * server with a small, plausible bug day on it. Run after `npx vite build`:
 *   node --import tsx tests/e2e/screenshots.ts
 * With SHOTS_DARK=1 it writes dark-scheme variants (phone on the Chat tab) to
 * /tmp instead, for checking the other colour scheme by eye.
 */
import { mkdirSync } from 'node:fs';
import { io, type Socket } from 'socket.io-client';
import type { Ack, ClientToServerEvents, CommandName, CommandPayloads, JoinResult, ServerToClientEvents } from '../../shared/protocol.ts';
import { launch, TestServer } from './harness.ts';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

async function person(url: string, nick: string, venue?: string): Promise<{ socket: Client; joined: JoinResult }> {
  const socket: Client = io(url, { transports: ['websocket'] });
  const answer = await socket.emitWithAck('session:join', venue ? { nick, venue } : { nick });
  if (!answer.ok) throw new Error(answer.error.message);
  return { socket, joined: answer.data };
}

async function send<N extends CommandName>(socket: Client, name: N, payload: CommandPayloads[N]) {
  const emit = socket.emitWithAck as (name: N, payload: unknown) => Promise<Ack<{ seq: number }>>;
  const answer = await emit.call(socket, name, payload);
  if (!answer.ok) throw new Error(`${name}: ${answer.error.message}`);
  return answer.data.seq;
}

const server = new TestServer();
await server.start();
const ana = await person(server.url, 'ana', 'remote');
const bob = await person(server.url, 'bob', 'Berlin office');
const cy = await person(server.url, 'cy', 'Lyon');
const issues: CommandPayloads['issue:create'][] = [
  { title: 'Crash when saving a file with an emoji name', number: 48213, url: 'https://bugs.example.org/48213', labels: ['crash', 'unicode'] },
  { title: 'Dark theme for the settings dialog', number: 48240, type: 'feature', labels: ['ui'] },
  { title: 'Typo in the contributing guide', number: 48251, type: 'docs', labels: ['easy'] },
  { title: 'Search ignores accents', number: 48302, url: 'https://bugs.example.org/48302', labels: ['i18n'] },
  { title: 'Flaky test in the sync module', number: 48310, labels: ['tests'] },
  { title: 'Keyboard shortcut conflicts on AZERTY layouts', number: 48333, labels: ['a11y', 'easy'] },
];
for (const issue of issues) await send(ana.socket, 'issue:create', issue);
// Issue ids come from the seq of their creating event; read them back from a sync.
const sync = await ana.socket.emitWithAck('session:sync', { lastSeq: 0 });
if (!sync.ok || !('events' in sync.data)) throw new Error('could not read the board back');
const ids = new Map(sync.data.events.flatMap((event) => (event.type === 'issue.created' && event.issue.number ? [[event.issue.number, event.issue.id] as const] : [])));
const issue = (number: number) => ids.get(number)!;

await send(ana.socket, 'chat:send', { text: 'Morning all! The board is up, grab anything in Open.' });
await send(bob.socket, 'issue:claim', { issueId: issue(48213) });
await send(bob.socket, 'chat:send', { text: "I'm on #48213, the stack trace is in https://bugs.example.org/48213" });
await send(cy.socket, 'issue:claim', { issueId: issue(48251) });
await send(cy.socket, 'issue:move', { issueId: issue(48251), column: 'review' });
await send(cy.socket, 'chat:send', { text: 'Fix for #48251 is up for review, anyone?' });
await send(ana.socket, 'issue:claim', { issueId: issue(48302) });
await send(ana.socket, 'help:raise', { note: 'Where do the collation tables live?', issueId: issue(48302) });
await send(bob.socket, 'chat:send', { text: 'ana: look in src/text/collate — I can show you after lunch.' });
for (const { socket } of [bob, cy]) socket.close();

const browser = await launch();
mkdirSync('docs', { recursive: true });
const shots = process.env.SHOTS_DARK
  ? [
      { file: '/tmp/dark-desktop.png', viewport: { width: 1440, height: 900 } },
      { file: '/tmp/dark-phone.png', viewport: { width: 390, height: 844 } },
    ]
  : [
      { file: 'docs/screenshot-desktop.png', viewport: { width: 1440, height: 900 } },
      { file: 'docs/screenshot-phone.png', viewport: { width: 390, height: 844 } },
    ];
for (const { file, viewport } of shots) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, colorScheme: process.env.SHOTS_DARK ? 'dark' : 'light' });
  const saved = JSON.stringify({ token: ana.joined.token, personId: ana.joined.person.id });
  await context.addInitScript((value) => localStorage.setItem('bugday.session', value), saved);
  const page = await context.newPage();
  await page.goto(server.url);
  await page.getByText('You are ana').waitFor();
  await page.getByText(/^Claimed by bob/).waitFor();
  if (process.env.SHOTS_DARK && viewport.width < 500) await page.getByRole('tab', { name: 'Chat' }).click();
  await page.screenshot({ path: file });
  console.log(`wrote ${file}`);
  await context.close();
}
ana.socket.close();
await browser.close();
await server.dispose();
