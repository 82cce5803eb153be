import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { tick } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import Board from '../../client/components/board/Board.svelte';
import { setNarrow } from './browser-gaps.ts';
import { seeded } from './fake-client.svelte.ts';

/**
 * The filter bar over the board, with the board under it: seeded's three cards (#101 "Crash on
 * save", a bug labelled easy; #102 "Dark theme", a feature; "Typo in docs", docs) and a fourth
 * that bob holds, in progress.
 */
function board(options: { me?: string | null; at?: string } = {}) {
  history.replaceState(null, '', options.at ?? '/');
  const client = seeded(options.me === undefined ? {} : { me: options.me });
  client.happen(
    'p2',
    { type: 'issue.created', issue: { id: 'i4', number: 104, title: 'Crash on load', type: 'bug', labels: ['Easy', 'ui'] } },
    { type: 'issue.claimed', issueId: 'i4' },
  );
  render(Board, { client, onjoin: () => {} });
  return client;
}

/** The titles of the cards on screen, in board order. */
const cards = () => screen.queryAllByRole('article').map((card) => within(card).getByRole('heading', { level: 3 }).textContent);
const heading = (name: RegExp) => screen.getByRole('heading', { level: 2, name });
const search = () => screen.getByRole('searchbox', { name: 'Search' });
const bar = () => screen.getByRole('search', { name: 'Filter the board' });
/** The type, label and column choices, folded under the Filters button. */
async function choices() {
  const more = within(bar()).getByRole('button', { name: /^Filters/ });
  if (more.getAttribute('aria-expanded') !== 'true') await userEvent.click(more);
  // The selects' code comes the first time the panel opens.
  return {
    type: await within(bar()).findByRole('combobox', { name: 'Type' }),
    label: within(bar()).getByRole('combobox', { name: 'Label' }),
    column: within(bar()).getByRole('combobox', { name: 'Column' }),
  };
}

afterEach(() => history.replaceState(null, '', '/'));

