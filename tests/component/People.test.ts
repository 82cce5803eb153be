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

  it('marks first-timers, and lists the cards a person pairs on among what they hold', () => {
    const client = seeded();
    client.happen('p3', { type: 'person.joined', person: { id: 'p3', nick: 'cy', role: 'participant', joinedAt: 0, firstTime: true } });
    client.happen('p1', { type: 'issue.claimed', issueId: 'i1' }, { type: 'issue.paired', issueId: 'i1', personId: 'p3' });
    client.presence = {
      online: [
        { personId: 'p1', nick: 'ana', role: 'participant', holds: [] },
        { personId: 'p3', nick: 'cy', role: 'participant', holds: [] },
      ],
      lurkers: 0,
    };
    render(People, { client, onshowissue: () => {} });
    const [ana, cy] = within(screen.getByRole('list')).getAllByRole('listitem');
    expect(within(cy!).getByText('first-timer')).toBeInTheDocument();
    expect(cy).toHaveTextContent(/cy\s*participant\s*first-timer\s*holds #101/);
    expect(within(cy!).getByRole('link', { name: '#101' })).toHaveAttribute('href', '#/issue/101');
    expect(within(ana!).queryByText('first-timer')).not.toBeInTheDocument();
    expect(ana).toHaveTextContent('holds #101');
  });
});
