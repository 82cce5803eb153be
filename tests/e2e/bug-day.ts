/**
 * A bug day in full swing, put on a test server through the real protocol:
 * 34 issues across every column, five participants, a mentor and an
 * organizer, claims, patches, test reports, open help flags and a chat.
 * Screenshots and the accessibility checks look at this board.
 */
import type { CommandPayloads } from '../../shared/protocol.ts';
import { socketPerson, type SocketPerson, type TestServer } from './harness.ts';

export const ORGANIZER_KEY = 'bug-day-organizer-key';

const TITLES = [
  'Crash when saving a file with an emoji name',
  'Dark theme for the settings dialog',
  'Typo in the contributing guide',
  'Search ignores accents',
  'Flaky test in the sync module',
  'Keyboard shortcut conflicts on AZERTY layouts',
  'Tooltip flickers over the toolbar',
  'Export to CSV drops the last row',
  'Printing cuts off long tables',
  'Undo after paste restores the wrong text',
  'Scrollbar jumps when the list refreshes',
  'Error message for a full disk is unreadable',
  'Drag and drop onto the dock does nothing',
  'Make the sidebar width remembered',
  'Localise the date picker',
  'Memory grows while the preview is open',
  'The about dialog lists an old licence',
  'Broken link in the install guide',
  'Zoom resets on every tab switch',
  'Spell checker ignores the selected language',
  'Add a shortcut to duplicate a line',
  'Slow start-up with many recent files',
  'Notifications pile up after sleep',
  'Wrong cursor over resize handles',
  'Empty state of the search panel is blank',
  'Screen reader skips the status bar',
  'High contrast theme misses focus rings',
  'Autosave runs while a dialog is open',
  'Ctrl+F does not search in the help viewer',
  'Settings import forgets the font size',
  'Crash reporter asks twice',
  'Support dark mode in the welcome page',
  'Right-to-left text breaks the ruler',
  'The changelog page is not linked from the menu',
];
const LABELS = [['crash'], ['ui'], ['easy', 'docs'], ['i18n'], ['tests'], ['a11y', 'easy'], ['ui'], ['data'], [], ['editor']];

export interface BugDay {
  people: Record<'ana' | 'bob' | 'cy' | 'dee' | 'eli' | 'mira' | 'olga', SocketPerson>;
  /** Issue ids by tracker number. */
  issue: (number: number) => string;
  close(): void;
}

export const FIRST_NUMBER = 48201;
/** The last issue made: once its card is on a page, the whole board is (a big board comes in slices). */
export const LAST_NUMBER = FIRST_NUMBER + TITLES.length - 1;

export async function bugDay(server: TestServer): Promise<BugDay> {
  const join = (nick: string, extra: object = {}) => socketPerson(server.url, { nick, ...extra });
  const olga = await join('olga', { key: ORGANIZER_KEY });
  const mentorCode = (await olga.send('mentorCode:show', {})).code!;
  const people = {
    ana: await join('ana', { venue: 'remote' }),
    bob: await join('bob', { venue: 'Berlin office' }),
    cy: await join('cy', { venue: 'Lyon' }),
    dee: await join('dee', { venue: 'remote' }),
    eli: await join('eli', { venue: 'Berlin office' }),
    mira: await join('mira', { key: mentorCode }),
    olga,
  };
  const drafts: CommandPayloads['issue:create'][] = TITLES.map((title, index) => ({
    title,
    number: FIRST_NUMBER + index,
    url: `https://bugs.example.org/${FIRST_NUMBER + index}`,
    type: /^(Add|Make|Support|Localise)/.test(title) ? 'feature' : /guide|licence|changelog/.test(title) ? 'docs' : 'bug',
    labels: LABELS[index % LABELS.length]!,
  }));
  const ids = new Map<number, string>();
  for (let at = 0; at < drafts.length; at += 20) {
    await olga.send('issue:import', { issues: drafts.slice(at, at + 20) });
  }
  const sync = await olga.socket.emitWithAck('session:sync', { lastSeq: 0 });
  if (!sync.ok || !('events' in sync.data)) throw new Error('could not read the board back');
  for (const event of sync.data.events) if (event.type === 'issue.created' && event.issue.number) ids.set(event.issue.number, event.issue.id);
  const issue = (number: number) => ids.get(number)!;
  const n = (offset: number) => issue(FIRST_NUMBER + offset);
  const { ana, bob, cy, dee, eli, mira } = people;

  await olga.send('event:update', { title: 'Autumn bug day', description: 'Fix, test and review together. Mentors are in the Help rail.' });
  await mira.send('chat:send', { text: 'Morning all! The board is up, grab anything in Open. Ask in Help if you are stuck.' });
  await bob.send('issue:claim', { issueId: n(0) });
  await bob.send('chat:send', { text: `I'm on #${FIRST_NUMBER}, the stack trace is in the report.` });
  await cy.send('issue:claim', { issueId: n(2) });
  await cy.send('issue:patch', { issueId: n(2), url: 'https://git.example.org/merge/311', note: 'one-line fix' });
  await cy.send('issue:move', { issueId: n(2), column: 'review' });
  await cy.send('chat:send', { text: `Fix for #${FIRST_NUMBER + 2} is up for review, anyone?` });
  await ana.send('issue:claim', { issueId: n(3) });
  await ana.send('help:raise', { note: 'Where do the collation tables live?', issueId: n(3) });
  await dee.send('issue:claim', { issueId: n(4) });
  await eli.send('issue:claim', { issueId: n(6) });
  await eli.send('issue:patch', { issueId: n(6), url: 'https://git.example.org/merge/312' });
  await eli.send('issue:move', { issueId: n(6), column: 'review' });
  await dee.send('issue:report', { issueId: n(6), result: 'works', note: 'fine on Firefox' });
  await bob.send('issue:report', { issueId: n(6), result: 'fails', note: 'still flickers on Wayland' });
  await mira.send('issue:move', { issueId: n(2), column: 'ready' });
  await cy.send('issue:claim', { issueId: n(7) });
  await cy.send('issue:patch', { issueId: n(7), url: 'https://git.example.org/merge/313' });
  await mira.send('issue:move', { issueId: n(7), column: 'done' });
  await mira.send('issue:release', { issueId: n(7) });
  // A flag's id is its raising event's seq with an h (see newId in the domain).
  const raised = await dee.send('help:raise', { note: 'The test needs a display; how do I run it headless?', issueId: n(4) });
  await mira.send('help:take', { helpId: `h${raised.seq}` });
  await bob.send('chat:send', { text: 'ana: look in src/text/collate — I can show you after lunch.' });
  await eli.send('chat:send', { text: `#${FIRST_NUMBER + 6} needs another pair of eyes on Wayland.` });
  return { people, issue, close: () => Object.values(people).forEach((person) => person.close()) };
}

