import { render, screen, within } from '@testing-library/svelte';
import { tick } from 'svelte';
import { describe, expect, it } from 'vitest';
import HelpStats from '../../client/components/organize/HelpStats.svelte';
import { seeded } from './fake-client.svelte.ts';

/** The rows of a table as their cells' text, header cells included. */
const rows = (name: string) =>
  within(screen.getByRole('table', { name }))
    .getAllByRole('row')
    .map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent));

describe('the organizer’s help numbers', () => {
  it('counts the flags, the waits, who resolved how many and what each flag was about, live', async () => {
    const client = seeded({ me: 'p2' });
    client.person('p3', 'cy');
    client.person('p4', 'max', 'mentor');
    // The fake stamps events a minute apart: ana waits 1 min, cy 3, and cy's second flag is never taken.
    client.happen('p1', { type: 'help.raised', helpId: 'h1', note: 'tests', issueId: 'i1' });
    client.happen('p2', { type: 'help.taken', helpId: 'h1' }, { type: 'help.resolved', helpId: 'h1' });
    client.happen('p3', { type: 'help.raised', helpId: 'h2', note: 'docs', issueId: 'i2' });
    client.happen('p1', { type: 'chat.sent', text: 'hm' }, { type: 'chat.sent', text: 'hm' });
    client.happen('p4', { type: 'help.taken', helpId: 'h2' }, { type: 'help.resolved', helpId: 'h2' });
    client.happen('p3', { type: 'help.raised', helpId: 'h3', note: 'again' }, { type: 'help.cancelled', helpId: 'h3' });
    render(HelpStats, { client });

    expect(screen.getByRole('region', { name: 'Help queue' })).toBeInTheDocument();
    expect(rows('Help flags')).toEqual([
      ['Raised', '3'],
      ['Taken', '2'],
      ['Resolved', '2'],
      ['Cancelled', '1'],
      ['Median wait, raised to taken', '1 min'],
      ['90th percentile wait', '3 min'],
    ]);
    expect(screen.getByRole('rowheader', { name: 'Raised' })).toBeInTheDocument();
    expect(rows('Resolved per mentor')).toEqual([
      ['Mentor', 'Resolved'],
      ['bob', '1'],
      ['max', '1'],
    ]);
    expect(screen.getByRole('columnheader', { name: 'Mentor' })).toBeInTheDocument();
    expect(rows('What the flags were about')).toEqual([
      ['Asked by', 'Issue', 'Now'],
      ['ana', '#101 Crash on save', 'resolved'],
      ['cy', '#102 Dark theme', 'resolved'],
    ]);

    client.happen('p1', { type: 'help.raised', helpId: 'h4', note: 'more', issueId: 'i3' });
    await tick();
    expect(rows('What the flags were about').at(-1)).toEqual(['ana', 'Typo in docs', 'waiting']);
    expect(rows('Help flags')[0]).toEqual(['Raised', '4']);
  });

  it('says so where there is nothing to count yet', () => {
    render(HelpStats, { client: seeded({ me: 'p2' }) });
    expect(rows('Help flags')).toContainEqual(['Median wait, raised to taken', 'none taken yet']);
    expect(rows('Resolved per mentor')).toEqual([['Mentor', 'Resolved'], ['None resolved yet']]);
    expect(rows('What the flags were about')).toEqual([['Asked by', 'Issue', 'Now'], ['No flag named an issue yet']]);
  });
});
