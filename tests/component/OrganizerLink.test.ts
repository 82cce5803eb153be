import { tick } from 'svelte';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { renderApp } from './render-app.ts';
import JoinDialog from '../../client/components/shell/JoinDialog.svelte';
import { takeOrganizerKey } from '../../client/lib/organizer-link.ts';
import { seeded } from './fake-client.svelte.ts';

const KEY = 'a-test-organizer-key-123';

describe('the organizer link', () => {
  afterEach(() => history.replaceState(null, '', '/'));

  it('takes the key out of the address without adding a history entry, keeping other fragments', () => {
    history.replaceState(null, '', `/board?x=1#organizer-key=${KEY}`);
    const entries = history.length;
    expect(takeOrganizerKey()).toBe(KEY);
    expect(location.href).not.toContain(KEY);
    expect(location.pathname + location.search).toBe('/board?x=1');
    expect(history.length).toBe(entries);
    history.replaceState(null, '', '/#issue-i1');
    expect(takeOrganizerKey()).toBeUndefined();
    expect(location.hash).toBe('#issue-i1');
  });

  it('opens the Join dialog with the key filled in, masked, for someone who has not joined', async () => {
    history.replaceState(null, '', `/#organizer-key=${KEY}`);
    const client = seeded({ me: null });
    client.joinAnswer = { ok: true, data: { token: 't', person: { id: 'p9', nick: 'olga', role: 'organizer', joinedAt: 0 } } };
    await renderApp({ client });
    expect(location.href).not.toContain(KEY);
    const dialog = await screen.findByRole('dialog', { name: 'Join bugday' });
    expect(within(dialog).getByText('You are joining as an organizer.')).toBeInTheDocument();
    const key = within(dialog).getByLabelText('Mentor code or organizer key (optional)');
    expect(key).toHaveAttribute('type', 'password');
    expect(key).toHaveValue(KEY);
    await userEvent.type(within(dialog).getByRole('textbox', { name: 'Nick' }), 'olga');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Join' }));
    expect(client.joins).toEqual([{ nick: 'olga', venue: undefined, key: KEY }]);
  });

  it('elevates someone who has joined and says so', async () => {
    history.replaceState(null, '', `/#organizer-key=${KEY}`);
    const client = seeded();
    await renderApp({ client });
    expect(await screen.findByText(/^You are an organizer now/)).toHaveAttribute('role', 'status');
    expect(client.elevations).toEqual([KEY]);
    expect(screen.queryByRole('dialog', { name: 'Join bugday' })).not.toBeInTheDocument();
  });

  it('shows the server’s refusal of a wrong key', async () => {
    history.replaceState(null, '', '/#organizer-key=nope');
    const client = seeded();
    client.elevateAnswer = { ok: false, error: { code: 'forbidden', message: 'That is neither the organizer key nor the mentor code.' } };
    await renderApp({ client });
    const refusal = await screen.findByText(/That is neither the organizer key nor the mentor code\./);
    expect(refusal).toHaveAttribute('role', 'alert');
  });

  it('waits for the first sync before deciding whether this page has joined', async () => {
    history.replaceState(null, '', `/#organizer-key=${KEY}`);
    const client = seeded();
    client.synced = false;
    await renderApp({ client });
    expect(client.elevations).toEqual([]);
    client.synced = true;
    await expect.poll(() => client.elevations).toEqual([KEY]);
  });

  it('with the board from the page, waits until the server has taken the page’s token', async () => {
    history.replaceState(null, '', `/#organizer-key=${KEY}`);
    const client = seeded();
    client.status = 'connecting';
    await renderApp({ client });
    await tick();
    expect(client.elevations).toEqual([]);
    client.status = 'online';
    await expect.poll(() => client.elevations).toEqual([KEY]);
  });
});

describe('JoinDialog keys', () => {
  it('sends a typed mentor code as the key and shows a refusal in the dialog', async () => {
    const client = seeded({ me: null });
    client.joinAnswer = { ok: false, error: { code: 'forbidden', message: 'That is neither the organizer key nor the mentor code.' } };
    render(JoinDialog, { client, open: true });
    expect(screen.queryByText('You are joining as an organizer.')).not.toBeInTheDocument();
    await userEvent.type(screen.getByRole('textbox', { name: 'Nick' }), 'mia');
    await userEvent.type(screen.getByLabelText('Mentor code or organizer key (optional)'), 'abcd-efgh');
    await userEvent.click(screen.getByRole('button', { name: 'Join' }));
    expect(client.joins).toEqual([{ nick: 'mia', venue: undefined, key: 'abcd-efgh' }]);
    expect(screen.getByRole('alert')).toHaveTextContent('neither the organizer key nor the mentor code');
  });
});
