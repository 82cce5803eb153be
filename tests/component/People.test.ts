import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import People from '../../client/components/people/People.svelte';
import { seeded } from './fake-client.svelte.ts';

describe('People', () => {
  it('lists who is online with role, venue and what they hold (as the board has it), then the lurkers', () => {
    const client = seeded();
    client.happen('p1', { type: 'issue.claimed', issueId: 'i1' });
    client.presence = {
      online: [
        // Sent before ana's claim: the board, which folded the claim, is what the list follows.
        { personId: 'p1', nick: 'ana', role: 'participant', venue: 'remote', holds: [] },
        { personId: 'p2', nick: 'bob', role: 'mentor', holds: [] },
      ],
      lurkers: 4,
    };
    render(People, { client, onshowissue: () => {} });
    const [ana, bob] = within(screen.getByRole('list')).getAllByRole('listitem');
    expect(ana).toHaveTextContent(/ana\s*participant\s*· remote\s*holds #101/);
    expect(within(ana!).getByRole('link', { name: '#101' })).toBeInTheDocument();
    expect(bob).toHaveTextContent(/bob\s*mentor/);
    expect(screen.getByText('and 4 lurkers watching')).toBeInTheDocument();
  });
});
