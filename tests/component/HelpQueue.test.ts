import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { tick } from 'svelte';
import { describe, expect, it } from 'vitest';
import HelpQueue from '../../client/components/help/HelpQueue.svelte';
import type { EventBody } from '../../shared/protocol.ts';
import { seeded } from './fake-client.svelte.ts';

const renderHelp = (client = seeded()) => render(HelpQueue, { client, onjoin: () => {}, onshowissue: () => {} });

describe('HelpQueue', () => {
  it('raises a help flag with a note, about the issue I hold by default', async () => {
    const client = seeded();
    client.happen('p1', { type: 'issue.claimed', issueId: 'i2' });
    renderHelp(client);
    expect(screen.getByRole('combobox', { name: 'Issue (optional)' })).toHaveDisplayValue('#102 Dark theme');
    await userEvent.type(screen.getByRole('textbox', { name: 'What do you need help with?' }), 'tests will not run');
    await userEvent.click(screen.getByRole('button', { name: 'Ask for help' }));
    expect(client.sent).toEqual([{ name: 'help:raise', payload: { note: 'tests will not run', issueId: 'i2' } }]);
  });

  it('lists open flags with their wait, and lets someone else take one', async () => {
    const client = seeded({ me: 'p2' });
    client.happen('p1', { type: 'help.raised', helpId: 'h9', note: 'stuck on #101', issueId: 'i1' });
    renderHelp(client);
    const flag = screen.getByRole('listitem', { name: 'Help flag from ana' });
    expect(flag).toHaveTextContent(/ana — waiting \d+ (min|h)/);
    // Once in the note, once as the issue the flag is about.
    expect(within(flag).getAllByRole('link', { name: '#101' })).toHaveLength(2);
    await userEvent.click(within(flag).getByRole('button', { name: 'Take help flag from ana' }));
    expect(client.sent).toEqual([{ name: 'help:take', payload: { helpId: 'h9' } }]);
    // Holding no open flag, a mentor may still raise one of their own.
    expect(screen.getByRole('button', { name: 'Ask for help' })).toBeInTheDocument();
  });

  it('puts the flags above the form for a mentor, who answers them, and below it for a participant, who asks', () => {
    for (const [me, flagsFirst] of [['p2', true], ['p1', false]] as const) {
      const client = seeded({ me });
      client.person('p3', 'cy');
      client.happen('p3', { type: 'help.raised', helpId: 'h9', note: 'stuck' });
      const { unmount } = renderHelp(client);
      const flag = screen.getByRole('listitem', { name: 'Help flag from cy' });
      const form = screen.getByRole('textbox', { name: 'What do you need help with?' });
      const before = Boolean(flag.compareDocumentPosition(form) & Node.DOCUMENT_POSITION_FOLLOWING);
      expect(before, me).toBe(flagsFirst);
      unmount();
    }
  });

  it('keeps focus on the flag when Take gives way to Resolve, and on the queue when Resolve takes the flag away', async () => {
    const client = seeded({ me: 'p2' });
    client.happen('p1', { type: 'help.raised', helpId: 'h9', note: 'stuck' });
    // The server's events arrive with the answer, as they do from the real one.
    const send = client.send.bind(client);
    client.send = (async (name, payload) => {
      const answer = await send(name, payload);
      client.happen('p2', { type: name === 'help:take' ? 'help.taken' : 'help.resolved', helpId: 'h9' });
      return answer;
    }) as typeof client.send;
    renderHelp(client);
    await userEvent.click(screen.getByRole('button', { name: 'Take help flag from ana' }));
    await expect.poll(() => document.activeElement).toBe(screen.getByRole('listitem', { name: 'Help flag from ana' }));
    await userEvent.click(screen.getByRole('button', { name: 'Resolve help flag from ana' }));
    await expect.poll(() => document.activeElement?.id).toBe('help-heading');
  });

  it('lets the asker cancel, but not take, their own flag', async () => {
    const client = seeded();
    client.happen('p1', { type: 'help.raised', helpId: 'h9', note: 'help' });
    renderHelp(client);
    const flag = screen.getByRole('listitem', { name: 'Help flag from ana' });
    expect(within(flag).queryByRole('button', { name: /Take/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Ask for help' })).not.toBeInTheDocument();
    await userEvent.click(within(flag).getByRole('button', { name: 'Cancel' }));
    expect(client.sent).toEqual([{ name: 'help:cancel', payload: { helpId: 'h9' } }]);
  });

  it('shows who is helping once taken, and a refusal on the flag', async () => {
    const client = seeded({ me: 'p2' });
    client.person('p3', 'cy');
    client.happen('p1', { type: 'help.raised', helpId: 'h9', note: 'help' });
    client.happen('p3', { type: 'help.taken', helpId: 'h9' });
    renderHelp(client);
    const flag = screen.getByRole('listitem', { name: 'Help flag from ana' });
    expect(flag).toHaveTextContent('cy is helping');
    // Taken, so no Take; any mentor may still resolve it, as decide allows (a flag left behind gets closed).
    expect(within(flag).getAllByRole('button').map((button) => button.textContent)).toEqual(['Resolve help flag from ana']);
  });

  it('reports a refused take on the flag itself', async () => {
    const client = seeded({ me: 'p2' });
    client.happen('p1', { type: 'help.raised', helpId: 'h9', note: 'help' });
    client.answer = { ok: false, error: { code: 'conflict', message: 'cy is already helping ana.' } };
    renderHelp(client);
    const flag = screen.getByRole('listitem', { name: 'Help flag from ana' });
    await userEvent.click(within(flag).getByRole('button', { name: /Take/ }));
    expect(within(flag).getByRole('alert')).toHaveTextContent('cy is already helping ana.');
  });

  it('has no controls for a lurker, and hides closed flags', () => {
    const client = seeded({ me: null });
    client.happen('p1', { type: 'help.raised', helpId: 'h9', note: 'help' }, { type: 'help.cancelled', helpId: 'h9' });
    renderHelp(client);
    expect(screen.getByText('Nobody is waiting for help.')).toBeInTheDocument();
    expect(screen.queryByRole('textbox')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Join' })).toBeInTheDocument();
  });

  /** ana's #101, patched and up for review: what a commit may be asked for. */
  const inReview: EventBody[] = [
    { type: 'issue.claimed', issueId: 'i1' },
    { type: 'issue.patched', issueId: 'i1', url: 'https://example.org/p/1' },
    { type: 'issue.moved', issueId: 'i1', from: 'in-progress', to: 'review' },
  ];

  it('puts the commits asked for at the top of a mentor’s rail, each opening its card, until a move answers it', async () => {
    const client = seeded({ me: 'p2' });
    client.happen('p1', ...inReview, { type: 'issue.commitAsked', issueId: 'i1', note: 'reviewed, see #102' });
    client.happen('p1', { type: 'help.raised', helpId: 'h9', note: 'stuck' });
    const shown: string[] = [];
    render(HelpQueue, { client, onjoin: () => {}, onshowissue: (id: string) => shown.push(id) });
    const commits = screen.getByRole('region', { name: /^Commit requested/ });
    expect(commits.compareDocumentPosition(screen.getByRole('listitem', { name: 'Help flag from ana' })) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    const [item] = within(commits).getAllByRole('listitem');
    expect(item).toHaveTextContent(/Asked by ana, waiting \d+ (min|h)/);
    expect(item).toHaveTextContent('reviewed, see #102');
    const link = within(item!).getByRole('link', { name: '#101 Crash on save' });
    expect(link).toHaveAttribute('href', '#/issue/101');
    await userEvent.click(link);
    await userEvent.click(within(item!).getByRole('link', { name: '#102' }));
    expect(shown).toEqual(['i1', 'i2']);

    client.happen('p2', { type: 'issue.moved', issueId: 'i1', from: 'review', to: 'ready' });
    await tick();
    expect(screen.queryByRole('region', { name: /^Commit requested/ })).not.toBeInTheDocument();
  });

  it('lists the longest-waiting request first, and shows none to a participant', async () => {
    const client = seeded({ me: 'p2' });
    client.person('p3', 'cy');
    client.happen('p3', { type: 'issue.created', issue: { id: 'i4', number: 104, title: 'Slow start', type: 'bug', labels: [] } });
    client.happen('p3', { type: 'issue.claimed', issueId: 'i4' }, { type: 'issue.patched', issueId: 'i4', url: 'https://example.org/p/4' });
    client.happen('p3', { type: 'issue.moved', issueId: 'i4', from: 'in-progress', to: 'review' }, { type: 'issue.commitAsked', issueId: 'i4' });
    client.happen('p1', ...inReview, { type: 'issue.commitAsked', issueId: 'i1' });
    const { unmount } = renderHelp(client);
    const commits = screen.getByRole('region', { name: /^Commit requested/ });
    expect(within(commits).getAllByRole('link').map((link) => link.textContent)).toEqual(['#104 Slow start', '#101 Crash on save']);
    unmount();
    client.personId = 'p1';
    renderHelp(client);
    expect(screen.queryByRole('region', { name: /^Commit requested/ })).not.toBeInTheDocument();
  });
});
