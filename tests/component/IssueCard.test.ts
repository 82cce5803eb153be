import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import Board from '../../client/components/board/Board.svelte';
import { seeded } from './fake-client.svelte.ts';

const card = (title: string) => screen.getByRole('article', { name: title });

describe('IssueCard', () => {
  it('shows the number linked to the tracker, the title, type and labels', () => {
    render(Board, { client: seeded(), onjoin: () => {} });
    const crash = card('Crash on save');
    expect(within(crash).getByRole('link', { name: '#101' })).toHaveAttribute('href', 'https://bugs.example.org/101');
    expect(within(crash).getByRole('list', { name: 'Labels' })).toHaveTextContent('easy');
    expect(within(crash).getByText('bug')).toBeInTheDocument();
    const theme = card('Dark theme');
    expect(theme).toHaveTextContent('#102');
    expect(within(theme).queryByRole('link')).not.toBeInTheDocument();
    expect(within(theme).getByText('Feature request')).toBeInTheDocument();
  });

  it('claims an open card', async () => {
    const client = seeded();
    render(Board, { client, onjoin: () => {} });
    await userEvent.click(within(card('Crash on save')).getByRole('button', { name: 'Claim #101' }));
    expect(client.sent).toEqual([{ name: 'issue:claim', payload: { issueId: 'i1' } }]);
  });

  it('shows a refused claim on the card, in the server’s words', async () => {
    const client = seeded();
    client.answer = { ok: false, error: { code: 'conflict', message: '#101 is already claimed by bob (since 09:02 UTC).' } };
    render(Board, { client, onjoin: () => {} });
    await userEvent.click(screen.getByRole('button', { name: 'Claim #101' }));
    expect(within(card('Crash on save')).getByRole('alert')).toHaveTextContent('#101 is already claimed by bob');
  });

  it('shows who holds a card and for how long, and lets only them release or move it', async () => {
    const client = seeded();
    client.happen('p1', { type: 'issue.claimed', issueId: 'i1' });
    client.happen('p2', { type: 'issue.claimed', issueId: 'i2' });
    render(Board, { client, onjoin: () => {} });

    const mine = card('Crash on save');
    expect(mine).toHaveTextContent(/Claimed by ana for/);
    await userEvent.click(within(mine).getByRole('button', { name: 'Release #101' }));
    await userEvent.selectOptions(within(mine).getByRole('combobox', { name: 'Move #101 to' }), 'Needs review');
    await userEvent.click(within(mine).getByRole('button', { name: 'Move #101' }));
    expect(client.sent).toEqual([
      { name: 'issue:release', payload: { issueId: 'i1' } },
      { name: 'issue:move', payload: { issueId: 'i1', column: 'review' } },
    ]);

    const theirs = card('Dark theme');
    expect(theirs).toHaveTextContent('Claimed by bob');
    expect(within(theirs).queryByRole('button')).not.toBeInTheDocument();
  });

  it('offers a participant only the columns their role may move to', () => {
    const client = seeded();
    client.happen('p1', { type: 'issue.claimed', issueId: 'i1' });
    render(Board, { client, onjoin: () => {} });
    const menu = within(card('Crash on save')).getByRole('combobox', { name: 'Move #101 to' });
    expect(within(menu).getAllByRole('option').map((option) => option.textContent)).toEqual(['Open', 'Needs review']);
  });

  it('lets a mentor release and move anyone’s card, to any column', async () => {
    const client = seeded({ me: 'p2' });
    client.happen('p1', { type: 'issue.claimed', issueId: 'i1' });
    render(Board, { client, onjoin: () => {} });
    const anas = card('Crash on save');
    expect(within(anas).getByRole('button', { name: 'Release #101' })).toBeInTheDocument();
    const menu = within(anas).getByRole('combobox', { name: 'Move #101 to' });
    expect(within(menu).getAllByRole('option').map((option) => option.textContent)).toEqual(['Open', 'Needs review', 'Ready to commit', 'Done']);
    await userEvent.selectOptions(menu, 'Ready to commit');
    await userEvent.click(within(anas).getByRole('button', { name: 'Move #101' }));
    expect(client.sent).toEqual([{ name: 'issue:move', payload: { issueId: 'i1', column: 'ready' } }]);
  });
});
