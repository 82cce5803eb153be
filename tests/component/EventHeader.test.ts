import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { tick } from 'svelte';
import { describe, expect, it } from 'vitest';
import Header from '../../client/components/shell/Header.svelte';
import { describe as narrate, type ActivityLine } from '../../client/lib/activity.ts';
import { eventTimes, viewerTimeZone } from '../../client/lib/event-clock.ts';
import { summarise } from '../../client/lib/announcer.ts';
import { clockTime } from '../../client/lib/time.ts';
import { planImport } from '../../client/lib/import.ts';
import type { DomainEvent, EventBody } from '../../shared/protocol.ts';
import { seeded } from './fake-client.svelte.ts';

describe('the event in the header', () => {
  it('shows the event title and its details in an About dialog, with only http(s) links', async () => {
    const client = seeded();
    client.happen('p2', {
      type: 'event.updated',
      info: {
        title: 'Autumn bug day',
        description: 'Bring a laptop.\nCoffee at 9.',
        startsAt: Date.UTC(2026, 10, 21, 9),
        endsAt: Date.UTC(2026, 10, 21, 18),
        timeZone: 'Europe/Berlin',
        venues: ['Berlin office', 'remote'],
        resources: [
          { label: 'Contributing guide', url: 'https://example.org/contributing' },
          { label: 'Sneaky', url: 'javascript:alert(1)' },
        ],
      },
    });
    render(Header, { client, onjoin: () => {} });
    expect(screen.getByRole('heading', { level: 1, name: 'Autumn bug day' })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'About this event' }));
    const about = await screen.findByRole('dialog', { name: 'About Autumn bug day' });
    expect(about).toHaveTextContent('Bring a laptop.');
    // Where it happens, then by the viewer's clock where that is another: the header's words on hover.
    expect(within(about).getByRole('heading', { name: 'When' })).toBeInTheDocument();
    for (const line of eventTimes(client.board.event, viewerTimeZone())) expect(about).toHaveTextContent(line.replace(/\s+/g, ' '));
    expect(eventTimes(client.board.event, 'UTC', 'en-GB')).toEqual([expect.stringMatching(/10:00.*19:00 Europe\/Berlin$/), expect.stringMatching(/09:00.*18:00 your time$/)]);
    expect(within(within(about).getByRole('list', { name: 'Venues' })).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Berlin office',
      'remote',
    ]);
    const links = within(within(about).getByRole('list', { name: 'Resources' })).getAllByRole('link');
    expect(links.map((link) => link.getAttribute('href'))).toEqual(['https://example.org/contributing']);
    expect(about).toHaveTextContent('Sneaky (javascript:alert(1))');
    await userEvent.click(within(about).getByRole('button', { name: 'Close' }));
    expect(screen.getByRole('button', { name: 'About this event' })).toHaveFocus();
  });

  it('tells everyone the claim rules, the focus and the branches, and follows them live', async () => {
    const client = seeded({ me: null });
    render(Header, { client, onjoin: () => {} });
    await userEvent.click(screen.getByRole('button', { name: 'About this event' }));
    const about = await screen.findByRole('dialog', { name: 'About Bug day' });
    expect(about).toHaveTextContent(
      'You may hold 3 issues at a time (first-timers 1). A claim goes stale after 3 h without activity and is released 30 min later.',
    );
    expect(within(about).queryByRole('heading', { name: 'Focus' })).not.toBeInTheDocument();
    expect(within(about).queryByRole('heading', { name: 'Branches to check' })).not.toBeInTheDocument();
    client.happen('p2', {
      type: 'event.updated',
      info: {
        claims: { leaseMinutes: 90, graceMinutes: 60, max: 1, newcomerMax: 1 },
        focus: { text: 'Crashes before the 3.14 release', discouraged: ['feature', 'docs'] },
        branches: ['main', '3.13', '3.12'],
      },
    });
    await tick();
    expect(about).toHaveTextContent(
      'You may hold 1 issue at a time (first-timers 1). A claim goes stale after 1 h 30 min without activity and is released 1 h later.',
    );
    expect(within(about).getByRole('heading', { name: 'Focus' })).toBeInTheDocument();
    expect(about).toHaveTextContent('Crashes before the 3.14 release');
    expect(about).toHaveTextContent('Claiming feature requests or docs issues asks you to confirm first.');
    expect(within(about).getByRole('heading', { name: 'Branches to check' })).toBeInTheDocument();
    expect(about).toHaveTextContent('main, 3.13, 3.12');
  });

  it('offers the Organize button to organizers only', async () => {
    const client = seeded();
    client.person('p3', 'olga', 'organizer');
    const { unmount } = render(Header, { client, onjoin: () => {}, onorganize: () => {} });
    expect(screen.queryByRole('button', { name: 'Organize' })).not.toBeInTheDocument();
    unmount();
    client.personId = 'p3';
    render(Header, { client, onjoin: () => {}, onorganize: () => {} });
    expect(screen.getByRole('button', { name: 'Organize' })).toBeInTheDocument();
  });
});

