import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { tick } from 'svelte';
import { describe, expect, it } from 'vitest';
import HelpQueue from '../../client/components/help/HelpQueue.svelte';
import { clockTime } from '../../client/lib/time.ts';
import { stateFor } from '../../shared/domain/privacy.ts';
import { seeded, type FakeClient } from './fake-client.svelte.ts';

const SECRET = 'my build fails in Parser/pegen.c';

/** ana asked; she and bob (a mentor) wrote in the thread. cy is another participant. */
function threaded(me: string | null) {
  const client = seeded({ me });
  client.person('p3', 'cy');
  client.happen('p1', { type: 'help.raised', helpId: 'h9', note: 'stuck on the build' });
  client.happen('p1', { type: 'help.replied', helpId: 'h9', text: SECRET });
  client.happen('p2', { type: 'help.replied', helpId: 'h9', text: 'try make clean, see #101' });
  return client;
}

/** The board as the server sends it to this page: a private thread's words are not in it. */
function asSent(client: FakeClient) {
  client.board = stateFor(client.board, client.personId);
  return client;
}

const renderHelp = (client: FakeClient) => render(HelpQueue, { client, onjoin: () => {}, onshowissue: () => {} });
const flag = () => screen.getByRole('listitem', { name: 'Help flag from ana' });
const openThread = () => userEvent.click(within(flag()).getByText(/^Thread/));

describe('a help flag’s thread', () => {
  it('shows the asker the replies, who wrote them and when, says it is private, and sends a reply', async () => {
    const client = asSent(threaded('p1'));
    renderHelp(client);
    expect(within(flag()).getByText(/^Thread/)).toHaveTextContent('Thread with ana · 2 replies, private');
    await openThread();
    expect(within(flag()).getByText('Private to you and the mentors')).toBeInTheDocument();
    const replies = within(within(flag()).getByRole('list')).getAllByRole('listitem');
    const [asked, answered] = client.board.help.h9!.thread.map((reply) => clockTime(reply.at));
    expect(replies.map((reply) => reply.textContent?.replace(/\s+/g, ' '))).toEqual([`ana ${asked} ${SECRET}`, `bob ${answered} try make clean, see #101`]);
    expect(within(replies[1]!).getByRole('link', { name: '#101' })).toBeInTheDocument();

    const box = within(flag()).getByRole('textbox', { name: 'Reply' });
    await userEvent.type(box, '  it worked, thanks  ');
    await userEvent.click(within(flag()).getByRole('button', { name: 'Send reply' }));
    expect(client.sent).toEqual([{ name: 'help:reply', payload: { helpId: 'h9', text: 'it worked, thanks' } }]);
    expect(box).toHaveValue('');
  });

  it('lets the asker make it public, and then says so no more; focus goes back to the thread', async () => {
    const client = asSent(threaded('p1'));
    const send = client.send.bind(client);
    client.send = (async (name, payload) => {
      const answer = await send(name, payload);
      client.happen('p1', { type: 'help.shared', helpId: 'h9', thread: client.board.help.h9!.thread });
      return answer;
    }) as typeof client.send;
    renderHelp(client);
    await openThread();
    const share = within(flag()).getByRole('button', { name: 'Make public' });
    expect(share).toHaveAccessibleDescription('Everyone can then read this thread.');
    await userEvent.click(share);
    expect(client.sent).toEqual([{ name: 'help:share', payload: { helpId: 'h9' } }]);
    await expect.poll(() => document.activeElement?.textContent).toBe('Thread with ana · 2 replies');
    expect(within(flag()).queryByText(/Private to/)).not.toBeInTheDocument();
    expect(within(flag()).queryByRole('button', { name: 'Make public' })).not.toBeInTheDocument();
  });

  it('lets a mentor read and reply, but not make it public', async () => {
    renderHelp(asSent(threaded('p2')));
    await openThread();
    expect(flag()).toHaveTextContent(SECRET);
    expect(within(flag()).getByText('Private to ana and the mentors')).toBeInTheDocument();
    expect(within(flag()).getByRole('textbox', { name: 'Reply' })).toBeInTheDocument();
    expect(within(flag()).queryByRole('button', { name: 'Make public' })).not.toBeInTheDocument();
  });

  it('shows anyone else that a private thread exists, without its words or a way in', () => {
    for (const me of ['p3', null]) {
      const { unmount } = renderHelp(asSent(threaded(me)));
      expect(flag()).toHaveTextContent('Thread: 2 replies, private');
      expect(flag()).not.toHaveTextContent(SECRET);
      expect(flag()).not.toHaveTextContent('make clean');
      expect(within(flag()).queryByText(/^Thread with/)).not.toBeInTheDocument();
      expect(within(flag()).queryByRole('textbox', { name: 'Reply' })).not.toBeInTheDocument();
      unmount();
    }
  });

  it('shows a public thread to everyone, a reply box only to the asker and the mentors', async () => {
    const client = threaded(null);
    client.happen('p1', { type: 'help.shared', helpId: 'h9', thread: client.board.help.h9!.thread });
    renderHelp(client);
    await openThread();
    expect(flag()).toHaveTextContent(SECRET);
    expect(within(flag()).queryByText(/Private to/)).not.toBeInTheDocument();
    expect(within(flag()).queryByRole('textbox', { name: 'Reply' })).not.toBeInTheDocument();
  });

  it('invites the asker to write to the mentors, and a mentor to the asker, before anyone has', async () => {
    for (const [me, says] of [['p1', 'Write to the mentors'], ['p2', 'Write to ana']] as const) {
      const client = seeded({ me });
      client.happen('p1', { type: 'help.raised', helpId: 'h9', note: 'stuck' });
      const { unmount } = renderHelp(client);
      await userEvent.click(within(flag()).getByText(says));
      expect(within(flag()).getByRole('textbox', { name: 'Reply' })).toBeInTheDocument();
      expect(within(flag()).queryByRole('list')).not.toBeInTheDocument();
      unmount();
    }
  });

  it('takes a reply sent by the other side into the open thread, live', async () => {
    const client = asSent(threaded('p1'));
    renderHelp(client);
    await openThread();
    client.happen('p2', { type: 'help.replied', helpId: 'h9', text: 'on my way' });
    await tick();
    expect(within(flag()).getByText(/^Thread/)).toHaveTextContent('3 replies');
    expect(flag()).toHaveTextContent('on my way');
  });
});
