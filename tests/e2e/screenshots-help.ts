/**
 * Screenshots of the help queue from both sides, desktop and phone, on a bug day in full swing
 * with several flags: one taken, one held, a first-timer's, a thread; and the organizer's help
 * numbers. Run after `npx vite build`:
 *   node --import tsx tests/e2e/screenshots-help.ts
 * Writes to /tmp/bugday-shots/ for looking at.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { bugDay, FIRST_NUMBER, ORGANIZER_KEY } from './bug-day.ts';
import { launch, openAs, socketPerson, TestServer } from './harness.ts';
import type { JoinResult } from '../../shared/protocol.ts';

const OUT = '/tmp/bugday-shots';
mkdirSync(OUT, { recursive: true });

const server = new TestServer({ organizerKey: ORGANIZER_KEY });
await server.start();
const day = await bugDay(server);
const { ana, bob, mira } = day.people;
const fay = await socketPerson(server.url, { nick: 'fay', venue: 'Lyon', firstTime: true });
const sync = await ana.socket.emitWithAck('session:sync', { lastSeq: 0 });
if (!sync.ok || !('events' in sync.data)) throw new Error('could not read the board back');
const raised = sync.data.events.find((event) => event.type === 'help.raised' && event.actor === ana.joined.person.id);
if (raised?.type !== 'help.raised') throw new Error('ana has no flag');
const anaFlag = raised.helpId;
await mira.send('help:reply', { helpId: anaFlag, text: 'The collation tables are generated: look at tools/gen_collate.py first.' });
await ana.send('help:reply', { helpId: anaFlag, text: 'Found it, thanks! Do I edit the generated file too?' });
const bobs = await bob.send('help:raise', { note: `#${FIRST_NUMBER} crashes only on macOS, can someone with a Mac check?`, issueId: day.issue(FIRST_NUMBER) });
await mira.send('help:hold', { helpId: `h${bobs.seq}`, minutes: 30, reason: 'back after the lightning talks' });
await fay.send('help:raise', { note: 'First time here: how do I build the project?' });

const browser = await launch();
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

async function shoot(joined: JoinResult, viewport: typeof DESKTOP, name: string, before: (page: Page) => Promise<void>) {
  const page = await openAs(browser, server.url, joined, viewport);
  await before(page);
  await page.screenshot({ path: `${OUT}/${name}.png` });
  console.log(`wrote ${OUT}/${name}.png`);
  await page.context().close();
}

/** The asker's own flag with its thread open and the estimate explained. */
async function asker(page: Page) {
  const mine = page.getByRole('listitem', { name: 'Help flag from ana' });
  await mine.getByText(/^Thread with ana/).click();
  await mine.getByText('Found it, thanks!', { exact: false }).waitFor();
  await mine.getByRole('button', { name: /^about/ }).focus();
  await mine.scrollIntoViewIfNeeded();
}

const helpTab = (then: (page: Page) => Promise<void>) => async (page: Page) => {
  await page.getByRole('tab', { name: /^Help/ }).click();
  await then(page);
};
const mentor = async (page: Page) => {
  await page.getByRole('listitem', { name: 'Help flag from fay' }).waitFor();
};

await shoot(ana.joined, DESKTOP, 'help-newcomer-desktop', asker);
await shoot(ana.joined, PHONE, 'help-newcomer-phone', helpTab(asker));
await shoot(mira.joined, DESKTOP, 'help-mentor-desktop', mentor);
await shoot(mira.joined, PHONE, 'help-mentor-phone', helpTab(mentor));

await shoot(day.people.olga.joined, DESKTOP, 'help-organizer-stats', async (page) => {
  await page.getByRole('banner').getByRole('button', { name: 'Organize' }).click();
  await page.getByRole('dialog', { name: 'Organize' }).getByRole('region', { name: 'Help queue' }).scrollIntoViewIfNeeded();
});

fay.close();
day.close();
await browser.close();
await server.dispose();