describe('system lines for roles and moderation', () => {
  it('narrates every new event, and never a mentor code', () => {
    const client = seeded();
    client.person('p3', 'olga', 'organizer');
    client.happen('p1', { type: 'chat.sent', text: 'hi' });
    const chatSeq = client.board.seq;
    const bodies: [string, EventBody][] = [
      ['p2', { type: 'issue.assigned', issueId: 'i1', personId: 'p1' }],
      ['p1', { type: 'issue.patched', issueId: 'i1', url: 'https://example.org/p', note: 'v2' }],
      ['p2', { type: 'issue.tested', issueId: 'i1', result: 'works' }],
      ['p3', { type: 'chat.removed', chatSeq }],
      ['p3', { type: 'person.roleChanged', personId: 'p1', role: 'mentor' }],
      ['p2', { type: 'person.roleChanged', personId: 'p2', role: 'organizer' }],
      ['p3', { type: 'person.muted', personId: 'p1', muted: true }],
      ['p3', { type: 'person.removed', personId: 'p1' }],
      ['p3', { type: 'event.updated', info: { title: 'x' } }],
      ['p3', { type: 'event.closed' }],
      ['p3', { type: 'event.reopened' }],
      ['p3', { type: 'mentorCode.rotated' }],
    ];
    const lines = bodies.map(([actor, body]) => {
      client.happen(actor, body);
      return narrate(client.board, { ...body, seq: client.board.seq, at: 0, actor } as DomainEvent)?.text;
    });
    expect(lines).toEqual([
      'bob assigned #101 to ana',
      'ana posted a patch for #101: v2',
      'bob tested #101: works for them',
      'A moderator removed a message',
      'olga made ana a mentor',
      'bob is now an organizer',
      'olga muted ana',
      'olga removed ana from the event',
      'olga updated the event details',
      'olga closed the event: the board and the chat are read-only now',
      'olga reopened the event',
      'olga rotated the mentor code; the old one no longer works',
    ]);
  });
});

