import { fireEvent, render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tick } from 'svelte';
import Board from '../../client/components/board/Board.svelte';
import ToastList from '../../client/components/shell/Toasts.svelte';
import { clockTime } from '../../client/lib/time.ts';
import { toasts } from '../../client/lib/toasts.svelte.ts';
import { seeded } from './fake-client.svelte.ts';

const column = (name: RegExp) => screen.getByRole('region', { name });

afterEach(() => toasts.clear());

describe('Board', () => {
  it('lists the five columns with their counts, cards in their column', () => {
    const client = seeded();
    client.happen('p1', { type: 'issue.claimed', issueId: 'i2' });
    render(Board, { client, onjoin: () => {} });
    const headings = screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent);
    expect(headings).toEqual(['Open 2 issues', 'In progress 1 issues', 'Needs review 0 issues', 'Ready to commit 0 issues', 'Done 0 issues']);
    expect(within(column(/^In progress/)).getByRole('article', { name: 'Dark theme' })).toBeInTheDocument();
  });

  it('puts a long column on screen a screenful first, the rest in slices after it, and later cards at once', async () => {
    const client = seeded();
    const cards = Array.from({ length: 150 }, (_, i) => ({ type: 'issue.created' as const, issue: { id: `n${i}`, title: `Card ${i}`, type: 'bug' as const, labels: [] } }));
    client.happen('p3', ...cards);
    const open = Object.values(client.board.issues).filter((issue) => issue.column === 'open').length;
    render(Board, { client, onjoin: () => {} });
    // Enough 88-px cards (every card is that size) to fill the window, far from all of them.
    const first = within(column(/^Open/)).getAllByRole('article').length;
    expect(first).toBeGreaterThanOrEqual(Math.ceil(window.innerHeight / 88));
    expect(first).toBeLessThan(open / 4);
    expect(column(/^Open/)).toHaveTextContent(`Open ${open} issues`);
    // Slices are sized to take a few milliseconds each, and jsdom builds cards slowly: counted
    // cheaply while they come (asking by role means reading every card each time), then by role.
    const openColumn = column(/^Open/);
    await vi.waitFor(() => expect(openColumn.querySelectorAll('article')).toHaveLength(open), { timeout: 10_000 });
    expect(within(openColumn).getAllByRole('article')).toHaveLength(open);

    // An import of many more once the board is out shows whole, without waiting for frames.
    client.happen('p3', ...cards.map(({ issue }) => ({ type: 'issue.created' as const, issue: { ...issue, id: `late-${issue.id}` } })));
    await tick();
    expect(within(column(/^Open/)).getAllByRole('article')).toHaveLength(open + cards.length);
  }, 20_000);

  it('follows the live state: a claim made elsewhere moves the card', async () => {
    const client = seeded();
    render(Board, { client, onjoin: () => {} });
    client.happen('p2', { type: 'issue.claimed', issueId: 'i1' });
    expect(await within(column(/^In progress/)).findByRole('article', { name: 'Crash on save' })).toHaveTextContent('bob');
  });

  it('moves my card to the column it is dropped on', async () => {
    const client = seeded();
    client.happen('p1', { type: 'issue.claimed', issueId: 'i1' });
    render(Board, { client, onjoin: () => {} });
    const mine = screen.getByRole('article', { name: 'Crash on save' });
    expect(mine).toHaveAttribute('draggable', 'true');
    await fireEvent.dragStart(mine);
    await fireEvent.dragOver(column(/^Needs review/));
    await fireEvent.drop(column(/^Needs review/));
    expect(client.sent).toEqual([{ name: 'issue:move', payload: { issueId: 'i1', column: 'review' } }]);
  });

  it('does not take a participant’s drop on Ready to commit, which is a mentor’s call', async () => {
    const client = seeded();
    client.happen('p1', { type: 'issue.claimed', issueId: 'i1' });
    render(Board, { client, onjoin: () => {} });
    await fireEvent.dragStart(screen.getByRole('article', { name: 'Crash on save' }));
    await fireEvent.drop(column(/^Ready to commit/));
    expect(client.sent).toEqual([]);
  });

  it('gives a lurker no write control, only a way to join', async () => {
    const onjoin = vi.fn();
    render(Board, { client: seeded({ me: null }), onjoin });
    expect(screen.queryByRole('button', { name: /Claim|Release|Move|Add issue/ })).not.toBeInTheDocument();
    expect(screen.queryByText('Add issue')).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Join' }));
    expect(onjoin).toHaveBeenCalled();
  });

  it('says the event’s focus over the board, and which claims ask first', async () => {
    const client = seeded();
    render(Board, { client, onjoin: () => {} });
    expect(screen.queryByText(/^Focus:/)).not.toBeInTheDocument();
    client.happen('p2', { type: 'event.updated', info: { focus: { text: 'Bug fixes and docs only', discouraged: ['feature', 'other'] } } });
    await tick();
    expect(screen.getByText('Focus:').parentElement).toHaveTextContent(
      /^Focus: Bug fixes and docs only Claiming feature requests and other issues asks you first\.$/,
    );
    client.happen('p2', { type: 'event.updated', info: { focus: { text: '', discouraged: [] } } });
    await tick();
    expect(screen.queryByText('Focus:')).not.toBeInTheDocument();
  });
});

