/** What the page shows of the IRC bridge: people from the channel marked apart, a sender's queued lines, and the organizer's section. */
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { tick } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import IssueCard from '../../client/components/card/IssueCard.svelte';
import ChatPane from '../../client/components/chat/ChatPane.svelte';
import OrganizePanel from '../../client/components/organize/OrganizePanel.svelte';
import People from '../../client/components/people/People.svelte';
import { Action } from '../../client/lib/action.svelte.ts';
import type { IrcStatus } from '../../shared/protocol.ts';
import { seeded } from './fake-client.svelte.ts';
import { T0 } from '../fixtures/domain-world.ts';

const STATUS: IrcStatus = { channel: '#python-dev on irc.libera.chat', nick: 'bugday', state: 'connected', since: T0, inChannel: 42 };

/** A board where bob-from-IRC, not the page's bob, has spoken and claimed #101. */
function withIrcBob() {
  const client = seeded();
  client.happen('irc1', { type: 'person.joined', person: { id: 'irc1', nick: 'bob', role: 'participant', via: 'irc', joinedAt: T0 } });
  client.happen('irc1', { type: 'chat.sent', text: 'hello from the channel' });
  client.happen('p2', { type: 'chat.sent', text: 'hello from the page' });
  client.happen('irc1', { type: 'issue.claimed', issueId: 'i1' });
  return client;
}

const chatLines = () => within(screen.getByRole('region', { name: 'Chat history' })).queryAllByRole('listitem');

describe('the IRC bridge on the page', () => {
  it('marks what came from the channel IRC, so an IRC nick never passes for the page’s person of that nick', () => {
    render(ChatPane, { client: withIrcBob(), onjoin: vi.fn(), onshowissue: vi.fn() });
    const [fromIrc, fromPage] = chatLines().filter((li) => li.textContent?.includes('hello'));
    expect(within(fromIrc!).getByText('IRC')).toHaveAttribute('title', 'Said in the IRC channel');
    expect(within(fromPage!).queryByText('IRC')).toBeNull();
  });

  it('tells a sender which of their messages still wait to be said on IRC, until they are', async () => {
    const client = seeded();
    client.irc = STATUS;
    client.happen('p1', { type: 'chat.sent', text: 'first' }, { type: 'chat.sent', text: 'second' });
    client.happen('p2', { type: 'chat.sent', text: 'bob too' });
    const second = client.board.chat.find((m) => m.text === 'second')!;
    client.irc = { ...STATUS, queuedFrom: second.seq };
    render(ChatPane, { client, onjoin: vi.fn(), onshowissue: vi.fn() });
    const waiting = () => chatLines().filter((li) => li.textContent?.includes('waiting to be said on IRC'));
    expect(waiting().map((li) => li.textContent)).toEqual([expect.stringContaining('second')]);
    client.irc = { ...STATUS };
    await tick();
    expect(waiting()).toEqual([]);
  });

  it('a card held from IRC says so', () => {
    const client = withIrcBob();
    render(IssueCard, {
      client,
      issue: client.board.issues.i1!,
      current: true,
      help: 0,
      action: new Action(),
      run: vi.fn(),
      onclaim: vi.fn(),
      ondragstart: vi.fn(),
      ondragend: vi.fn(),
    });
    expect(screen.getByText(/via IRC/).closest('.holder')?.textContent?.replace(/\s+/g, ' ')).toMatch(/^Claimed by bob via IRC/);
  });

  it('the organizer sees the bridge’s state and last problem, and turns board lines and commands off', async () => {
    const client = seeded({ me: 'p3' });
    client.person('p3', 'olga', 'organizer');
    client.irc = { ...STATUS, lastError: { at: T0, message: 'Kicked from #python-dev by op: spam. Rejoining once.' } };
    render(OrganizePanel, { client, open: true });
    const section = screen.getByRole('region', { name: 'IRC bridge' });
    expect(section).toHaveTextContent(/In #python-dev on irc\.libera\.chat as bugday, for .+ · 42 in the channel/);
    expect(section).toHaveTextContent('Kicked from #python-dev by op: spam. Rejoining once.');
    const lines = within(section).getByRole('checkbox', { name: 'Say claims, releases, reviews and help flags in the channel' });
    expect(lines).toBeChecked();
    await userEvent.click(lines);
    expect(client.sent).toEqual([{ name: 'event:update', payload: { irc: { boardLines: false } } }]);
    expect(lines).toHaveFocus();
    client.answer = { ok: false, error: { code: 'forbidden', message: 'The event is closed: the board and the chat are read-only now.' } };
    const commands = within(section).getByRole('checkbox', { name: 'Let the channel use !claim 123 and the other commands' });
    await userEvent.click(commands);
    expect(await within(section).findByRole('alert')).toHaveTextContent('The event is closed');
    expect(commands).toBeChecked();
  });

  it('People lists who spoke from the channel apart, as on IRC, with what they hold and how many are there', () => {
    const client = withIrcBob();
    client.irc = STATUS;
    render(People, { client, onshowissue: vi.fn() });
    const list = screen.getByRole('list', { name: /^On IRC/ });
    expect(within(list).getAllByRole('listitem').map((li) => li.textContent?.replace(/\s+/g, ' ').trim())).toEqual(['bob on IRC · holds #101']);
    expect(screen.getByRole('heading', { name: 'On IRC 42 in #python-dev on irc.libera.chat' })).toBeInTheDocument();
  });

  it('a server without a bridge shows no IRC section', () => {
    const client = seeded({ me: 'p3' });
    client.person('p3', 'olga', 'organizer');
    render(OrganizePanel, { client, open: true });
    expect(screen.queryByRole('region', { name: 'IRC bridge' })).toBeNull();
  });
});
