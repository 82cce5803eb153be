import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import OrganizePanel from '../../client/components/organize/OrganizePanel.svelte';
import { holdAnswer } from './answers.ts';
import { seeded, type FakeClient } from './fake-client.svelte.ts';

function organizer(): FakeClient {
  const client = seeded({ me: 'p3' });
  client.person('p3', 'olga', 'organizer');
  return client;
}

const panel = () => screen.getByRole('dialog', { name: 'Organize' });

describe('OrganizePanel', () => {
  it('edits the event: title, description, dates, venues and "label url" resources', async () => {
    const client = organizer();
    client.happen('p3', { type: 'event.updated', info: { venues: ['Berlin'] } });
    render(OrganizePanel, { client, open: true });
    const title = within(panel()).getByRole('textbox', { name: 'Title' });
    expect(title).toHaveValue('Bug day');
    expect(within(panel()).getByRole('textbox', { name: 'Venues, one a line' })).toHaveValue('Berlin');
    await userEvent.clear(title);
    await userEvent.type(title, 'Autumn bug day');
    await userEvent.type(within(panel()).getByRole('textbox', { name: 'Description' }), 'Fix things.');
    await userEvent.type(within(panel()).getByLabelText('Starts'), '2026-11-21T09:00');
    await userEvent.type(within(panel()).getByLabelText('Ends'), '2026-11-21T18:00');
    await userEvent.type(within(panel()).getByRole('textbox', { name: 'Venues, one a line' }), '{Enter}remote');
    const resources = within(panel()).getByRole('textbox', { name: /^Resources/ });
    await userEvent.type(resources, 'Contributing guide javascript:alert(1)');
    await userEvent.click(within(panel()).getByRole('button', { name: 'Save event details' }));
    expect(within(panel()).getByRole('alert')).toHaveTextContent('Resource line 1');
    expect(client.sent).toEqual([]);
    await userEvent.clear(resources);
    await userEvent.type(resources, 'Contributing guide https://example.org/c');
    await userEvent.click(within(panel()).getByRole('button', { name: 'Save event details' }));
    expect(client.sent).toEqual([
      {
        name: 'event:update',
        payload: {
          title: 'Autumn bug day',
          description: 'Fix things.',
          venues: ['Berlin', 'remote'],
          resources: [{ label: 'Contributing guide', url: 'https://example.org/c' }],
          // Until the organizer names another, the event happens where they are.
          timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
          startsAt: new Date('2026-11-21T09:00').getTime(),
          endsAt: new Date('2026-11-21T18:00').getTime(),
        },
      },
    ]);
    expect(within(panel()).getByRole('status')).toHaveTextContent('Saved.');
  });

  it('sets the claim rules, the focus and the branches, sending only what changed', async () => {
    const client = organizer();
    render(OrganizePanel, { client, open: true });
    const rules = within(panel()).getByRole('form', { name: 'Claims, focus and help' });
    const number = (name: string) => within(rules).getByRole('spinbutton', { name });
    expect(number('Lease, in minutes')).toHaveValue(180);
    expect(number('Grace time, in minutes')).toHaveValue(30);
    expect(number('Most issues one person holds')).toHaveValue(3);
    expect(number('Most issues a first-timer holds')).toHaveValue(1);
    expect(number('Lease, in minutes')).toHaveAttribute('max', '10080');

    await userEvent.click(within(rules).getByRole('button', { name: 'Save claims, focus and help' }));
    expect(within(rules).getByRole('status')).toHaveTextContent('Nothing changed.');
    expect(client.sent).toEqual([]);

    await userEvent.clear(number('Lease, in minutes'));
    await userEvent.type(number('Lease, in minutes'), '90');
    await userEvent.clear(number('Most issues one person holds'));
    await userEvent.type(number('Most issues one person holds'), '2');
    expect(rules).toHaveTextContent('Everyone reads: You may hold 2 issues at a time (first-timers 1). A claim goes stale after 1 h 30 min');
    await userEvent.type(within(rules).getByRole('textbox', { name: 'Focus, one line (empty for none)' }), 'Crashes before the release');
    const ask = within(rules).getByRole('group', { name: 'While there is a focus, ask before claiming' });
    await userEvent.click(within(ask).getByRole('checkbox', { name: 'Feature requests' }));
    await userEvent.click(within(ask).getByRole('checkbox', { name: 'Docs issues' }));
    await userEvent.type(within(rules).getByRole('textbox', { name: 'Branches to check, separated by commas' }), 'main, 3.13  3.12');
    await userEvent.click(within(rules).getByRole('button', { name: 'Save claims, focus and help' }));
    expect(client.sent).toEqual([
      {
        name: 'event:update',
        payload: {
          claims: { leaseMinutes: 90, max: 2 },
          focus: { text: 'Crashes before the release', discouraged: ['feature', 'docs'] },
          branches: ['main', '3.13', '3.12'],
        },
      },
    ]);
    expect(within(rules).getByRole('status')).toHaveTextContent('Saved.');
  });

  it('says why the rules cannot be saved, and shows the server’s refusal beside them', async () => {
    const client = organizer();
    render(OrganizePanel, { client, open: true });
    const rules = within(panel()).getByRole('form', { name: 'Claims, focus and help' });
    const newcomers = within(rules).getByRole('spinbutton', { name: 'Most issues a first-timer holds' });
    await userEvent.clear(newcomers);
    await userEvent.type(newcomers, '4');
    await userEvent.click(within(rules).getByRole('button', { name: 'Save claims, focus and help' }));
    expect(within(rules).getByRole('alert')).toHaveTextContent('First-timers cannot be allowed more issues (4) than anyone else (3).');
    expect(client.sent).toEqual([]);

    await userEvent.clear(newcomers);
    await userEvent.type(newcomers, '2');
    client.answer = { ok: false, error: { code: 'forbidden', message: 'Only organizers can change the event.' } };
    await userEvent.click(within(rules).getByRole('button', { name: 'Save claims, focus and help' }));
    expect(client.sent).toEqual([{ name: 'event:update', payload: { claims: { newcomerMax: 2 } } }]);
    expect(within(rules).getByRole('alert')).toHaveTextContent('Only organizers can change the event.');
    expect(within(rules).queryByRole('status')).not.toBeInTheDocument();
    // The event form above says nothing of it: the refusal stays beside the form that caused it.
    expect(within(panel()).getAllByRole('alert')).toHaveLength(1);
  });

  it('previews an import and sends it in batches of 20, then says how many were added and skipped', async () => {
    const client = organizer();
    render(OrganizePanel, { client, open: true });
    // #101 is already on the board, and 7 appears twice: both are skipped, as the server does.
    const lines = [
      '101 Crash on save',
      ...Array.from({ length: 23 }, (_, i) => `${i + 1} Bug number ${i + 1}`),
      '7,Again seven,https://bugs.example.org/7,bug,easy css',
      'Title without a number',
      '8,Bad link,ftp://x',
    ];
    await userEvent.click(within(panel()).getByRole('radio', { name: 'Paste lines' }));
    const box = within(panel()).getByRole('textbox', { name: /^One issue a line/ });
    await userEvent.click(box);
    await userEvent.paste(lines.join('\n'));
    expect(within(panel()).getByText(/26 issues to import; 1 line cannot be read/)).toBeInTheDocument();
    expect(within(panel()).getByRole('list', { name: 'Lines that cannot be read' })).toHaveTextContent('line 27: the link must start with http:// or https://');
    await userEvent.click(within(panel()).getByRole('button', { name: 'Import 26 issues' }));
    expect(client.sent.map((sent) => sent.name)).toEqual(['issue:import', 'issue:import']);
    const [first, second] = client.sent.map((sent) => (sent.payload as { issues: unknown[] }).issues);
    expect(first).toHaveLength(20);
    expect(second).toHaveLength(6);
    expect(second).toContainEqual({ number: 7, title: 'Again seven', url: 'https://bugs.example.org/7', type: 'bug', labels: ['easy', 'css'] });
    expect(second).toContainEqual({ title: 'Title without a number' });
    expect(within(panel()).getByRole('status')).toHaveTextContent('Added 24 issues; skipped 2 already on the board.');
  });

  it('waits and sends a pasted batch again when the server says to slow down, and the import goes on', async () => {
    const client = organizer();
    render(OrganizePanel, { client, open: true });
    await userEvent.click(within(panel()).getByRole('radio', { name: 'Paste lines' }));
    await userEvent.click(within(panel()).getByRole('textbox', { name: /^One issue a line/ }));
    await userEvent.paste(Array.from({ length: 25 }, (_, i) => `${i + 1} Bug number ${i + 1}`).join('\n'));
    client.answer = { ok: false, error: { code: 'rate_limited', message: 'Slow down: you are sending too fast.' } };
    await userEvent.click(within(panel()).getByRole('button', { name: 'Import 25 issues' }));
    await waitFor(() => expect(client.sent).toHaveLength(1));
    client.answer = { ok: true, data: { seq: 0 } };
    // The page waits a second before it sends the batch again.
    expect(await within(panel()).findByRole('status', {}, { timeout: 5_000 })).toHaveTextContent('Added 25 issues; skipped 0 already on the board.');
    expect(client.sent.map((sent) => (sent.payload as { issues: unknown[] }).issues.length)).toEqual([20, 20, 5]);
    expect(within(panel()).queryByRole('alert')).not.toBeInTheDocument();
  });

  it('outlasts the panel: closed while a batch waits and opened again, the paste import shows how far it got, then what it did', async () => {
    const client = organizer();
    const { rerender } = render(OrganizePanel, { client, open: true });
    await userEvent.click(within(panel()).getByRole('radio', { name: 'Paste lines' }));
    await userEvent.click(within(panel()).getByRole('textbox', { name: /^One issue a line/ }));
    await userEvent.paste(Array.from({ length: 45 }, (_, i) => `${i + 1} Bug number ${i + 1}`).join('\n'));
    const { sent, release } = holdAnswer(client, 2);
    await userEvent.click(within(panel()).getByRole('button', { name: 'Import 45 issues' }));
    await sent;
    await userEvent.click(screen.getByRole('button', { name: 'Close panel' }));
    expect(screen.queryByRole('dialog', { name: 'Organize' })).not.toBeInTheDocument();
    await rerender({ open: true });
    // The way last chosen is shown again, with the import as far as it has got.
    expect(within(panel()).getByRole('radio', { name: 'Paste lines' })).toBeChecked();
    expect(within(panel()).getByRole('progressbar', { name: 'Import progress' })).toHaveAttribute('value', '20');
    expect(within(panel()).getByText('20 of 45')).toBeVisible();
    await userEvent.click(screen.getByRole('button', { name: 'Close panel' }));
    // The rest is answered while the panel is closed.
    release();
    await waitFor(() => expect(client.sent).toHaveLength(3));
    await rerender({ open: true });
    expect(await within(panel()).findByRole('status')).toHaveTextContent('Added 45 issues; skipped 0 already on the board.');
    expect(within(panel()).queryByRole('progressbar', { name: 'Import progress' })).not.toBeInTheDocument();
  });

  it('shows and rotates the mentor code', async () => {
    const client = organizer();
    client.answer = { ok: true, data: { seq: 7, code: 'abcd-efgh' } };
    render(OrganizePanel, { client, open: true });
    await userEvent.click(within(panel()).getByRole('button', { name: 'Show mentor code' }));
    expect(within(panel()).getByRole('textbox', { name: 'Current mentor code' })).toHaveValue('abcd-efgh');
    client.answer = { ok: true, data: { seq: 8, code: 'wxyz-1234' } };
    await userEvent.click(within(panel()).getByRole('button', { name: 'Rotate mentor code' }));
    expect(within(panel()).getByRole('textbox', { name: 'Current mentor code' })).toHaveValue('wxyz-1234');
    expect(client.sent.map((sent) => sent.name)).toEqual(['mentorCode:show', 'mentorCode:rotate']);
  });

  it('closes the event after confirming, and offers to reopen a closed one', async () => {
    const client = organizer();
    render(OrganizePanel, { client, open: true });
    await userEvent.click(within(panel()).getByRole('button', { name: 'Close the event' }));
    await userEvent.click(within(screen.getByRole('dialog', { name: 'Close the event?' })).getByRole('button', { name: 'Close the event' }));
    expect(client.sent).toEqual([{ name: 'event:close', payload: {} }]);
    client.happen('p3', { type: 'event.closed' });
    await userEvent.click(await within(panel()).findByRole('button', { name: 'Reopen the event' }));
    await userEvent.click(within(screen.getByRole('dialog', { name: 'Reopen the event?' })).getByRole('button', { name: 'Reopen the event' }));
    expect(client.sent.at(-1)).toEqual({ name: 'event:reopen', payload: {} });
  });
});
