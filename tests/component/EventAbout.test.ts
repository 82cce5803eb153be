import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import EventAbout from '../../client/components/organize/EventAbout.svelte';
import { seeded } from './fake-client.svelte.ts';

describe('the downloads in About this event', () => {
  it('offers the four exports to anyone, each a download saying what it holds', () => {
    const client = seeded({ me: null });
    render(EventAbout, { event: client.board.event, open: true });
    const about = screen.getByRole('dialog', { name: 'About Bug day' });
    const downloads = within(about).getByRole('list', { name: 'Downloads' });
    const links = within(downloads).getAllByRole('link');
    expect(links.map((link) => [link.textContent, link.getAttribute('href')])).toEqual([
      ['Event record (JSON)', '/export/event.json'],
      ['Issues (CSV)', '/export/issues.csv'],
      ['Summary (Markdown)', '/export/summary.md'],
      ['Offline archive (HTML)', '/export/archive.html'],
    ]);
    // Without a value, the browser keeps the dated file name the server gives.
    for (const link of links) expect(link).toHaveAttribute('download', '');
    expect(within(downloads).getAllByRole('listitem')[3]).toHaveTextContent('the board and the whole chat in one file that opens without a network');
  });
});
