import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import CardPanel from '../../client/components/card/CardPanel.svelte';
import { summary } from './summary.ts';
import { seeded, type FakeClient } from './fake-client.svelte.ts';

function panel(client: FakeClient, issueId = 'i1') {
  const onclose = vi.fn();
  render(CardPanel, { issue: client.board.issues[issueId], client, onclose, returnFocus: () => null });
  return { dialog: screen.getByRole('dialog'), onclose };
}

describe('the card panel: records, actions and what happened', () => {
  it('lists patch links (http(s) only as links) and test reports with their notes', () => {
    const client = seeded();
    client.happen('p1', { type: 'issue.patched', issueId: 'i1', url: 'https://example.org/p/1', note: 'first try' });
    // Never accepted by the server; a bad record still must not become a link.
    client.happen('p1', { type: 'issue.patched', issueId: 'i1', url: 'javascript:alert(1)' });
    client.happen('p2', { type: 'issue.tested', issueId: 'i1', result: 'works' }, { type: 'issue.tested', issueId: 'i1', result: 'fails', note: 'on Safari' });
    const { dialog } = panel(client);
    expect(dialog).toHaveAccessibleName('Crash on save');
    const patches = within(within(dialog).getByRole('region', { name: 'Patches' })).getByRole('list');
    expect(within(patches).getAllByRole('link').map((link) => link.getAttribute('href'))).toEqual(['https://example.org/p/1']);
    expect(patches).toHaveTextContent('by ana: first try');
    expect(patches).toHaveTextContent('javascript:alert(1) by ana');
    const reports = within(within(dialog).getByRole('region', { name: 'Test reports' })).getByRole('list');
    expect(within(reports).getAllByRole('listitem').map((li) => li.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      '✓ Works for bob',
      '✗ Fails for bob: on Safari',
    ]);
    expect(within(dialog).getByRole('link', { name: 'Open #101 in the tracker' })).toHaveAttribute('href', 'https://bugs.example.org/101');
  });

  it('adds a patch link with a note, and refuses a non-http link before sending', async () => {
    const client = seeded();
    const { dialog } = panel(client);
    await userEvent.click(summary(dialog, /^Add patch link/));
    const url = within(dialog).getByRole('textbox', { name: 'Patch link' });
    await userEvent.type(url, 'ftp://example.org/x');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add link' }));
    expect(client.sent).toEqual([]);
    await userEvent.clear(url);
    await userEvent.type(url, 'https://example.org/p/2');
    await userEvent.type(within(dialog).getByRole('textbox', { name: 'Note (optional)' }), 'cleaner');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add link' }));
    expect(client.sent).toEqual([{ name: 'issue:patch', payload: { issueId: 'i1', url: 'https://example.org/p/2', note: 'cleaner' } }]);
  });

  it('reports works or fails for me, with an optional note', async () => {
    const client = seeded();
    const { dialog } = panel(client, 'i2');
    await userEvent.click(summary(dialog, /^Test it/));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Works for me' }));
    await userEvent.click(summary(dialog, /^Test it/));
    await userEvent.type(within(dialog).getByRole('textbox', { name: 'Note (optional)' }), 'crashes on start');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Fails for me' }));
    expect(client.sent).toEqual([
      { name: 'issue:report', payload: { issueId: 'i2', result: 'works' } },
      { name: 'issue:report', payload: { issueId: 'i2', result: 'fails', note: 'crashes on start' } },
    ]);
  });

  it('offers the holder Release and a button per column they may move to, none chosen for them', async () => {
    const client = seeded();
    client.happen('p1', { type: 'issue.claimed', issueId: 'i1' });
    const { dialog } = panel(client);
    const actions = within(within(dialog).getByRole('region', { name: 'What you can do' }));
    expect(actions.queryByRole('combobox')).not.toBeInTheDocument();
    expect(actions.getAllByRole('button', { name: /^Move to/ }).map((button) => button.textContent?.trim())).toEqual([
      'Move to Open',
      'Move to Needs review',
    ]);
    await userEvent.click(actions.getByRole('button', { name: 'Move to Needs review' }));
    await userEvent.click(actions.getByRole('button', { name: 'Release #101' }));
    expect(client.sent).toEqual([
      { name: 'issue:move', payload: { issueId: 'i1', column: 'review' } },
      { name: 'issue:release', payload: { issueId: 'i1' } },
    ]);
  });

  it('lets a mentor assign a card to someone who joined', async () => {
    const client = seeded({ me: 'p2' });
    const { dialog } = panel(client);
    await userEvent.click(summary(dialog, /^Assign #101 to/));
    expect(within(dialog).getByRole('button', { name: 'Assign #101' })).toBeDisabled();
    await userEvent.selectOptions(within(dialog).getByRole('combobox', { name: 'Assign #101 to' }), 'ana (away)');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Assign #101' }));
    expect(client.sent).toEqual([{ name: 'issue:assign', payload: { issueId: 'i1', personId: 'p1' } }]);
  });

  it('gives a lurker the records and the timeline, and no action', async () => {
    const client = seeded({ me: null });
    const { dialog } = panel(client);
    expect(within(dialog).queryByRole('region', { name: 'What you can do' })).not.toBeInTheDocument();
    expect(within(dialog).getByRole('region', { name: 'What happened' })).toBeInTheDocument();
  });

  it('shows what happened to the card merged with the chat lines that mention it, oldest first', async () => {
    const client = seeded();
    client.happen('p1', { type: 'issue.claimed', issueId: 'i1' });
    client.happen('p1', { type: 'chat.sent', text: 'on #101 now' });
    client.happen('p2', { type: 'chat.sent', text: 'and #1010 is another one' });
    client.happen('p1', { type: 'issue.moved', issueId: 'i1', from: 'in-progress', to: 'review' });
    const { dialog } = panel(client);
    const timeline = within(dialog).getByRole('region', { name: 'What happened' });
    const lines = await within(timeline).findAllByRole('listitem');
    expect(lines.map((line) => line.textContent?.replace(/^\s*[\d:]+\s*(AM|PM)?\s+/, '').trim())).toEqual([
      'ana claimed #101',
      'ana: on #101 now',
      'ana moved #101 to Needs review',
    ]);
    expect(client.historyAsked).toEqual(['i1']);
  });

  it('tells the workflow in its timeline: the lease, co-workers, branch checks, a commit asked for', async () => {
    const client = seeded();
    client.person('p3', 'cy');
    client.happen('p2', { type: 'event.updated', info: { branches: ['main', '3.13'] } });
    client.happen('p1', { type: 'issue.claimed', issueId: 'i1' });
    client.happen('p1', { type: 'issue.paired', issueId: 'i1', personId: 'p3' });
    client.happen('system', { type: 'issue.stale', issueId: 'i1' });
    client.happen('p3', { type: 'issue.extended', issueId: 'i1' });
    client.happen('p2', { type: 'issue.checked', issueId: 'i1', branch: '3.13', result: 'not-reproduced' });
    client.happen('p3', { type: 'issue.unpaired', issueId: 'i1', personId: 'p3' });
    client.happen('p1', { type: 'issue.paired', issueId: 'i1', personId: 'p3' });
    client.happen('p1', { type: 'issue.unpaired', issueId: 'i1', personId: 'p3' });
    client.happen('p1', { type: 'issue.patched', issueId: 'i1', url: 'https://example.org/p/1' });
    client.happen('p1', { type: 'issue.moved', issueId: 'i1', from: 'in-progress', to: 'review' });
    client.happen('p1', { type: 'issue.commitAsked', issueId: 'i1', note: 'green on main' });
    client.happen('p2', { type: 'issue.moved', issueId: 'i1', from: 'review', to: 'in-progress' });
    client.happen('system', { type: 'issue.stale', issueId: 'i1' });
    client.happen('system', { type: 'issue.released', issueId: 'i1', reason: 'expired' });
    const { dialog } = panel(client);
    const timeline = within(dialog).getByRole('region', { name: 'What happened' });
    const lines = await within(timeline).findAllByRole('listitem');
    expect(lines.map((line) => line.textContent?.replace(/^\s*[\d:]+\s*(AM|PM)?\s+/, '').trim())).toEqual([
      'ana claimed #101',
      'ana added cy to #101 as a co-worker',
      'The lease on #101 ran out: it is stale',
      'cy extended the lease on #101',
      'bob checked 3.13: not reproduced',
      'cy left #101',
      'ana added cy to #101 as a co-worker',
      'ana took cy off #101',
      'ana posted a patch for #101',
      'ana moved #101 to Needs review',
      'ana asked for a commit of #101: green on main',
      'bob moved #101 to In progress',
      'The lease on #101 ran out: it is stale',
      '#101 released: nobody worked on it through its lease',
    ]);
  });

  it('closes with its Close button', async () => {
    const client = seeded();
    const { dialog, onclose } = panel(client);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(onclose).toHaveBeenCalled();
  });
});
