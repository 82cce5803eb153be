/**
 * The people side of a bug day in a real browser: a first-timer joining and held to their cap,
 * an organizer setting the claim rules and the focus for everyone, and a commit asked of the
 * mentors reaching the top of their help rail.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectClean } from './axe.ts';
import { card, launch, openAs, openIn, openPage, socketPerson, TestServer, type SocketPerson } from './harness.ts';

const KEY = 'a-test-organizer-key-456';
const DESKTOP = { width: 1440, height: 900 };

const toast = (page: Page, text: string) => page.getByRole('list', { name: 'Notifications' }).getByRole('listitem').filter({ hasText: text });
const people = (page: Page) => page.getByRole('region', { name: /^People/ });

/**
 * A page whose socket's broadcasts can be held back on the way in, as a slow link would: it
 * then acts on a board that has not yet heard what it did. Commands and their answers pass.
 */
async function openWithHeldBroadcasts(browser: Browser, url: string) {
  const context = await browser.newContext({ viewport: DESKTOP });
  context.setDefaultTimeout(10_000);
  const held: string[] = [];
  let holding = false;
  let toPage: ((message: string) => void) | undefined;
  await context.routeWebSocket(/\/socket\.io\//, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((message) => server.send(message));
    server.onMessage((message) => {
      // A Socket.IO event frame is `42["name",…]`; only the board's events wait.
      if (holding && typeof message === 'string' && message.startsWith('42["events"')) held.push(message);
      else ws.send(message);
    });
    toPage = (message) => ws.send(message);
  });
  const page = await openIn(context, url);
  return {
    page,
    hold: () => (holding = true),
    release: () => {
      holding = false;
      for (const message of held.splice(0)) toPage?.(message);
    },
  };
}

