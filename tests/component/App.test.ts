import { screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { tick } from 'svelte';
import { describe, expect, it } from 'vitest';
import { renderApp } from './render-app.ts';
import { toasts } from '../../client/lib/toasts.svelte.ts';
import { setNarrow } from './browser-gaps.ts';
import { seeded } from './fake-client.svelte.ts';

describe('App', () => {
  it('shows board, chat, help and people together on a wide screen', async () => {
    await renderApp({ client: seeded() });
    expect(screen.queryByRole('tablist')).not.toBeInTheDocument();
    for (const name of ['Board', 'Chat', 'Help 0 open', 'People 0 online']) {
      expect(screen.getByRole('heading', { level: 2, name })).toBeVisible();
    }
  });

  it('switches to tabs on a phone, by click and by arrow keys', async () => {
    setNarrow(true);
    await renderApp({ client: seeded() });
    const tabs = screen.getByRole('tablist', { name: 'Sections' });
    expect(within(tabs).getAllByRole('tab').map((tab) => tab.textContent)).toEqual(['Board', 'Chat', 'Help', 'People', 'Stats']);
    expect(screen.getByRole('tabpanel', { name: 'Board' })).toBeVisible();
    expect(screen.queryByRole('heading', { name: 'Chat' })).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole('tab', { name: 'Chat' }));
    expect(screen.getByRole('tab', { name: 'Chat' })).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByRole('heading', { name: 'Chat' })).toBeVisible();

    await userEvent.keyboard('{ArrowRight}');
    expect(screen.getByRole('tab', { name: 'Help' })).toHaveFocus();
    expect(screen.getByRole('tabpanel', { name: 'Help' })).toBeVisible();
  });

  it('opens the join dialog from the header and gives focus back when it closes', async () => {
    await renderApp({ client: seeded({ me: null }) });
    const join = within(screen.getByRole('banner')).getByRole('button', { name: 'Join' });
    await userEvent.click(join);
    const dialog = await screen.findByRole('dialog', { name: 'Join bugday' });
    expect(dialog).toHaveAttribute('open');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(join).toHaveFocus();
  });

  it('announces claims and help flags politely for screen readers', async () => {
    const client = seeded();
    const { container } = await renderApp({ client });
    const live = container.querySelector('[aria-live="polite"]')!;
    client.happen('p2', { type: 'issue.claimed', issueId: 'i1' });
    await expect.poll(() => live.textContent).toBe('bob claimed #101');
    client.happen('p2', { type: 'help.raised', helpId: 'h9', note: 'where are the docs?' });
    await expect.poll(() => live.textContent).toBe('bob asked for help: where are the docs?');
  });

  it('opens the card panel from a #number link in the chat, and on closing gives focus to the card on the board tab', async () => {
    setNarrow(true);
    const client = seeded();
    client.happen('p2', { type: 'chat.sent', text: 'who has #102?' });
    await renderApp({ client });
    await userEvent.click(screen.getByRole('tab', { name: 'Chat' }));
    await userEvent.click(screen.getByRole('link', { name: '#102' }));
    const dialog = await screen.findByRole('dialog', { name: 'Dark theme' });
    expect(location.hash).toBe('#/issue/102');
    // Closing a panel the page navigated to goes Back, which lands a task or more later: waited
    // for here, or it would land in the next test's page.
    const wentBack = new Promise((resolve) => window.addEventListener('popstate', resolve, { once: true }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Board' })).toHaveAttribute('aria-selected', 'true');
    await expect.poll(() => document.activeElement).toBe(screen.getByRole('link', { name: 'Dark theme' }));
    await wentBack;
    expect(location.hash).toBe('');
  });

  it('opens the card an address names in a fresh page: by number, or by id for a card without one', async () => {
    history.replaceState(null, '', '/#/issue/i3');
    await renderApp({ client: seeded() });
    expect(await screen.findByRole('dialog', { name: 'Typo in docs' })).toBeInTheDocument();
    history.replaceState(null, '', '/');
  });

  it('shows the number of waiting help flags on the phone’s Help tab', async () => {
    setNarrow(true);
    const client = seeded();
    await renderApp({ client });
    expect(screen.getByRole('tab', { name: 'Help' })).toBeInTheDocument();
    client.happen('p2', { type: 'help.raised', helpId: 'h9', note: 'where are the docs?' });
    await expect.poll(() => screen.getByRole('tab', { name: /^Help/ }).textContent?.replace(/\s+/g, ' ')).toBe('Help 1');
    expect(screen.getByRole('tab', { name: 'Help 1 waiting' })).toBeInTheDocument();
  });

  it('tells a mentor of a new help flag with a toast that leaves focus where it was; a participant gets none', async () => {
    for (const me of ['p2', 'p1']) {
      toasts.clear();
      const client = seeded({ me });
      const { unmount } = await renderApp({ client });
      const composer = screen.getByRole('textbox', { name: 'Message' });
      composer.focus();
      client.happen('p3', { type: 'person.joined', person: { id: 'p3', nick: 'cy', role: 'participant', joinedAt: 0 } });
      client.happen('p3', { type: 'help.raised', helpId: 'h9', note: 'the build fails' });
      if (me === 'p2') await expect.poll(() => toasts.items.map((toast) => toast.text)).toEqual(['cy asked for help: the build fails']);
      else {
        await tick();
        expect(toasts.items).toEqual([]);
      }
      expect(composer).toHaveFocus();
      unmount();
    }
  });
});
