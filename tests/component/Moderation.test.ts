import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import ChatPane from '../../client/components/chat/ChatPane.svelte';
import People from '../../client/components/people/People.svelte';
import { seeded, type FakeClient } from './fake-client.svelte.ts';

function withOrganizer(me: string): FakeClient {
  const client = seeded({ me });
  client.person('p3', 'olga', 'organizer');
  client.presence = {
    online: [
      { personId: 'p1', nick: 'ana', role: 'participant', holds: [] },
      { personId: 'p2', nick: 'bob', role: 'mentor', holds: [] },
      { personId: 'p3', nick: 'olga', role: 'organizer', holds: [] },
    ],
    lurkers: 0,
  };
  return client;
}

const chat = (client: FakeClient) => render(ChatPane, { client, onjoin: () => {}, onshowissue: () => {} });

describe('moderation', () => {
  it('removes a chat message only after confirming', async () => {
    const client = withOrganizer('p3');
    client.happen('p1', { type: 'chat.sent', text: 'something rude' });
    const chatSeq = client.board.seq;
    chat(client);
    await userEvent.click(screen.getByRole('button', { name: /^Remove message from ana/ }));
    const dialog = screen.getByRole('dialog', { name: 'Remove this message?' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Keep it' }));
    expect(client.sent).toEqual([]);
    await userEvent.click(screen.getByRole('button', { name: /^Remove message from ana/ }));
    await userEvent.click(within(screen.getByRole('dialog', { name: 'Remove this message?' })).getByRole('button', { name: 'Remove message' }));
    expect(client.sent).toEqual([{ name: 'chat:remove', payload: { chatSeq } }]);
  });

  it('shows a removed message as removed by a moderator, to everyone, without its text', () => {
    const client = withOrganizer('p1');
    client.happen('p1', { type: 'chat.sent', text: 'something rude' });
    client.happen('p3', { type: 'chat.removed', chatSeq: client.board.seq });
    chat(client);
    const history = screen.getByRole('region', { name: 'Chat history' });
    expect(history).toHaveTextContent('removed by a moderator');
    expect(history).not.toHaveTextContent('something rude');
    expect(history).toHaveTextContent('A moderator removed a message');
  });

  it('greys out the composer of a muted person and says why', () => {
    const client = withOrganizer('p1');
    client.happen('p3', { type: 'person.muted', personId: 'p1', muted: true });
    chat(client);
    expect(screen.getByRole('textbox', { name: 'Message' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Send' })).toBeDisabled();
    expect(screen.getByRole('alert')).toHaveTextContent('An organizer has muted you; you cannot chat for now.');
  });

  it('lets an organizer promote, demote, mute and remove others, and marks the muted', async () => {
    const client = withOrganizer('p3');
    client.happen('p3', { type: 'person.muted', personId: 'p2', muted: true });
    render(People, { client, onshowissue: () => {} });
    const [ana, bob, olga] = within(screen.getByRole('list')).getAllByRole('listitem');
    expect(bob).toHaveTextContent('muted');
    expect(ana).not.toHaveTextContent('muted');
    expect(within(olga!).queryAllByRole('button')).toEqual([]);
    await userEvent.click(within(ana!).getByRole('button', { name: 'Make ana mentor' }));
    await userEvent.click(within(bob!).getByRole('button', { name: 'Make bob participant' }));
    await userEvent.click(within(ana!).getByRole('button', { name: 'Mute ana' }));
    await userEvent.click(within(bob!).getByRole('button', { name: 'Unmute bob' }));
    await userEvent.click(within(ana!).getByRole('button', { name: 'Remove ana' }));
    await userEvent.click(within(screen.getByRole('dialog', { name: 'Remove ana?' })).getByRole('button', { name: 'Remove ana' }));
    expect(client.sent).toEqual([
      { name: 'person:role', payload: { personId: 'p1', role: 'mentor' } },
      { name: 'person:role', payload: { personId: 'p2', role: 'participant' } },
      { name: 'person:mute', payload: { personId: 'p1', muted: true } },
      { name: 'person:mute', payload: { personId: 'p2', muted: false } },
      { name: 'person:remove', payload: { personId: 'p1' } },
    ]);
  });

  it('shows a refused removal inside the confirm dialog', async () => {
    const client = withOrganizer('p3');
    client.answer = { ok: false, error: { code: 'not_found', message: 'That person is not here.' } };
    render(People, { client, onshowissue: () => {} });
    await userEvent.click(screen.getByRole('button', { name: 'Remove ana' }));
    const dialog = screen.getByRole('dialog', { name: 'Remove ana?' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Remove ana' }));
    expect(within(dialog).getByRole('alert')).toHaveTextContent('That person is not here.');
  });
});
