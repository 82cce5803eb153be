import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { tick } from 'svelte';
import { describe, expect, it } from 'vitest';
import HelpQueue from '../../client/components/help/HelpQueue.svelte';
import type { EventBody, PresenceEntry } from '../../shared/protocol.ts';
import { clockTime } from '../../client/lib/time.ts';
import { seeded, type FakeClient } from './fake-client.svelte.ts';

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
    expect(flag).toHaveTextContent(/1st in line, waiting \d+ (min|h)/);
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
    // Taken, so no Take; any mentor may still resolve it or hand it back, as decide allows (a flag left behind gets closed).
    expect(within(flag).getAllByRole('button').map((button) => button.textContent)).toEqual(['Resolve help flag from ana', 'Hand back help flag from ana']);
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
    const commits = await screen.findByRole('region', { name: /^Commit requested/ });
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
    const commits = await screen.findByRole('region', { name: /^Commit requested/ });
    expect(within(commits).getAllByRole('link').map((link) => link.textContent)).toEqual(['#104 Slow start', '#101 Crash on save']);
    unmount();
    client.personId = 'p1';
    renderHelp(client);
    expect(screen.queryByRole('region', { name: /^Commit requested/ })).not.toBeInTheDocument();
  });

  /** cy, a first-timer, and dee join; ana, then cy, then dee ask, a minute apart. */
  function queueOfThree(me = 'p2') {
    const client = seeded({ me });
    client.happen('p3', { type: 'person.joined', person: { id: 'p3', nick: 'cy', role: 'participant', joinedAt: 0, firstTime: true } });
    client.person('p4', 'dee');
    client.happen('p1', { type: 'help.raised', helpId: 'h1', note: 'tests will not run', issueId: 'i1' });
    client.happen('p3', { type: 'help.raised', helpId: 'h2', note: 'where is the guide?' });
    client.happen('p4', { type: 'help.raised', helpId: 'h3', note: 'which branch?' });
    return client;
  }

  const online = (client: FakeClient, ...ids: string[]) =>
    (client.presence = {
      online: ids.map((id): PresenceEntry => {
        const person = client.board.people[id]!;
        return { personId: id, nick: person.nick, role: person.role, holds: [] };
      }),
      lurkers: 0,
    });
  const flagNames = () => screen.getAllByRole('listitem', { name: /^Help flag from/ }).map((item) => item.getAttribute('aria-label'));

  it('lists the queue in the order mentors take it, first-timers first when the organizer says so, and whoever is helped after', async () => {
    const client = queueOfThree();
    renderHelp(client);
    expect(flagNames()).toEqual(['Help flag from ana', 'Help flag from cy', 'Help flag from dee']);
    expect(screen.getByRole('listitem', { name: 'Help flag from dee' })).toHaveTextContent(/3rd in line, waiting \d+ (min|h)/);

    client.happen('p2', { type: 'event.updated', info: { help: { firstTimersFirst: true, graceMinutes: 10 } } });
    client.happen('p2', { type: 'help.taken', helpId: 'h1' });
    await tick();
    expect(flagNames()).toEqual(['Help flag from cy', 'Help flag from dee', 'Help flag from ana']);
    expect(screen.getByText('First-timers not helped today go ahead of the queue.')).toBeInTheDocument();
    expect(screen.getByRole('listitem', { name: 'Help flag from cy' })).toHaveTextContent(/^cy first-timer/);
    expect(screen.getByRole('listitem', { name: 'Help flag from ana' })).toHaveTextContent(/bob is helping, for \d+ (min|h)/);
  });

  it('shows a mentor who is online, the issue a flag is about and who holds it', async () => {
    const client = queueOfThree();
    client.happen('p4', { type: 'issue.claimed', issueId: 'i1' });
    online(client, 'p1', 'p2');
    renderHelp(client);
    const ana = screen.getByRole('listitem', { name: 'Help flag from ana' });
    expect(ana).toHaveTextContent('online');
    expect(ana).not.toHaveTextContent('not online');
    expect(ana).toHaveTextContent('On #101 Crash on save, held by dee');
    expect(screen.getByRole('listitem', { name: 'Help flag from cy' })).toHaveTextContent('not online');
    online(client, 'p2');
    await tick();
    expect(ana).toHaveTextContent('not online');
  });

  it('hands a taken flag back, keeping focus on the flag', async () => {
    const client = queueOfThree();
    client.happen('p2', { type: 'help.taken', helpId: 'h1' });
    const send = client.send.bind(client);
    client.send = (async (name, payload) => {
      const answer = await send(name, payload);
      client.happen('p2', { type: 'help.returned', helpId: 'h1' });
      return answer;
    }) as typeof client.send;
    renderHelp(client);
    await userEvent.click(screen.getByRole('button', { name: 'Hand back help flag from ana' }));
    expect(client.sent).toEqual([{ name: 'help:return', payload: { helpId: 'h1' } }]);
    await expect.poll(() => document.activeElement).toBe(screen.getByRole('listitem', { name: 'Help flag from ana' }));
    expect(flagNames()[0]).toBe('Help flag from ana');
    expect(screen.getByRole('button', { name: 'Take help flag from ana' })).toBeInTheDocument();
  });

  it('puts a flag on hold for the minutes chosen, with a reason it requires, and focus goes back to where the hold was opened', async () => {
    const client = queueOfThree();
    const send = client.send.bind(client);
    client.send = (async (name, payload) => {
      const answer = await send(name, payload);
      if (name === 'help:hold') client.happen('p2', { type: 'help.held', ...(payload as { helpId: string; minutes: number; reason: string }) });
      return answer;
    }) as typeof client.send;
    renderHelp(client);
    const cy = screen.getByRole('listitem', { name: 'Help flag from cy' });
    await userEvent.click(await within(cy).findByText('Put on hold'));
    const minutes = within(cy).getByRole('combobox', { name: 'For' });
    expect(within(minutes).getAllByRole('option').map((option) => option.textContent)).toEqual(['5 min', '10 min', '15 min', '30 min', '60 min']);
    await userEvent.selectOptions(minutes, '30 min');
    const hold = within(cy).getByRole('button', { name: 'Hold help flag from cy' });
    await userEvent.type(within(cy).getByRole('textbox', { name: 'Reason, shown to cy' }), '   ');
    await userEvent.click(hold);
    expect(client.sent).toEqual([]);
    expect(within(cy).getByRole('alert')).toHaveTextContent('Say why: cy is shown the reason.');
    await userEvent.type(within(cy).getByRole('textbox', { name: 'Reason, shown to cy' }), 'back after the talk');
    await userEvent.click(hold);
    expect(client.sent).toEqual([{ name: 'help:hold', payload: { helpId: 'h2', minutes: 30, reason: 'back after the talk' } }]);
    await expect.poll(() => document.activeElement?.textContent).toBe('Put on hold help flag from cy');
    // Held, it keeps its place in line, marked, and may still be taken early.
    expect(flagNames()).toEqual(['Help flag from ana', 'Help flag from cy', 'Help flag from dee']);
    const until = clockTime(client.board.help.h2!.heldUntil!);
    expect(cy).toHaveTextContent(`2nd in line`);
    expect(cy).toHaveTextContent(`On hold until ${until}: back after the talk`);
    expect(within(cy).getByRole('button', { name: 'Take help flag from cy' })).toBeInTheDocument();
  });

  it('offers a participant none of the mentor’s actions on someone else’s flag', () => {
    renderHelp(queueOfThree('p4'));
    const ana = screen.getByRole('listitem', { name: 'Help flag from ana' });
    expect(within(ana).queryAllByRole('button')).toEqual([]);
    expect(within(ana).queryByText('Put on hold')).not.toBeInTheDocument();
  });
});
