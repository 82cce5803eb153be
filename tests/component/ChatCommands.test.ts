/** The chat box speaks the board: slash commands, the claim a message offers, and what they answer. */
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { tick } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import ChatPane from '../../client/components/chat/ChatPane.svelte';
import { clockTime } from '../../client/lib/time.ts';
import type { CommandName } from '../../shared/protocol.ts';
import { seeded, type FakeClient } from './fake-client.svelte.ts';

function renderChat(client: FakeClient) {
  render(ChatPane, { client, onjoin: vi.fn(), onshowissue: vi.fn() });
  return screen.getByRole('textbox', { name: 'Message' });
}

/** The line under the box: one polite status region. */
const feedback = () => screen.getByRole('status');

describe('slash commands', () => {
  it.each<[string, CommandName, unknown]>([
    ['/claim 101', 'issue:claim', { issueId: 'i1' }],
    ['/claim #101', 'issue:claim', { issueId: 'i1' }],
    ['/release 101', 'issue:release', { issueId: 'i1' }],
    ['/move 101 review', 'issue:move', { issueId: 'i1', column: 'review' }],
    ['/move #102 in progress', 'issue:move', { issueId: 'i2', column: 'in-progress' }],
    ['/check 101 3.13 fixed', 'issue:check', { issueId: 'i1', branch: '3.13', result: 'fixed' }],
    ['/help the tests will not run', 'help:raise', { note: 'the tests will not run' }],
    ['/me waves', 'chat:send', { text: 'waves', action: true }],
    ['//claim is a command', 'chat:send', { text: '/claim is a command' }],
  ])('%j sends %s %j and empties the box', async (typed, name, payload) => {
    const client = seeded();
    const box = renderChat(client);
    await userEvent.type(box, `${typed}{Enter}`);
    expect(client.sent).toEqual([{ name, payload }]);
    expect(box).toHaveValue('');
    expect(feedback()).toHaveTextContent(/^$/);
  });

  it('answers a mistyped command with its usage under the box, sends nothing, keeps the line, and forgets the answer on the next key', async () => {
    const client = seeded();
    const box = renderChat(client);
    await userEvent.type(box, '/move 101{Enter}');
    expect(client.sent).toEqual([]);
    expect(feedback()).toHaveTextContent('Usage: /move 123 review (a column: open, in-progress, review, ready, done)');
    expect(box).toHaveValue('/move 101');
    // Only the sender sees it: it is not a line of the chat.
    expect(within(screen.getByRole('log')).queryByText(/Usage/)).not.toBeInTheDocument();
    await userEvent.type(box, ' done');
    expect(feedback()).toHaveTextContent(/^$/);
  });

  it('says a number the board does not hold is not on it, sending nothing', async () => {
    const client = seeded();
    const box = renderChat(client);
    await userEvent.type(box, '/claim 999{Enter}');
    expect(feedback()).toHaveTextContent('#999 is not on this board.');
    expect(client.sent).toEqual([]);
    expect(box).toHaveValue('/claim 999');
  });

  it('shows a refusal under the box and keeps the line to put right', async () => {
    const client = seeded();
    client.answer = { ok: false, error: { code: 'forbidden', message: 'Only ana, who claimed #101, or a mentor can move it.' } };
    const box = renderChat(client);
    await userEvent.type(box, '/move 101 done{Enter}');
    expect(feedback()).toHaveTextContent('Only ana, who claimed #101, or a mentor can move it.');
    expect(box).toHaveValue('/move 101 done');
  });

  it('answers /who and /focus here alone, in my own time, sending nothing', async () => {
    const client = seeded();
    client.happen('p2', { type: 'issue.claimed', issueId: 'i1' });
    client.happen('p2', { type: 'event.updated', info: { focus: { text: 'bugs first', discouraged: ['feature'] } } });
    const box = renderChat(client);
    await userEvent.type(box, '/who 101{Enter}');
    const since = clockTime(client.board.issues.i1!.claimedAt!);
    expect(feedback()).toHaveTextContent(`#101 Crash on save: held by bob since ${since} (In progress).`);
    expect(box).toHaveValue('');
    await userEvent.type(box, '/focus{Enter}');
    expect(feedback()).toHaveTextContent("This event's focus: bugs first");
    await userEvent.type(box, '/who 102{Enter}');
    expect(feedback()).toHaveTextContent('#102 Dark theme: nobody holds it (Open).');
    expect(client.sent).toEqual([]);
  });

  it('asks before a claim against the focus, as every Claim does, and "Claim anyway" claims with confirm', async () => {
    const client = seeded();
    const question = '#102 is a feature, and this event is about bugs first. Claim it anyway?';
    client.answer = { ok: false, error: { code: 'needs_confirmation', message: question } };
    const box = renderChat(client);
    await userEvent.type(box, '/claim 102{Enter}');
    const asked = await screen.findByRole('dialog', { name: 'Not this event’s focus' });
    expect(asked).toHaveTextContent(question);
    expect(box).toHaveValue('/claim 102');
    client.answer = { ok: true, data: { seq: client.board.seq + 1 } };
    await userEvent.click(within(asked).getByRole('button', { name: 'Claim anyway' }));
    await vi.waitFor(() => expect(box).toHaveValue(''));
    expect(client.sent.map(({ payload }) => payload)).toEqual([{ issueId: 'i2' }, { issueId: 'i2', confirm: true }]);
    expect(feedback()).toHaveTextContent('');
    // The claim comes in, the button it was is gone: focus is back in the box.
    client.happen('p1', { type: 'issue.claimed', issueId: 'i2' });
    await vi.waitFor(() => expect(box).toHaveFocus());
  });
});

