import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import Board from '../../client/components/board/Board.svelte';
import { summary } from './summary.ts';
import { seeded } from './fake-client.svelte.ts';

const card = (title: string) => screen.getByRole('article', { name: title });

describe('IssueCard patches, test reports and assigning', () => {
  it('lists patch links (http(s) only as links) and test reports with their notes', () => {
    const client = seeded();
    client.happen('p1', { type: 'issue.patched', issueId: 'i1', url: 'https://example.org/p/1', note: 'first try' });
    // Never accepted by the server; a bad record still must not become a link.
    client.happen('p1', { type: 'issue.patched', issueId: 'i1', url: 'javascript:alert(1)' });
    client.happen('p2', { type: 'issue.tested', issueId: 'i1', result: 'works' }, { type: 'issue.tested', issueId: 'i1', result: 'fails', note: 'on Safari' });
    render(Board, { client, onjoin: () => {} });
    const patches = within(card('Crash on save')).getByRole('list', { name: 'Patches for #101' });
    const links = within(patches).getAllByRole('link');
    expect(links.map((link) => link.getAttribute('href'))).toEqual(['https://example.org/p/1']);
    expect(patches).toHaveTextContent('by ana: first try');
    expect(patches).toHaveTextContent('javascript:alert(1) by ana');
    const reports = within(card('Crash on save')).getByRole('list', { name: 'Test reports for #101' });
    expect(within(reports).getAllByRole('listitem').map((li) => li.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      '✓ Works for bob',
      '✗ Fails for bob: on Safari',
    ]);
  });

  it('adds a patch link with a note, and refuses a non-http link before sending', async () => {
    const client = seeded();
    render(Board, { client, onjoin: () => {} });
    const crash = card('Crash on save');
    await userEvent.click(within(crash).getByText(/^Add patch link/));
    const url = within(crash).getByRole('textbox', { name: 'Patch link' });
    await userEvent.type(url, 'ftp://example.org/x');
    await userEvent.click(within(crash).getByRole('button', { name: 'Add link' }));
    expect(client.sent).toEqual([]);
    await userEvent.clear(url);
    await userEvent.type(url, 'https://example.org/p/2');
    await userEvent.type(within(crash).getByRole('textbox', { name: 'Note (optional)' }), 'cleaner');
    await userEvent.click(within(crash).getByRole('button', { name: 'Add link' }));
    expect(client.sent).toEqual([{ name: 'issue:patch', payload: { issueId: 'i1', url: 'https://example.org/p/2', note: 'cleaner' } }]);
  });

  it('reports works or fails for me, with an optional note', async () => {
    const client = seeded();
    render(Board, { client, onjoin: () => {} });
    const theme = card('Dark theme');
    await userEvent.click(within(theme).getByText(/^Test it/));
    await userEvent.click(within(theme).getByRole('button', { name: 'Works for me' }));
    await userEvent.click(within(theme).getByText(/^Test it/));
    await userEvent.type(within(theme).getByRole('textbox', { name: 'Note (optional)' }), 'crashes on start');
    await userEvent.click(within(theme).getByRole('button', { name: 'Fails for me' }));
    expect(client.sent).toEqual([
      { name: 'issue:report', payload: { issueId: 'i2', result: 'works' } },
      { name: 'issue:report', payload: { issueId: 'i2', result: 'fails', note: 'crashes on start' } },
    ]);
  });

  it('lets a mentor assign a card to someone who joined', async () => {
    const client = seeded({ me: 'p2' });
    render(Board, { client, onjoin: () => {} });
    const crash = card('Crash on save');
    await userEvent.click(summary(crash, /^Assign #101 to/));
    expect(within(crash).getByRole('button', { name: 'Assign #101' })).toBeDisabled();
    await userEvent.selectOptions(within(crash).getByRole('combobox', { name: 'Assign #101 to' }), 'ana (away)');
    await userEvent.click(within(crash).getByRole('button', { name: 'Assign #101' }));
    expect(client.sent).toEqual([{ name: 'issue:assign', payload: { issueId: 'i1', personId: 'p1' } }]);
  });
});
