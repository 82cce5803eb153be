import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { tick } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import Board from '../../client/components/board/Board.svelte';
import { toasts } from '../../client/lib/toasts.svelte.ts';
import { seeded } from './fake-client.svelte.ts';

const card = (title: string) => screen.getByRole('article', { name: title });
const menuItems = async (title: string) => {
  await userEvent.click(within(card(title)).getByRole('button', { name: /^Actions for/ }));
  return within(screen.getByRole('menu')).getAllByRole('menuitem').map((item) => item.textContent?.trim());
};

afterEach(() => {
  for (const toast of toasts.items) toasts.dismiss(toast.id);
});

describe('IssueCard', () => {
  it('shows number, title as the link to its panel, type and labels, and no forms', () => {
    render(Board, { client: seeded(), onjoin: () => {} });
    const crash = card('Crash on save');
    expect(crash).toHaveTextContent('#101');
    expect(within(crash).getByRole('link', { name: 'Crash on save' })).toHaveAttribute('href', '#/issue/101');
    expect(crash).toHaveTextContent('easy');
    expect(card('Dark theme')).toHaveTextContent('Feature request');
    expect(within(card('Typo in docs')).getByRole('link', { name: 'Typo in docs' })).toHaveAttribute('href', '#/issue/i3');
    for (const article of screen.getAllByRole('article')) {
      expect(within(article).queryByRole('combobox')).not.toBeInTheDocument();
      expect(within(article).queryByRole('textbox')).not.toBeInTheDocument();
    }
  });

  it('claims an open card with its one primary action', async () => {
    const client = seeded();
    render(Board, { client, onjoin: () => {} });
    await userEvent.click(within(card('Crash on save')).getByRole('button', { name: 'Claim #101' }));
    expect(client.sent).toEqual([{ name: 'issue:claim', payload: { issueId: 'i1' } }]);
  });

  it('shows a refused claim as a toast in the server’s words, and keeps focus on the card', async () => {
    const client = seeded();
    client.answer = { ok: false, error: { code: 'conflict', message: '#101 is already claimed by bob (since 09:02 UTC).' } };
    render(Board, { client, onjoin: () => {} });
    await userEvent.click(screen.getByRole('button', { name: 'Claim #101' }));
    await expect.poll(() => toasts.items.map((toast) => toast.text)).toEqual(['#101 is already claimed by bob (since 09:02 UTC).']);
    await expect.poll(() => document.activeElement?.closest('article')).toBe(card('Crash on save'));
  });

  it('shows who holds a card and for how long; its menu has Release and the moves, another’s card nothing to change', async () => {
    const client = seeded();
    client.happen('p1', { type: 'issue.claimed', issueId: 'i1' });
    client.happen('p2', { type: 'issue.claimed', issueId: 'i2' });
    render(Board, { client, onjoin: () => {} });
    expect(card('Crash on save')).toHaveTextContent(/ana · \d+ min|ana · /);
    // None pre-selected: a move is a choice of its own, and Open is said as what it is.
    expect(await menuItems('Crash on save')).toEqual(['Details and records', 'Release', 'Move to Open', 'Move to Needs review']);
    await userEvent.click(screen.getByRole('menuitem', { name: 'Move to Needs review' }));
    expect(client.sent).toEqual([{ name: 'issue:move', payload: { issueId: 'i1', column: 'review' } }]);
    expect(screen.queryByRole('menu')).not.toBeInTheDocument();

    const theirs = card('Dark theme');
    expect(theirs).toHaveTextContent('bob');
    expect(within(theirs).queryByRole('button', { name: /Claim/ })).not.toBeInTheDocument();
    expect(await menuItems('Dark theme')).toEqual(['Details and records']);
  });

  it('lets a mentor release and move anyone’s card, and calls taking finished work back a reopen', async () => {
    const client = seeded({ me: 'p2' });
    client.happen('p1', { type: 'issue.claimed', issueId: 'i1' });
    render(Board, { client, onjoin: () => {} });
    expect(await menuItems('Crash on save')).toEqual([
      'Details and records',
      'Release',
      'Move to Open',
      'Move to Needs review',
      'Move to Ready to commit',
      'Move to Done',
    ]);
    await userEvent.keyboard('{Escape}');
    client.happen('p2', { type: 'issue.moved', issueId: 'i1', from: 'in-progress', to: 'done' });
    await tick();
    expect(await menuItems('Crash on save')).toEqual([
      'Details and records',
      'Release',
      'Reopen to Open',
      'Reopen to In progress',
      'Reopen to Needs review',
      'Reopen to Ready to commit',
    ]);
  });

  it('offers a participant no Release and no move on their own Done card, and shows who fixed a released one', async () => {
    const client = seeded();
    client.happen('p1', { type: 'issue.claimed', issueId: 'i1' });
    client.happen('p2', { type: 'issue.moved', issueId: 'i1', from: 'in-progress', to: 'done' });
    render(Board, { client, onjoin: () => {} });
    expect(await menuItems('Crash on save')).toEqual(['Details and records']);
    client.happen('p2', { type: 'issue.released', issueId: 'i1' });
    await tick();
    expect(card('Crash on save')).toHaveTextContent('fixed by ana');
    expect(within(screen.getByRole('region', { name: /Done/ })).getByRole('article', { name: 'Crash on save' })).toBeInTheDocument();
  });

  it('walks the cards with j/k and the arrows, and moves one with ] without a select', async () => {
    const client = seeded();
    client.happen('p1', { type: 'issue.claimed', issueId: 'i1' });
    render(Board, { client, onjoin: () => {} });
    const link = (title: string) => screen.getByRole('link', { name: title });
    link('Dark theme').focus();
    await userEvent.keyboard('j');
    expect(link('Typo in docs')).toHaveFocus();
    await userEvent.keyboard('k');
    expect(link('Dark theme')).toHaveFocus();
    await userEvent.keyboard('{ArrowRight}');
    expect(link('Crash on save')).toHaveFocus();
    // One Tab stop for the board: only the current card's link and buttons are in the tab order.
    expect(link('Crash on save')).toHaveAttribute('tabindex', '0');
    expect(link('Dark theme')).toHaveAttribute('tabindex', '-1');
    await userEvent.keyboard(']');
    expect(client.sent).toEqual([{ name: 'issue:move', payload: { issueId: 'i1', column: 'review' } }]);
    await userEvent.keyboard('[[');
    expect(client.sent.at(-1)).toEqual({ name: 'issue:move', payload: { issueId: 'i1', column: 'open' } });
  });

  it('moves through its menu by arrow keys and gives focus back to the button on Escape', async () => {
    const client = seeded();
    client.happen('p1', { type: 'issue.claimed', issueId: 'i1' });
    render(Board, { client, onjoin: () => {} });
    const button = within(card('Crash on save')).getByRole('button', { name: 'Actions for #101' });
    await userEvent.click(button);
    expect(screen.getByRole('menuitem', { name: 'Details and records' })).toHaveFocus();
    await userEvent.keyboard('{ArrowDown}');
    expect(screen.getByRole('menuitem', { name: 'Release' })).toHaveFocus();
    await userEvent.keyboard('{ArrowUp}{ArrowUp}');
    expect(screen.getByRole('menuitem', { name: 'Move to Needs review' })).toHaveFocus();
    await userEvent.keyboard('{Escape}');
    expect(screen.queryByRole('menu')).not.toBeInTheDocument();
    expect(button).toHaveFocus();
  });

  it('shows co-workers, a first-timer’s mark, stale and commit requested on its one line of facts', async () => {
    const client = seeded();
    client.happen('p3', { type: 'person.joined', person: { id: 'p3', nick: 'cy', role: 'participant', joinedAt: 0, firstTime: true } });
    client.happen('p1', { type: 'issue.claimed', issueId: 'i1' }, { type: 'issue.paired', issueId: 'i1', personId: 'p3' });
    client.happen('system', { type: 'issue.stale', issueId: 'i1' });
    render(Board, { client, onjoin: () => {} });
    const crash = card('Crash on save');
    expect(crash).toHaveTextContent(/^#101.*Claimed by ana \+ cy/);
    // The mark is cy's alone, and says what it means to a screen reader.
    expect(within(crash).getAllByRole('img', { name: 'first-timer' })).toHaveLength(1);
    expect(within(crash).getByRole('img', { name: 'first-timer' })).toHaveTextContent('1st');
    expect(within(crash).getByText('stale')).toBeInTheDocument();
    expect(within(crash).queryByText('commit requested')).not.toBeInTheDocument();

    // A move by a holder is work on it: no longer stale; asked for a commit, it says so.
    client.happen('p1', { type: 'issue.patched', issueId: 'i1', url: 'https://example.org/p/1' });
    client.happen('p1', { type: 'issue.moved', issueId: 'i1', from: 'in-progress', to: 'review' });
    client.happen('p3', { type: 'issue.commitAsked', issueId: 'i1' });
    await tick();
    expect(within(crash).queryByText('stale')).not.toBeInTheDocument();
    expect(within(card('Crash on save')).getByText('commit requested')).toBeInTheDocument();
  });

  it('describes a card that goes against the event’s focus by the focus, on its title and its Claim', async () => {
    const client = seeded();
    client.happen('p2', { type: 'event.updated', info: { focus: { text: 'Bug fixes and docs only', discouraged: ['feature'] } } });
    render(Board, { client, onjoin: () => {} });
    const hint = 'Not this event’s focus (“Bug fixes and docs only”): claiming it asks you first.';
    const dark = card('Dark theme');
    expect(within(dark).getByRole('link', { name: 'Dark theme' })).toHaveAccessibleDescription(hint);
    expect(within(dark).getByRole('button', { name: 'Claim #102' })).toHaveAccessibleDescription(hint);
    expect(within(card('Crash on save')).getByRole('link', { name: 'Crash on save' })).not.toHaveAccessibleDescription();
    // Once someone has it there is no claim left to ask about.
    client.happen('p2', { type: 'issue.claimed', issueId: 'i2' });
    await tick();
    expect(within(card('Dark theme')).getByRole('link', { name: 'Dark theme' })).not.toHaveAccessibleDescription();
  });
});
