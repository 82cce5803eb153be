/** Mentions of me that came while I was not looking at the chat: counted on the Chat tab and in the page's title. */
import { screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { tick } from 'svelte';
import { afterEach, describe, expect, it } from 'vitest';
import { renderApp } from './render-app.ts';
import { setNarrow } from './browser-gaps.ts';
import { seeded, type FakeClient } from './fake-client.svelte.ts';

const TITLE = 'Bug day · bugday';
const chatTab = () => screen.getByRole('tab', { name: /^Chat/ });
/** What the tab shows, and what it is called. */
const tabSays = () => ({ text: chatTab().textContent?.replace(/\s+/g, ' ').trim(), name: chatTab().getAttribute('aria-label') ?? chatTab().textContent });

async function mention(client: FakeClient, text = '@ana can you review #101?') {
  client.happen('p2', { type: 'chat.sent', text });
  await tick();
}

let visibility: DocumentVisibilityState = 'visible';
Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility });
function setVisibility(state: DocumentVisibilityState) {
  visibility = state;
  document.dispatchEvent(new Event('visibilitychange'));
}
afterEach(() => setVisibility('visible'));

describe('unread mentions', () => {
  it('counts mentions of me on a phone’s Chat tab and in the title while another tab is shown, and clears them when the chat is', async () => {
    setNarrow(true);
    const client = seeded();
    await renderApp({ client });
    expect(tabSays()).toEqual({ text: 'Chat', name: 'Chat' });
    await mention(client);
    expect(tabSays()).toEqual({ text: 'Chat 1', name: 'Chat, 1 unread mention' });
    expect(document.title).toBe(`(1) ${TITLE}`);
    // Not mine: mentions of others, and my own words about me.
    await mention(client, '@bob, your turn');
    client.happen('p1', { type: 'chat.sent', text: 'reminder to @ana: lunch' });
    await mention(client, 'and @ANA, #102 too');
    expect(screen.getByRole('tab', { name: 'Chat, 2 unread mentions' })).toHaveTextContent('Chat 2');
    expect(document.title).toBe(`(2) ${TITLE}`);

    await userEvent.click(chatTab());
    expect(tabSays()).toEqual({ text: 'Chat', name: 'Chat' });
    expect(document.title).toBe(TITLE);
    // Read as they come while the chat is on screen.
    await mention(client);
    expect(tabSays().name).toBe('Chat');

    await userEvent.click(screen.getByRole('tab', { name: 'Board' }));
    await mention(client);
    expect(tabSays().name).toBe('Chat, 1 unread mention');
  });

  it('counts a mention of me in a help thread too', async () => {
    setNarrow(true);
    const client = seeded();
    await renderApp({ client });
    client.happen('p1', { type: 'help.raised', helpId: 'h9', note: 'stuck on the build' });
    client.happen('p2', { type: 'help.replied', helpId: 'h9', text: '@ana which compiler?' });
    await tick();
    expect(tabSays()).toEqual({ text: 'Chat 1', name: 'Chat, 1 unread mention' });
    client.happen('p1', { type: 'help.replied', helpId: 'h9', text: 'gcc, @ana here' });
    await tick();
    expect(tabSays().name).toBe('Chat, 1 unread mention');
    await userEvent.click(chatTab());
    expect(tabSays().name).toBe('Chat');
  });

  it('does not count what the board held when the page opened', async () => {
    setNarrow(true);
    const client = seeded();
    client.happen('p2', { type: 'chat.sent', text: '@ana from before' });
    await renderApp({ client });
    await tick();
    expect(tabSays().name).toBe('Chat');
    expect(document.title).toBe(TITLE);
  });

  it('counts while the page is hidden, where the chat is always on screen, and clears when it is shown again', async () => {
    const client = seeded();
    await renderApp({ client });
    await mention(client);
    expect(document.title).toBe(TITLE);
    setVisibility('hidden');
    await mention(client);
    expect(document.title).toBe(`(1) ${TITLE}`);
    setVisibility('visible');
    await tick();
    expect(document.title).toBe(TITLE);
  });

  it('counts nothing for a lurker, nor what was said before they joined', async () => {
    setNarrow(true);
    const client = seeded({ me: null });
    await renderApp({ client });
    await mention(client);
    expect(document.title).toBe(TITLE);
    client.personId = 'p1';
    await tick();
    expect(tabSays().name).toBe('Chat');
    await mention(client);
    expect(tabSays().name).toBe('Chat, 1 unread mention');
  });

  it('stops counting a mention a moderator removes', async () => {
    setNarrow(true);
    const client = seeded();
    await renderApp({ client });
    await mention(client);
    client.happen('p2', { type: 'chat.removed', chatSeq: client.board.chat.at(-1)!.seq });
    await tick();
    expect(tabSays().name).toBe('Chat');
  });
});
