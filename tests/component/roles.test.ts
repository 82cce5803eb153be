import { screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { renderApp } from './render-app.ts';
import { summary } from './summary.ts';
import { seeded, type FakeClient } from './fake-client.svelte.ts';

/**
 * One board seen by each role: ana (participant) holds #101, bob is a mentor,
 * olga an organizer, and there is a chat message and an open help flag.
 */
function board(me: string | null): FakeClient {
  const client = seeded({ me });
  client.person('p3', 'olga', 'organizer');
  client.happen('p1', { type: 'issue.claimed', issueId: 'i1' });
  client.happen('p1', { type: 'chat.sent', text: 'hello all' });
  client.happen('p1', { type: 'help.raised', helpId: 'h9', note: 'stuck on the build' });
  client.presence = {
    online: [
      { personId: 'p1', nick: 'ana', role: 'participant', holds: ['i1'] },
      { personId: 'p2', nick: 'bob', role: 'mentor', holds: [] },
      { personId: 'p3', nick: 'olga', role: 'organizer', holds: [] },
    ],
    lurkers: 1,
  };
  return client;
}

const button = (name: string | RegExp) => screen.queryAllByRole('button', { name });
const crash = () => screen.getByRole('article', { name: 'Crash on save' });
/** Opens #101's panel from its card, as a click on its title does. */
async function panel() {
  await userEvent.click(within(crash()).getByRole('link', { name: 'Crash on save' }));
  // The panel's code is fetched on first use, and its first load in jsdom can take over a second.
  return screen.findByRole('dialog', { name: 'Crash on save' }, { timeout: 5_000 });
}

describe('controls by role', () => {
  it('gives a lurker nothing to change', async () => {
    await renderApp({ client: board(null) });
    for (const name of [/^Claim/, /^Release/, /^Assign/, /^Take/, /^Resolve/, /^Remove/, /^Mute/, /^Make/, 'Organize', 'Send']) {
      expect(button(name)).toEqual([]);
    }
    expect(screen.queryByText(/^Add patch link/)).not.toBeInTheDocument();
    expect(screen.queryByText(/^Test it/)).not.toBeInTheDocument();
    expect(screen.queryByText(/^Assign/)).not.toBeInTheDocument();
  });

  it('gives a participant patch links and test reports, not the mentor’s or organizer’s controls', async () => {
    await renderApp({ client: board('p1') });
    const card = within(await panel());
    expect(card.getByText(/^Add patch link/)).toBeInTheDocument();
    expect(card.getByText(/^Test it/)).toBeInTheDocument();
    expect(card.getByRole('button', { name: 'Release #101' })).toBeInTheDocument();
    for (const name of [/^Assign/, /^Take/, /^Resolve/, /^Remove/, /^Mute/, /^Make/, 'Organize']) expect(button(name)).toEqual([]);
    expect(screen.queryByText(/^Assign/)).not.toBeInTheDocument();
    expect(card.queryByRole('button', { name: 'Move to Ready to commit' })).not.toBeInTheDocument();
    history.replaceState(null, '', '/');
  });

  it('gives a mentor Take, Resolve, Release and Assign on anyone’s card and Ready to commit, but no moderation', async () => {
    await renderApp({ client: board('p2') });
    expect(button('Take help flag from ana')).toHaveLength(1);
    expect(button('Resolve help flag from ana')).toHaveLength(1);
    const dialog = await panel();
    const card = within(dialog);
    expect(card.getByRole('button', { name: 'Release #101' })).toBeInTheDocument();
    expect(card.getByRole('button', { name: 'Move to Ready to commit' })).toBeInTheDocument();
    await userEvent.click(summary(dialog, /^Assign #101 to/));
    const assign = card.getByRole('combobox', { name: 'Assign #101 to' });
    // Everyone who joined except the holder, people online first.
    expect(within(assign).getAllByRole('option').map((option) => option.textContent)).toEqual(['Assign to…', 'bob', 'olga']);
    for (const name of [/^Remove/, /^Mute/, /^Make/, 'Organize']) expect(button(name)).toEqual([]);
    history.replaceState(null, '', '/');
  });

  it('gives an organizer moderation, people controls (not on themselves) and the Organize panel', async () => {
    await renderApp({ client: board('p3') });
    expect(button('Organize')).toHaveLength(1);
    expect(button(/^Remove message from ana/)).toHaveLength(1);
    expect(button('Make ana mentor')).toHaveLength(1);
    expect(button('Make bob participant')).toHaveLength(1);
    expect(button('Mute ana')).toHaveLength(1);
    expect(button('Remove ana')).toHaveLength(1);
    expect(button(/olga/)).toEqual([]);
  });

  it('shows a closed event to everyone with a banner and no write controls; the organizer keeps Organize', async () => {
    for (const me of [null, 'p1', 'p2', 'p3']) {
      const client = board(me);
      client.happen('p3', { type: 'event.closed' });
      const { unmount } = await renderApp({ client });
      expect(screen.getByText('This event is closed — the board and chat are read-only.')).toBeInTheDocument();
      const writes = screen
        .queryAllByRole('button')
        .map((b) => b.textContent?.trim() ?? '')
        .filter((name) => /^(Claim|Release|Move|Send|Ask|Take|Resolve|Cancel|Add|Assign|Remove|Mute|Make|Join)\b/.test(name));
      expect(writes).toEqual(me === null ? ['Join'] : []);
      expect(screen.queryByRole('textbox')).not.toBeInTheDocument();
      expect(button('Organize')).toHaveLength(me === 'p3' ? 1 : 0);
      unmount();
    }
  });
});
