import { fireEvent, render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import ChatPane from '../../client/components/chat/ChatPane.svelte';
import { LIMITS } from '../../shared/protocol.ts';
import { seeded, type FakeClient } from './fake-client.svelte.ts';

function renderChat(client: FakeClient, extra: { pageSize?: number } = {}) {
  const onshowissue = vi.fn();
  const onjoin = vi.fn();
  const result = render(ChatPane, { client, onjoin, onshowissue, ...extra });
  return { ...result, onshowissue, onjoin };
}

const history = () => screen.getByRole('region', { name: 'Chat history' });
const messages = () => within(history()).queryAllByRole('listitem');

describe('ChatPane', () => {
  it('shows messages oldest first with nick and time, and claims as system lines between them', () => {
    const client = seeded();
    client.happen('p2', { type: 'chat.sent', text: 'morning all' });
    client.happen('p1', { type: 'issue.claimed', issueId: 'i1' });
    client.happen('p1', { type: 'chat.sent', text: 'on it' });
    renderChat(client);
    const lines = messages();
    const clock = '\\d\\d:\\d\\d(?: [AP]M)?';
    expect(lines.map((li) => li.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      expect.stringMatching(new RegExp(`^bob ${clock} morning all$`)),
      expect.stringMatching(new RegExp(`^ana claimed #101 ${clock}$`)),
      expect.stringMatching(new RegExp(`^ana ${clock} on it$`)),
    ]);
    expect(within(lines[0]!).getByText(/\d\d:\d\d/).tagName).toBe('TIME');
  });

  it('links #numbers to their cards and URLs to the web, as text and never markup', async () => {
    const client = seeded();
    client.happen('p2', { type: 'chat.sent', text: 'see #101 and https://example.org/x. <b>bold</b> #999' });
    const { onshowissue } = renderChat(client);
    const line = messages()[0]!;
    await userEvent.click(within(line).getByRole('link', { name: '#101' }));
    expect(onshowissue).toHaveBeenCalledWith('i1');
    expect(within(line).getByRole('link', { name: 'https://example.org/x' })).toHaveAttribute('href', 'https://example.org/x');
    expect(within(line).queryByRole('link', { name: '#999' })).not.toBeInTheDocument();
    expect(line.querySelector('b')).toBeNull();
    expect(line).toHaveTextContent('<b>bold</b>');
  });

  it('sends on Enter, keeps Shift+Enter as a newline, and clears after the server accepts', async () => {
    const client = seeded();
    renderChat(client);
    const box = screen.getByRole('textbox', { name: 'Message' });
    expect(box).toHaveAttribute('maxlength', String(LIMITS.chat));
    await userEvent.type(box, 'two{Shift>}{Enter}{/Shift}lines{Enter}');
    expect(client.sent).toEqual([{ name: 'chat:send', payload: { text: 'two\nlines' } }]);
    expect(box).toHaveValue('');
  });

  it('keeps the text and says why when the server refuses', async () => {
    const client = seeded();
    client.answer = { ok: false, error: { code: 'rate_limited', message: 'Slow down a little.' } };
    renderChat(client);
    await userEvent.type(screen.getByRole('textbox', { name: 'Message' }), 'hello{Enter}');
    expect(screen.getByRole('status')).toHaveTextContent('Slow down a little.');
    expect(screen.getByRole('textbox', { name: 'Message' })).toHaveValue('hello');
  });

  it('renders a bounded window of a 20,000-message history, with a way to show earlier lines', async () => {
    const client = seeded();
    for (let i = 0; i < 20_000; i += 1) client.happen('p2', { type: 'chat.sent', text: `message ${i}` });
    const { container } = renderChat(client, { pageSize: 50 });
    // The newest lines go on screen first, enough to fill the window; the rest of it follows in slices.
    expect(messages().length).toBeGreaterThanOrEqual(Math.ceil(window.innerHeight / 55));
    expect(messages().length).toBeLessThan(50);
    expect(messages().at(-1)).toHaveTextContent('message 19999');
    await vi.waitFor(() => expect(messages()).toHaveLength(50));
    expect(messages()[0]).toHaveTextContent('message 19950');
    expect(container.querySelectorAll('*').length).toBeLessThan(1_000);
    await userEvent.click(screen.getByRole('button', { name: 'Show earlier' }));
    expect(messages()).toHaveLength(100);
    expect(messages()[0]).toHaveTextContent('message 19900');
    // Twenty thousand messages folded and rendered: a second or two here, several on a machine that is busy.
  }, 20_000);

  it('past what the page holds, "Show earlier" fetches older messages from the server', async () => {
    const client = seeded();
    client.happen('p2', { type: 'chat.sent', text: 'held' });
    const heldSeq = client.board.chat[0]!.seq;
    client.earlierChat = [1, 2, 3].map((n) => ({ seq: heldSeq - 4 + n, at: 0, author: 'p2', text: `older ${n}` }));
    client.olderChat = true;
    renderChat(client, { pageSize: 50 });
    await userEvent.click(screen.getByRole('button', { name: 'Show earlier' }));
    expect(screen.getByText('older 2')).toBeInTheDocument();
    expect(screen.queryByText('older 1')).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Show earlier' }));
    expect(screen.getByText('older 1')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Show earlier' })).not.toBeInTheDocument();
  });

  it('offers a "new messages" pill instead of scrolling when I have scrolled up', async () => {
    const client = seeded();
    client.happen('p2', { type: 'chat.sent', text: 'first' });
    renderChat(client);
    const scroller = history();
    Object.defineProperty(scroller, 'scrollHeight', { configurable: true, value: 1_000 });
    Object.defineProperty(scroller, 'clientHeight', { configurable: true, value: 200 });
    scroller.scrollTop = 100;
    await fireEvent.scroll(scroller);
    client.happen('p2', { type: 'chat.sent', text: 'second' });
    const pill = await screen.findByRole('button', { name: 'New messages ↓' });
    expect(scroller.scrollTop).toBe(100);
    await userEvent.click(pill);
    expect(scroller.scrollTop).toBe(1_000);
    expect(screen.queryByRole('button', { name: 'New messages ↓' })).not.toBeInTheDocument();
  });

  it('follows new messages while I am at the bottom', async () => {
    const client = seeded();
    renderChat(client);
    const scroller = history();
    Object.defineProperty(scroller, 'scrollHeight', { configurable: true, value: 1_000 });
    client.happen('p2', { type: 'chat.sent', text: 'hello' });
    await screen.findByText('hello');
    // The scroll waits for the next frame, after the new line is laid out.
    await vi.waitFor(() => expect(scroller.scrollTop).toBe(1_000));
    expect(screen.queryByRole('button', { name: 'New messages ↓' })).not.toBeInTheDocument();
  });

  it('is a log that speaks only messages others send now: not system lines, not mine, not history', async () => {
    const client = seeded();
    client.happen('p2', { type: 'chat.sent', text: 'from before' });
    renderChat(client);
    const log = screen.getByRole('log', { name: 'Chat' });
    // Polite, as a log is; what changes in a line later (a moderator's removal) is not news.
    expect(log).not.toHaveAttribute('aria-live');
    expect(log).toHaveAttribute('aria-relevant', 'additions');
    client.happen('p2', { type: 'chat.sent', text: 'from bob now' });
    client.happen('p1', { type: 'chat.sent', text: 'from me now' });
    client.happen('p2', { type: 'issue.claimed', issueId: 'i1' });
    const line = async (text: string | RegExp) => (await within(log).findByText(text)).closest('li')!;
    expect(await line('from bob now')).not.toHaveAttribute('aria-live');
    // The board's announcer says the claim; I typed my message; the history was there before.
    for (const quiet of ['from me now', /^bob claimed/, 'from before']) expect(await line(quiet)).toHaveAttribute('aria-live', 'off');
    expect(within(log).getAllByRole('listitem')).toHaveLength(4);
  });

  it('lets a lurker read but not write', async () => {
    const client = seeded({ me: null });
    client.happen('p2', { type: 'chat.sent', text: 'welcome lurkers' });
    const { onjoin } = renderChat(client);
    expect(screen.getByText('welcome lurkers')).toBeInTheDocument();
    expect(screen.queryByRole('textbox')).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Join' }));
    expect(onjoin).toHaveBeenCalled();
  });
});