describe('the filter bar', () => {
  it('shows every card and no count of matches while nothing is asked', () => {
    board();
    expect(cards()).toEqual(['Crash on save', 'Dark theme', 'Typo in docs', 'Crash on load']);
    expect(heading(/^Open/)).toHaveTextContent('Open 3 issues');
    expect(within(bar()).queryByText(/match/)).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Clear filters' })).not.toBeInTheDocument();
  });

  it('reads the filter from the address the page opened at, for a lurker too', async () => {
    board({ me: null, at: '/?label=easy&free=1#/issue/101' });
    expect(cards()).toEqual(['Crash on save']);
    expect(heading(/^Open/)).toHaveTextContent('Open 1 of 3 issues');
    expect(heading(/^In progress/)).toHaveTextContent('In progress 0 of 1 issues');
    expect(bar()).toHaveTextContent('1 of 4 issues match');
    expect(within(bar()).getByRole('button', { name: 'Filters (1)' })).toHaveAttribute('aria-expanded', 'false');
    expect((await choices()).label).toHaveDisplayValue('easy');
    expect(screen.getByRole('checkbox', { name: 'Unclaimed' })).toBeChecked();
    expect(location.hash).toBe('#/issue/101');
  });

  it('narrows as I type, in the address without a history entry per key, the card’s #hash kept', async () => {
    board({ at: '/#/issue/102' });
    const entries = history.length;
    const replaced = vi.spyOn(history, 'replaceState');
    await userEvent.type(search(), 'crash ');
    expect(cards()).toEqual(['Crash on save', 'Crash on load']);
    expect(search()).toHaveValue('crash ');
    // Written once typing pauses, not at every key.
    await vi.waitFor(() => expect(location.search).toBe('?q=crash'));
    expect(replaced).toHaveBeenCalledTimes(1);
    expect(location.hash).toBe('#/issue/102');
    await userEvent.type(search(), '#104');
    expect(cards()).toEqual(['Crash on load']);
    await vi.waitFor(() => expect(location.search).toBe('?q=crash+%23104'));
    expect(replaced).toHaveBeenCalledTimes(2);
    expect(history.length).toBe(entries);
    replaced.mockRestore();
    expect(search()).toHaveFocus();
  });

  it('filters by type, label and column, each a select under Filters, and keeps what the address says besides', async () => {
    board({ at: '/?view=stats' });
    const { type, label, column } = await choices();
    await userEvent.selectOptions(type, 'Bug');
    expect(cards()).toEqual(['Crash on save', 'Crash on load']);
    await userEvent.selectOptions(column, 'In progress');
    expect(cards()).toEqual(['Crash on load']);
    expect(location.search).toBe('?view=stats&column=in-progress&type=bug');
    await userEvent.selectOptions(column, 'Any column');
    await userEvent.selectOptions(label, 'ui');
    expect(cards()).toEqual(['Crash on load']);
    // Labels are one whatever their case: "Easy" on #104 and "easy" on #101 are listed once.
    expect(within(label).getAllByRole('option').map((option) => option.textContent)).toEqual(['Any label', 'easy', 'ui']);
    await userEvent.selectOptions(label, 'easy');
    expect(cards()).toEqual(['Crash on save', 'Crash on load']);
    expect(location.search).toBe('?view=stats&label=easy&type=bug');
    expect(within(bar()).getByRole('button', { name: 'Filters (2)' })).toHaveAttribute('aria-expanded', 'true');
  });

  it('shows a link’s several values as one choice, until another is picked', async () => {
    board({ at: '/?type=docs&type=feature' });
    const { type } = await choices();
    expect(type).toHaveDisplayValue('Feature or Docs');
    expect(cards()).toEqual(['Dark theme', 'Typo in docs']);
    await userEvent.selectOptions(type, 'Docs');
    expect(cards()).toEqual(['Typo in docs']);
    expect(within(type).queryByRole('option', { name: /or/ })).not.toBeInTheDocument();
  });

  it('toggles Unclaimed and Stale, and Mine for a person who joined', async () => {
    const client = board();
    client.happen('p1', { type: 'issue.claimed', issueId: 'i2' });
    await userEvent.click(screen.getByRole('checkbox', { name: 'Unclaimed' }));
    expect(cards()).toEqual(['Crash on save', 'Typo in docs']);
    await userEvent.click(screen.getByRole('checkbox', { name: 'Unclaimed' }));
    await userEvent.click(screen.getByRole('checkbox', { name: 'Mine' }));
    expect(cards()).toEqual(['Dark theme']);
    expect(location.search).toBe('?mine=1');
    await userEvent.click(screen.getByRole('checkbox', { name: 'Mine' }));
    await userEvent.click(screen.getByRole('checkbox', { name: 'Stale' }));
    expect(cards()).toEqual([]);
    client.happen('system', { type: 'issue.stale', issueId: 'i4' });
    await tick();
    expect(cards()).toEqual(['Crash on load']);
  });

  it('offers a lurker no Mine', () => {
    board({ me: null });
    expect(screen.queryByRole('checkbox', { name: 'Mine' })).not.toBeInTheDocument();
  });

  it('shows a lurker’s Mine from a link, on, with the empty board it gives', () => {
    board({ me: null, at: '/?mine=1' });
    expect(screen.getByRole('checkbox', { name: 'Mine' })).toBeChecked();
    expect(cards()).toEqual([]);
    expect(bar()).toHaveTextContent('0 of 4 issues match');
  });

  it('offers First-timer friendly once the event names its label, and follows the label', async () => {
    const client = board();
    expect(screen.queryByRole('checkbox', { name: /First-timer friendly/ })).not.toBeInTheDocument();
    client.happen('p2', { type: 'event.updated', info: { friendlyLabel: 'easy' } });
    await tick();
    await userEvent.click(screen.getByRole('checkbox', { name: 'First-timer friendly (easy)' }));
    expect(cards()).toEqual(['Crash on save', 'Crash on load']);
    expect(location.search).toBe('?friendly=1');
    client.happen('p2', { type: 'event.updated', info: { friendlyLabel: 'ui' } });
    await tick();
    expect(cards()).toEqual(['Crash on load']);
  });

  it('clears every filter at once and leaves focus in the search', async () => {
    board({ at: '/?q=crash&type=bug&stale=1#/issue/101' });
    expect(search()).toHaveValue('crash');
    await userEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(cards()).toHaveLength(4);
    expect(search()).toHaveValue('');
    expect(search()).toHaveFocus();
    expect(location.search).toBe('');
    expect(location.hash).toBe('#/issue/101');
  });

  it('follows the address when Back or Forward brings another', async () => {
    board();
    await userEvent.type(search(), 'crash');
    history.replaceState(null, '', '/?type=docs');
    window.dispatchEvent(new PopStateEvent('popstate'));
    await tick();
    expect(cards()).toEqual(['Typo in docs']);
    expect(search()).toHaveValue('');
    expect((await choices()).type).toHaveDisplayValue('Docs');
  });

  it('says how many match once the filter rests, not at every key', async () => {
    board();
    const region = within(bar()).getByRole('status');
    await userEvent.type(search(), 'crash');
    expect(region.textContent).toBe('');
    await screen.findByText('2 of 4 issues match', { selector: '[role="status"]' });
    await userEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
    await screen.findByText('Showing all 4 issues', { selector: '[role="status"]' });
  });

  it('walks only the cards on screen with the keys, and Tab reaches the first of them', async () => {
    board({ at: '/?q=crash' });
    const save = screen.getByRole('link', { name: 'Crash on save' });
    expect(save).toHaveAttribute('tabindex', '0');
    save.focus();
    await userEvent.keyboard('l');
    expect(screen.getByRole('link', { name: 'Crash on load' })).toHaveFocus();
    await userEvent.keyboard('h');
    expect(save).toHaveFocus();
  });

  it('hands focus to the first card on screen when my claim takes the card out of the filter', async () => {
    const client = board({ at: '/?free=1' });
    client.answer = { ok: true, data: { seq: client.board.seq + 1 } };
    await userEvent.click(screen.getByRole('button', { name: 'Claim #101' }));
    client.happen('p1', { type: 'issue.claimed', issueId: 'i1' });
    await vi.waitFor(() => expect(screen.getByRole('link', { name: 'Dark theme' })).toHaveFocus());
    expect(cards()).toEqual(['Dark theme', 'Typo in docs']);
  });

  it('goes to the search on "/", but not from a text field', async () => {
    board();
    screen.getByRole('link', { name: 'Crash on save' }).focus();
    await userEvent.keyboard('/');
    expect(search()).toHaveFocus();
    expect(search()).toHaveValue('');
    const other = document.body.appendChild(document.createElement('textarea'));
    other.focus();
    await userEvent.keyboard('/');
    expect(other).toHaveFocus();
    expect(other).toHaveValue('/');
    other.remove();
  });

  it('on a phone keeps the search and folds the rest under “Filters”, counting what is chosen', async () => {
    setNarrow(true);
    board({ at: '/?type=bug&free=1' });
    const more = screen.getByRole('button', { name: 'Filters (2)' });
    expect(more).toHaveAttribute('aria-expanded', 'false');
    expect(search()).toBeVisible();
    expect(screen.queryByRole('checkbox', { name: 'Unclaimed' })).not.toBeInTheDocument();
    await userEvent.click(more);
    expect(more).toHaveAttribute('aria-expanded', 'true');
    await userEvent.click(screen.getByRole('checkbox', { name: 'Unclaimed' }));
    expect(screen.getByRole('button', { name: 'Filters (1)' })).toBe(more);
    await userEvent.click(more);
    expect(within(bar()).queryByRole('combobox', { name: 'Type' })).not.toBeInTheDocument();
  });

  it('on a wide screen keeps the toggles in the search’s row, and counts only what is folded', () => {
    board({ at: '/?type=bug&free=1' });
    expect(screen.getByRole('checkbox', { name: 'Unclaimed' })).toBeChecked();
    expect(within(bar()).getByRole('button', { name: 'Filters (1)' })).toHaveAttribute('aria-expanded', 'false');
  });
});
