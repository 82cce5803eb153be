import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import OrganizePanel from '../../client/components/organize/OrganizePanel.svelte';
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
          startsAt: new Date('2026-11-21T09:00').getTime(),
          endsAt: new Date('2026-11-21T18:00').getTime(),
        },
      },
    ]);
    expect(within(panel()).getByRole('status')).toHaveTextContent('Saved.');
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