describe('a card of mine going stale', () => {
  /** ana holds #101, bob #102 with ana on it as a co-worker; the board is on screen with its toasts. */
  function holding() {
    const client = seeded();
    client.happen('p1', { type: 'issue.claimed', issueId: 'i1' });
    client.happen('p2', { type: 'issue.claimed', issueId: 'i2' }, { type: 'issue.paired', issueId: 'i2', personId: 'p1' });
    render(Board, { client, onjoin: () => {} });
    render(ToastList, { toasts });
    return client;
  }
  const released = (client: ReturnType<typeof seeded>, issueId: string) => {
    const issue = client.board.issues[issueId]!;
    return clockTime(issue.staleAt! + client.board.event.claims.graceMinutes * 60_000);
  };

  it('tells me with a toast that stays, whose Extend extends it; extended, the toast goes', async () => {
    const client = holding();
    client.happen('system', { type: 'issue.stale', issueId: 'i1' });
    await tick();
    const text = `#101 went stale: nobody worked on it for 3 h. Extend it, or it is released at ${released(client, 'i1')}.`;
    expect(toasts.items.map((toast) => toast.text)).toEqual([text]);
    await userEvent.click(await screen.findByRole('button', { name: `Extend: ${text}` }));
    expect(client.sent).toEqual([{ name: 'issue:extend', payload: { issueId: 'i1' } }]);
    expect(toasts.items).toHaveLength(1);
    client.happen('p1', { type: 'issue.extended', issueId: 'i1' });
    await tick();
    expect(toasts.items).toEqual([]);
  });

  it('tells a co-worker too, and takes the toast away when the card is released', async () => {
    const client = holding();
    client.happen('system', { type: 'issue.stale', issueId: 'i2' });
    await tick();
    expect(toasts.items.map((toast) => toast.text)).toEqual([expect.stringMatching(/^#102 went stale:/)]);
    client.happen('system', { type: 'issue.released', issueId: 'i2', reason: 'expired' });
    await tick();
    expect(toasts.items).toEqual([]);
  });

  it('says nothing of someone else’s card, nor of one that was stale before the page had the board', async () => {
    const client = seeded();
    client.happen('p1', { type: 'issue.claimed', issueId: 'i1' }, { type: 'issue.claimed', issueId: 'i3' });
    client.happen('p2', { type: 'issue.claimed', issueId: 'i2' });
    client.happen('system', { type: 'issue.stale', issueId: 'i3' });
    render(Board, { client, onjoin: () => {} });
    client.happen('system', { type: 'issue.stale', issueId: 'i2' });
    await tick();
    expect(toasts.items).toEqual([]);
    // It is news again if it goes stale once more after some work on it.
    client.happen('p1', { type: 'issue.extended', issueId: 'i3' });
    client.happen('system', { type: 'issue.stale', issueId: 'i3' });
    await tick();
    expect(toasts.items.map((toast) => toast.text)).toEqual([expect.stringMatching(/^“Typo in docs” went stale:/)]);
  });

  it('shows the server’s refusal of the Extend as an error toast', async () => {
    const client = holding();
    client.answer = { ok: false, error: { code: 'conflict', message: '#101 is not claimed by anyone.' } };
    client.happen('system', { type: 'issue.stale', issueId: 'i1' });
    await tick();
    await userEvent.click(await screen.findByRole('button', { name: /^Extend:/ }));
    await vi.waitFor(() => expect(toasts.items.map((toast) => toast.tone)).toEqual(['info', 'error']));
    expect(toasts.items[1]!.text).toBe('#101 is not claimed by anyone.');
  });
});
