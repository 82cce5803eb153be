import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import Header from '../../client/components/shell/Header.svelte';
import { seeded } from './fake-client.svelte.ts';

describe('Header', () => {
  it('shows the title, the connection, who is here and who I am', () => {
    const client = seeded();
    client.presence = {
      online: [
        { personId: 'p1', nick: 'ana', role: 'participant', holds: [] },
        { personId: 'p2', nick: 'bob', role: 'mentor', holds: [] },
      ],
      lurkers: 3,
    };
    render(Header, { client, onjoin: () => {} });
    // Until an organizer names the event, it has the default title.
    expect(screen.getByRole('heading', { level: 1, name: 'Bug day' })).toBeInTheDocument();
    expect(screen.getByText('Live')).toBeInTheDocument();
    const counts = screen.getByText('1 participant · 1 mentor · 3 lurkers');
    // A narrow header wraps the counts only after a dot, never inside "1 mentor".
    expect(counts.textContent).toBe('1\u00a0participant\u00a0· 1\u00a0mentor\u00a0· 3\u00a0lurkers');
    expect(screen.getByText(/You are/)).toHaveTextContent('You are ana (remote)');
    expect(screen.queryByRole('button', { name: 'Join' })).not.toBeInTheDocument();
  });

  it('names my role when it is more than participant', () => {
    render(Header, { client: seeded({ me: 'p2' }), onjoin: () => {} });
    expect(screen.getByText(/You are/)).toHaveTextContent('You are bob, mentor');
  });

  it('offers a lurker a Join button', async () => {
    const onjoin = vi.fn();
    render(Header, { client: seeded({ me: null }), onjoin });
    await userEvent.click(screen.getByRole('button', { name: 'Join' }));
    expect(onjoin).toHaveBeenCalledOnce();
  });

  it('says when the connection is down', () => {
    const client = seeded();
    client.status = 'offline';
    render(Header, { client, onjoin: () => {} });
    expect(screen.getByText('Offline')).toBeInTheDocument();
  });
});