describe('first-timers, claim rules and commit requests in a real browser', () => {
  const server = new TestServer({ organizerKey: KEY });
  let browser: Browser;
  let watcher: Page;
  const sockets: SocketPerson[] = [];

  beforeAll(async () => {
    browser = await launch();
    await server.start();
    await server.seed([
      { title: 'Crash on save', number: 101 },
      { title: 'Search ignores accents', number: 102 },
      { title: 'Add a dark theme', number: 103, type: 'feature' },
      { title: 'Export drops the last row', number: 104 },
    ]);
    watcher = await openPage(browser, server.url);
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await browser?.close();
    await server.dispose();
  });

  it('joins a first-timer through the Join dialog, marks them for everyone, and holds them to one issue', async () => {
    const { page, hold, release } = await openWithHeldBroadcasts(browser, server.url);
    await page.getByRole('banner').getByRole('button', { name: 'Join' }).click();
    const dialog = page.getByRole('dialog', { name: 'Join bugday' });
    await dialog.getByRole('textbox', { name: 'Nick' }).fill('fia');
    const first = dialog.getByRole('checkbox', { name: 'This is my first bug day' });
    await dialog.getByText("You'll hold one issue at a time and mentors will look out for you.").waitFor();
    await first.check();
    await expectClean(page, 'the Join dialog with its first-timer box', 'dialog[open]');
    await dialog.getByRole('button', { name: 'Join' }).click();
    await page.getByText('You are fia').waitFor();

    const fia = people(watcher).getByRole('listitem').filter({ hasText: 'fia' });
    await fia.getByText('first-timer', { exact: true }).waitFor();

    // The server has the last word: a page that has not yet heard of fia's claim (its broadcasts
    // held back) still offers Claim on another card, and the server's refusal reaches her as a toast.
    hold();
    await card(page, 'Crash on save').getByRole('button', { name: 'Claim #101' }).click();
    await card(watcher, 'Crash on save').getByText(/^Claimed by fia/).waitFor();
    await card(page, 'Search ignores accents').getByRole('button', { name: 'Claim #102' }).click();
    await toast(page, 'You already hold 1 issue, the most a first-timer may hold here; release it first.').waitFor();
    release();
    await card(page, 'Crash on save').getByText(/^Claimed by fia/).waitFor();
    await fia.getByRole('link', { name: '#101' }).waitFor();
    expect(await card(watcher, 'Search ignores accents').getByText(/^Claimed by/).count()).toBe(0);
    await page.context().close();
  });

  it('lets the organizer set the claim rules, the focus and the branches, which a participant reads live', async () => {
    const org = await openPage(browser, `${server.url}/#organizer-key=${KEY}`);
    const join = org.getByRole('dialog', { name: 'Join bugday' });
    await join.getByRole('textbox', { name: 'Nick' }).fill('olga');
    await join.getByRole('button', { name: 'Join' }).click();
    await org.getByText('You are olga, organizer').waitFor();

    await watcher.getByRole('button', { name: 'About this event' }).click();
    const about = watcher.getByRole('dialog', { name: 'About Bug day' });
    await about
      .getByText('You may hold 3 issues at a time (first-timers 1). A claim goes stale after 3 h without activity and is released 30 min later.')
      .waitFor();

    await org.getByRole('banner').getByRole('button', { name: 'Organize' }).click();
    const panel = org.getByRole('dialog', { name: 'Organize' });
    const rules = panel.getByRole('form', { name: 'Claims, focus and help' });
    await rules.getByRole('spinbutton', { name: 'Lease, in minutes' }).fill('60');
    await rules.getByRole('spinbutton', { name: 'Grace time, in minutes' }).fill('15');
    await rules.getByRole('spinbutton', { name: 'Most issues one person holds' }).fill('2');
    await rules.getByRole('textbox', { name: 'Focus, one line (empty for none)' }).fill('Crashes and data loss before the release');
    await rules.getByRole('checkbox', { name: 'Feature requests' }).check();
    await rules.getByRole('textbox', { name: 'Branches to check, separated by commas' }).fill('main, 3.13, 3.12');
    await rules.getByRole('button', { name: 'Save claims, focus and help' }).click();
    await rules.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await expectClean(org, 'the Organize panel with Claims, focus and help', 'dialog[open]');

    // The dialog open on the participant's page follows without a reload.
    await about
      .getByText('You may hold 2 issues at a time (first-timers 1). A claim goes stale after 1 h without activity and is released 15 min later.')
      .waitFor();
    await about.getByText('Crashes and data loss before the release').waitFor();
    await about.getByText('Claiming feature requests asks you to confirm first.').waitFor();
    await about.getByText('main, 3.13, 3.12').waitFor();
    await watcher.keyboard.press('Escape');
    await watcher
      .getByRole('region', { name: 'Chat history' })
      .getByText('olga updated the claim rules, the focus and the branches to check')
      .waitFor();

    // Rules that cannot be are said beside the form, before anything is sent.
    await rules.getByRole('spinbutton', { name: 'Most issues a first-timer holds' }).fill('3');
    await rules.getByRole('button', { name: 'Save claims, focus and help' }).click();
    await rules.getByRole('alert').filter({ hasText: 'First-timers cannot be allowed more issues (3) than anyone else (2).' }).waitFor();
    await org.context().close();
  });

  it('puts a commit asked for at the top of a mentor’s help rail with a toast, until the mentor’s move answers it', async () => {
    const otto = await socketPerson(server.url, { nick: 'otto', key: KEY });
    const code = (await otto.send('mentorCode:show', {})).code!;
    const mia = await socketPerson(server.url, { nick: 'mia', key: code });
    const ana = await socketPerson(server.url, { nick: 'ana' });
    sockets.push(otto, mia, ana);
    const mentor = await openAs(browser, server.url, mia.joined);

    const issueId = await card(mentor, 'Export drops the last row').getAttribute('id').then((id) => id!.replace(/^issue-/, ''));
    await ana.send('issue:claim', { issueId });
    await ana.send('issue:patch', { issueId, url: 'https://git.example.org/merge/1' });
    await ana.send('issue:move', { issueId, column: 'review' });
    await ana.send('issue:ask-commit', { issueId, note: 'two reviews, both fine' });

    await toast(mentor, 'ana asked for a commit of #104: two reviews, both fine').waitFor();
    const commits = mentor.getByRole('region', { name: /^Commit requested/ });
    const item = commits.getByRole('listitem');
    await item.getByText(/^Asked by ana, waiting/).waitFor();
    await item.getByText('two reviews, both fine').waitFor();
    // At the top of the rail: the first thing under the Help heading.
    expect(await mentor.locator('#help-heading + *').getAttribute('aria-labelledby')).toBe('commits-heading');
    await toast(mentor, 'ana asked for a commit of #104').getByRole('button', { name: /^Dismiss/ }).click();
    await expectClean(mentor, 'a mentor’s help rail with a commit request', '#panel-help');

    await item.getByRole('link', { name: '#104 Export drops the last row' }).click();
    const panel = mentor.getByRole('dialog', { name: 'Export drops the last row' });
    await panel.waitFor();
    expect(mentor.url()).toContain('#/issue/104');
    await panel.getByRole('button', { name: 'Move to Ready to commit' }).click();
    await commits.waitFor({ state: 'detached' });
    await mentor.keyboard.press('Escape');
    await card(mentor, 'Export drops the last row').waitFor();
    await mentor.context().close();
  });
});