describe('system lines for claims, pairs, checks and commits', () => {
  /** Folds each body by its actor and answers the line the chat shows for it. */
  function lines(client: ReturnType<typeof seeded>, bodies: [string, EventBody][]): (ActivityLine | undefined)[] {
    return bodies.map(([actor, body]) => {
      client.happen(actor, body);
      return narrate(client.board, client.log.at(-1)!);
    });
  }

  it('says what the clock did without naming anyone as doing it, and tells the holders by when to act', () => {
    const client = seeded();
    client.person('p3', 'cy');
    const [claimed, paired, stale, released] = lines(client, [
      ['p1', { type: 'issue.claimed', issueId: 'i1' }],
      ['p1', { type: 'issue.paired', issueId: 'i1', personId: 'p3' }],
      ['system', { type: 'issue.stale', issueId: 'i1' }],
      ['system', { type: 'issue.released', issueId: 'i1', reason: 'expired' }],
    ]);
    expect(claimed?.text).toBe('ana claimed #101');
    const staleAt = client.log.at(-2)!.at;
    // The default grace: 30 minutes after the lease ran out, in the reader's own zone.
    expect(stale?.text).toBe(`#101's lease ran out: ana and cy, extend it or it is released at ${clockTime(staleAt + 30 * 60_000)}`);
    expect(released?.text).toBe('#101 was released: nobody worked on it through its lease');
    for (const line of [paired, stale, released]) expect(line?.text).not.toMatch(/someone|system/);
  });

  it('narrates extending, pairing, leaving, checks and commit requests, each a line about one issue', () => {
    const client = seeded();
    client.person('p3', 'cy');
    client.happen('p3', { type: 'event.updated', info: { branches: ['main', '3.13'] } });
    const said = lines(client, [
      ['p1', { type: 'issue.claimed', issueId: 'i1' }],
      ['p1', { type: 'issue.extended', issueId: 'i1' }],
      ['p1', { type: 'issue.paired', issueId: 'i1', personId: 'p3' }],
      ['p3', { type: 'issue.unpaired', issueId: 'i1', personId: 'p3' }],
      ['p1', { type: 'issue.paired', issueId: 'i1', personId: 'p3' }],
      ['p1', { type: 'issue.unpaired', issueId: 'i1', personId: 'p3' }],
      ['p1', { type: 'issue.checked', issueId: 'i1', branch: '3.13', result: 'not-reproduced' }],
      ['p1', { type: 'issue.checked', issueId: 'i1', branch: 'main', result: 'reproduces' }],
      ['p1', { type: 'issue.moved', issueId: 'i1', from: 'in-progress', to: 'review' }],
      ['p1', { type: 'issue.commitAsked', issueId: 'i1', note: 'the patch is reviewed' }],
      ['p1', { type: 'issue.moved', issueId: 'i1', from: 'review', to: 'in-progress' }],
      ['p1', { type: 'issue.commitAsked', issueId: 'i1' }],
    ]);
    expect(said.map((line) => line?.text)).toEqual([
      'ana claimed #101',
      'ana extended #101',
      'ana added cy to #101',
      'cy left #101',
      'ana added cy to #101',
      'ana took cy off #101',
      'ana checked #101 on 3.13: not reproduced',
      'ana checked #101 on main: reproduces',
      'ana moved #101 to Needs review',
      'ana asked for a commit of #101: the patch is reviewed',
      'ana moved #101 to In progress',
      'ana asked for a commit of #101',
    ]);
    // Parts, so the announcer can say several alike as one; a note of its own makes a line unlike any other.
    for (const line of said) {
      if (!line?.parts) continue;
      const { who, verb, what, after } = line.parts;
      expect(`${who} ${verb} ${what}${after}`).toBe(line.text);
    }
    expect(said[9]?.parts).toBeUndefined();
    expect(said.filter((line) => !line?.parts)).toHaveLength(1);
  });

  it('lets the announcer say the same thing done to several issues once', () => {
    const client = seeded();
    client.person('p3', 'cy');
    const said = lines(client, [
      ['p1', { type: 'issue.claimed', issueId: 'i1' }],
      ['p1', { type: 'issue.claimed', issueId: 'i2' }],
      ['p1', { type: 'issue.paired', issueId: 'i1', personId: 'p3' }],
      ['p1', { type: 'issue.paired', issueId: 'i2', personId: 'p3' }],
      ['p1', { type: 'issue.extended', issueId: 'i1' }],
      ['p1', { type: 'issue.extended', issueId: 'i2' }],
    ]);
    expect(summarise(said.slice(2) as ActivityLine[])).toBe('ana added cy to #101 and #102; ana extended #101 and #102');
  });

  it('names what an event update changed', () => {
    const client = seeded();
    client.person('p3', 'olga', 'organizer');
    const said = lines(client, [
      ['p3', { type: 'event.updated', info: { claims: { leaseMinutes: 60, graceMinutes: 15, max: 2, newcomerMax: 1 } } }],
      ['p3', { type: 'event.updated', info: { focus: { text: 'Crashes first', discouraged: ['feature'] }, branches: ['main'] } }],
      ['p3', { type: 'event.updated', info: { title: 'Autumn bug day', claims: { leaseMinutes: 60, graceMinutes: 15, max: 3, newcomerMax: 1 } } }],
    ]);
    expect(said.map((line) => line?.text)).toEqual([
      'olga updated the claim rules',
      'olga updated the focus and the branches to check',
      'olga updated the event details and the claim rules',
    ]);
  });
});

describe('import lines', () => {
  it('reads "number title", comma-separated lines and bare titles, and names the lines it cannot read', () => {
    const plan = planImport('123 Title of the bug\n\n456,Other, https://x.org/456 ,feature,ui a11y\nJust a title\n789,,\nabc,Title\n5,T,,weird');
    expect(plan.drafts).toEqual([
      { number: 123, title: 'Title of the bug' },
      { number: 456, title: 'Other', url: 'https://x.org/456', type: 'feature', labels: ['ui', 'a11y'] },
      { title: 'Just a title' },
      // Only a number (or nothing) before the first comma marks the comma-separated form; titles may hold commas.
      { title: 'abc,Title' },
    ]);
    expect(plan.problems).toEqual([
      'line 5: the title is missing',
      'line 7: the type must be one of bug, feature, docs, other',
    ]);
  });
});
