import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import HelpQueue from '../../client/components/help/HelpQueue.svelte';
import { seeded, type FakeClient } from './fake-client.svelte.ts';

/** The help form's issue picker, driven as a person would: by keyboard and pointer, found by role and name. */
function renderForm(client: FakeClient = seeded()) {
  render(HelpQueue, { client, onjoin: () => {}, onshowissue: () => {} });
  return screen.getByRole('combobox', { name: 'Issue (optional)' });
}

const listbox = () => screen.getByRole('listbox', { name: 'Issue (optional)' });
const optionNames = () => within(listbox()).getAllByRole('option').map((option) => option.textContent);
const activeOption = (box: HTMLElement) => document.getElementById(box.getAttribute('aria-activedescendant') ?? '');

async function ask(client: FakeClient, note = 'stuck') {
  await userEvent.type(screen.getByRole('textbox', { name: 'What do you need help with?' }), note);
  await userEvent.click(screen.getByRole('button', { name: 'Ask for help' }));
  return client.sent.at(-1);
}

function bigBoard(issues: number): FakeClient {
  const client = seeded();
  for (let i = 0; i < issues; i += 1) {
    const n = String(i).padStart(4, '0');
    client.happen('p2', { type: 'issue.created', issue: { id: `b${n}`, number: 5000 + i, title: `Bench issue ${n}`, type: 'bug', labels: [] } });
  }
  return client;
}

describe('IssuePicker', () => {
  it('finds an issue by its number as you type, and Enter picks it for help:raise', async () => {
    const client = seeded();
    const box = renderForm(client);
    expect(box).toHaveAttribute('aria-expanded', 'false');
    expect(box).toHaveDisplayValue('');
    await userEvent.type(box, '#102');
    expect(box).toHaveAttribute('aria-expanded', 'true');
    expect(optionNames()).toEqual(['None', '#102 Dark theme']);
    // The best match is the one Enter takes, and the box says so.
    expect(activeOption(box)).toHaveTextContent('#102 Dark theme');
    expect(activeOption(box)).toHaveAttribute('aria-selected', 'true');
    await userEvent.keyboard('{Enter}');
    expect(box).toHaveAttribute('aria-expanded', 'false');
    expect(box).toHaveDisplayValue('#102 Dark theme');
    expect(await ask(client)).toEqual({ name: 'help:raise', payload: { note: 'stuck', issueId: 'i2' } });
  });

  it('moves with the arrows, picks with Enter, and Escape closes without changing the choice', async () => {
    const client = seeded();
    const box = renderForm(client);
    await userEvent.click(box);
    expect(optionNames()).toEqual(['None', '#101 Crash on save', '#102 Dark theme', 'Typo in docs']);
    expect(activeOption(box)).toHaveTextContent('None');
    await userEvent.keyboard('{ArrowDown}{ArrowDown}{ArrowUp}');
    expect(activeOption(box)).toHaveTextContent('#101 Crash on save');
    await userEvent.keyboard('{Enter}');
    expect(box).toHaveDisplayValue('#101 Crash on save');

    await userEvent.keyboard('{ArrowDown}');
    expect(activeOption(box)).toHaveTextContent('#101 Crash on save');
    await userEvent.keyboard('{ArrowDown}{Escape}');
    expect(box).toHaveAttribute('aria-expanded', 'false');
    expect(box).not.toHaveAttribute('aria-activedescendant');
    expect(box).toHaveDisplayValue('#101 Crash on save');
    expect(await ask(client)).toEqual({ name: 'help:raise', payload: { note: 'stuck', issueId: 'i1' } });
  });

  it('finds by words of the title, and takes a pointer too', async () => {
    const client = seeded();
    const box = renderForm(client);
    await userEvent.type(box, 'typo');
    expect(optionNames()).toEqual(['None', 'Typo in docs']);
    await userEvent.click(within(listbox()).getByRole('option', { name: 'Typo in docs' }));
    expect(box).toHaveDisplayValue('Typo in docs');
    expect(box).toHaveFocus();
    expect(await ask(client)).toEqual({ name: 'help:raise', payload: { note: 'stuck', issueId: 'i3' } });
  });

  it('offers None, since the issue is optional, over the one I hold', async () => {
    const client = seeded();
    client.happen('p1', { type: 'issue.claimed', issueId: 'i2' });
    const box = renderForm(client);
    expect(box).toHaveDisplayValue('#102 Dark theme');
    await userEvent.click(box);
    expect(activeOption(box)).toHaveTextContent('#102 Dark theme');
    await userEvent.keyboard('{ArrowUp}{ArrowUp}{Enter}');
    expect(box).toHaveDisplayValue('');
    expect(await ask(client)).toEqual({ name: 'help:raise', payload: { note: 'stuck' } });
  });

  it('keeps my choice while the board changes around it', async () => {
    const client = seeded();
    const box = renderForm(client);
    await userEvent.type(box, 'typo{Enter}');
    client.happen('p2', { type: 'issue.claimed', issueId: 'i1' });
    client.happen('p1', { type: 'issue.claimed', issueId: 'i2' });
    await Promise.resolve();
    expect(box).toHaveDisplayValue('Typo in docs');
    expect(await ask(client)).toEqual({ name: 'help:raise', payload: { note: 'stuck', issueId: 'i3' } });
  });

  it('says when nothing matches, and leaves the choice as it was', async () => {
    const box = renderForm();
    await userEvent.type(box, 'zebra');
    expect(optionNames()).toEqual(['None']);
    expect(screen.getByText('No open issue matches “zebra”.')).toBeInTheDocument();
    await userEvent.keyboard('{Escape}');
    expect(box).toHaveDisplayValue('');
  });

  it('renders a window of matches of a 1,000-issue board, and none while closed', async () => {
    const box = renderForm(bigBoard(1_000));
    expect(document.querySelectorAll('[role="option"], option')).toHaveLength(0);
    await userEvent.click(box);
    // None, then the first 50 of 1,003 open issues.
    expect(within(listbox()).getAllByRole('option')).toHaveLength(51);
    expect(screen.getByText('953 more: keep typing')).toBeInTheDocument();
    await userEvent.type(box, 'issue 099');
    // Titles with a word that starts "099" first, then the one that has it inside a word.
    expect(optionNames()).toEqual(['None', ...Array.from({ length: 10 }, (_, i) => `#${5990 + i} Bench issue 099${i}`), '#5099 Bench issue 0099']);
    expect(screen.queryByText(/more: keep typing/)).not.toBeInTheDocument();
    await userEvent.clear(box);
    await userEvent.type(box, '#5999');
    expect(optionNames()).toEqual(['None', '#5999 Bench issue 0999']);
  });
});