describe('the command list', () => {
  const list = () => screen.queryByRole('list', { name: 'Commands' });
  const listed = () => within(list()!).getAllByRole('button').map((button) => button.textContent);

  it('shows every command on "/", narrows as the name is typed, and reminds of the one being typed', async () => {
    const box = renderChat(seeded());
    expect(list()).not.toBeInTheDocument();
    await userEvent.type(box, '/');
    expect(listed()).toEqual(['/claim 123', '/release 123', '/move 123 review', '/check 123 main fixed', '/help what you are stuck on', '/me waves', '/who 123', '/focus']);
    expect(within(list()!).getByText('record what #123 does on a branch: reproduces, not-reproduced, fixed')).toBeInTheDocument();
    await userEvent.type(box, 'c');
    expect(listed()).toEqual(['/claim 123', '/check 123 main fixed']);
    await userEvent.type(box, 'heck 1');
    expect(listed()).toEqual(['/check 123 main fixed']);
    await userEvent.clear(box);
    await userEvent.type(box, 'hello /');
    expect(list()).not.toBeInTheDocument();
  });

  it('starts the command picked in the box, with focus there; Escape puts the list away', async () => {
    const box = renderChat(seeded());
    await userEvent.type(box, '/');
    await userEvent.click(within(list()!).getByRole('button', { name: '/move 123 review' }));
    expect(box).toHaveValue('/move ');
    expect(box).toHaveFocus();
    await userEvent.keyboard('{Escape}');
    expect(list()).not.toBeInTheDocument();
    await userEvent.type(box, '1');
    expect(list()).not.toBeInTheDocument();
    await userEvent.clear(box);
    await userEvent.type(box, '/');
    expect(list()).toBeInTheDocument();
  });
});

describe('a message that says I am taking a card', () => {
  const offer = (name: string) => screen.queryByRole('button', { name });

  it('offers to claim it, keeps the message to send, and Enter still sends it as chat', async () => {
    const client = seeded();
    const box = renderChat(client);
    await userEvent.type(box, "I'm working on #101");
    await userEvent.click(offer('Claim #101')!);
    expect(client.sent).toEqual([{ name: 'issue:claim', payload: { issueId: 'i1' } }]);
    expect(box).toHaveValue("I'm working on #101");
    client.happen('p1', { type: 'issue.claimed', issueId: 'i1' });
    await tick();
    // Mine now: nothing more to offer.
    expect(offer('Claim #101')).not.toBeInTheDocument();
    await vi.waitFor(() => expect(box).toHaveFocus());
    await userEvent.type(box, '{Enter}');
    expect(client.sent.at(-1)).toEqual({ name: 'chat:send', payload: { text: "I'm working on #101" } });
  });

  it('offers nothing for a card that is not on the board, that someone holds, or a question', async () => {
    const client = seeded();
    client.happen('p2', { type: 'issue.claimed', issueId: 'i2' });
    const box = renderChat(client);
    await userEvent.type(box, 'taking #999');
    expect(offer('Claim #999')).not.toBeInTheDocument();
    await userEvent.clear(box);
    await userEvent.type(box, 'taking #102');
    expect(offer('Claim #102')).not.toBeInTheDocument();
    await userEvent.clear(box);
    await userEvent.type(box, 'who is working on #101?');
    expect(offer('Claim #101')).not.toBeInTheDocument();
    await userEvent.clear(box);
    await userEvent.type(box, 'ok, taking #101');
    expect(offer('Claim #101')).toBeInTheDocument();
  });

  it('offers a card against the focus too, and the claim asks', async () => {
    const client = seeded();
    client.happen('p2', { type: 'event.updated', info: { focus: { text: 'bugs first', discouraged: ['feature'] } } });
    client.answer = { ok: false, error: { code: 'needs_confirmation', message: 'Claim it anyway?' } };
    const box = renderChat(client);
    await userEvent.type(box, "I'll take #102");
    await userEvent.click(offer('Claim #102')!);
    const asked = await screen.findByRole('dialog', { name: 'Not this event’s focus' });
    client.answer = { ok: true, data: { seq: 0 } };
    await userEvent.click(within(asked).getByRole('button', { name: 'Claim anyway' }));
    await vi.waitFor(() => expect(client.sent.at(-1)).toEqual({ name: 'issue:claim', payload: { issueId: 'i2', confirm: true } }));
    // The message was not a command: it stays, to be sent.
    expect(box).toHaveValue("I'll take #102");
  });
});

describe('the chat log', () => {
  const line = (text: string | RegExp) => screen.getByText(text).closest('li')!;

  it('writes a /me line as an action, "* bob waves", in italics', () => {
    const client = seeded();
    client.happen('p2', { type: 'chat.sent', text: 'waves at #101', action: true });
    render(ChatPane, { client, onjoin: vi.fn(), onshowissue: vi.fn() });
    const action = line('bob').querySelector('p')!;
    expect(action.textContent?.replace(/\s+/g, ' ').trim()).toMatch(/^\* bob waves at #101 \d\d:\d\d/);
    expect(action).toHaveClass('action');
    expect(within(action).getByRole('link', { name: '#101' })).toBeInTheDocument();
  });

  it('marks a message that mentions me, and the mention in it; not my own, not others’', async () => {
    const client = seeded();
    render(ChatPane, { client, onjoin: vi.fn(), onshowissue: vi.fn() });
    client.happen('p2', { type: 'chat.sent', text: '@Ana can you review #101?' });
    client.happen('p2', { type: 'chat.sent', text: '@bob talks to himself' });
    client.happen('p1', { type: 'chat.sent', text: 'note to @ana: lunch' });
    await tick();
    const forMe = line(/can you review/);
    expect(forMe).toHaveClass('for-me');
    expect(forMe).toHaveTextContent('mentions you');
    expect(forMe.querySelector('mark')).toHaveTextContent(/^@Ana$/);
    for (const other of [/talks to himself/, /lunch/]) {
      expect(line(other)).not.toHaveClass('for-me');
      expect(line(other).querySelector('mark')).toBeNull();
    }
  });
});
