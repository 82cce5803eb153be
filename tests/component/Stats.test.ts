import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { tick } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderApp } from './render-app.ts';
import Stats from '../../client/components/stats/Stats.svelte';
import type { ChartColours, ChartData } from '../../client/lib/stats-chart.ts';
import type { EventBody } from '../../shared/protocol.ts';
import { setNarrow } from './browser-gaps.ts';
import { seeded, type FakeClient } from './fake-client.svelte.ts';

/**
 * jsdom has no canvas: the uPlot adapter is replaced by one that keeps what it was handed, so
 * the tests see what the chart was given to draw, and whether it was drawn anew or updated.
 */
const drawn = vi.hoisted(() => ({
  charts: [] as { data: ChartData[]; colours: ChartColours[]; destroyed: boolean }[],
}));
vi.mock('../../client/lib/uplot-chart.ts', () => ({
  drawChart: (_target: HTMLElement, data: ChartData, colours: ChartColours) => {
    const chart = { data: [data], colours: [colours], destroyed: false };
    drawn.charts.push(chart);
    return {
      update: (next: ChartData) => chart.data.push(next),
      restyle: (next: ChartColours) => chart.colours.push(next),
      destroy: () => (chart.destroyed = true),
    };
  },
}));

beforeEach(() => {
  drawn.charts.length = 0;
});

/** ana and cy finish three issues between them, bob holds one, and a first-timer is helped. */
function busyDay(): FakeClient {
  const client = seeded();
  client.person('p3', 'cy');
  client.happen('p1', { type: 'issue.created', issue: { id: 'i4', number: 104, title: 'Slow start', type: 'bug', labels: [] } });
  const work: [string, EventBody][] = [
    ['p1', { type: 'issue.claimed', issueId: 'i1' }],
    ['p1', { type: 'issue.patched', issueId: 'i1', url: 'https://example.org/p/1' }],
    ['p2', { type: 'issue.tested', issueId: 'i1', result: 'works' }],
    ['p1', { type: 'issue.moved', issueId: 'i1', from: 'in-progress', to: 'done' }],
    ['p3', { type: 'issue.claimed', issueId: 'i2' }],
    ['p3', { type: 'issue.moved', issueId: 'i2', from: 'in-progress', to: 'done' }],
    ['p1', { type: 'issue.claimed', issueId: 'i3' }],
    ['p1', { type: 'issue.moved', issueId: 'i3', from: 'in-progress', to: 'done' }],
    ['p2', { type: 'issue.claimed', issueId: 'i4' }],
  ];
  for (const [actor, body] of work) client.happen(actor, body);
  return client;
}

const table = (caption: string) => screen.getByRole('table', { name: caption });
/** A table's body, a row per line, each cell's text. */
const cells = (caption: string) =>
  within(table(caption))
    .getAllByRole('row')
    .slice(caption === 'Issues now' || caption === 'So far' ? 0 : 1)
    .map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent));

async function shown(client: FakeClient) {
  render(Stats, { client });
  await screen.findByRole('table', { name: 'Issues now' });
}

describe('the Stats view', () => {
  it('shows the issues per column, what was done so far and who did the most, from the log', async () => {
    const client = busyDay();
    await shown(client);
    expect(cells('Issues now')).toEqual([
      ['Open', '0'],
      ['In progress', '1'],
      ['Needs review', '0'],
      ['Ready to commit', '0'],
      ['Done', '3'],
    ]);
    expect(cells('So far').slice(0, 4)).toEqual([
      ['Claims', '4'],
      ['Patches', '1'],
      ['Test reports', '1'],
      ['Branch checks', '0'],
    ]);
    expect(cells('So far').at(-2)).toEqual(['Median wait for help', 'none taken yet']);
    expect(cells('Most done')).toEqual([
      ['ana (you)', '2'],
      ['cy', '1'],
    ]);
  });

  it('hands the chart the counts minute by minute, and the table under the disclosure shows the same numbers', async () => {
    const client = busyDay();
    await shown(client);
    expect(drawn.charts).toHaveLength(1);
    const [at, done, inProgress] = drawn.charts[0]!.data[0]!;
    // The fake client puts each event in a minute of its own; the first moves nothing.
    expect(done).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
    expect(inProgress).toEqual([0, 1, 0, 1, 0, 1, 0, 1]);
    expect(screen.getByRole('img', { name: /^A chart of issues done and in progress over time, from .* 3 done and 1 in progress by then, at most 1 in progress at once\.$/ })).toBeInTheDocument();

    const disclosure = screen.getByText('Show the numbers as a table');
    expect(screen.getByRole('table', { name: /by the minute/ })).not.toBeVisible();
    await userEvent.click(disclosure);
    const series = screen.getByRole('table', { name: 'Issues done and in progress, by the minute they changed in' });
    expect(series).toBeVisible();
    expect(within(series).getAllByRole('columnheader').map((th) => th.textContent)).toEqual(['Time', 'Done', 'In progress or in review']);
    const rows = within(series).getAllByRole('row').slice(1);
    expect(rows.map((row) => row.querySelector('time')!.getAttribute('datetime'))).toEqual(at.map((seconds) => new Date(seconds * 1000).toISOString()));
    expect(rows.map((row) => [...row.querySelectorAll('td')].map((td) => Number(td.textContent)))).toEqual(done.map((d, i) => [d, inProgress[i]]));
  });

  it('says nothing has happened yet instead of drawing an empty chart', async () => {
    const client = seeded();
    await shown(client);
    expect(screen.getByText('Nothing has happened yet: the chart starts with the first claim.')).toBeInTheDocument();
    expect(screen.queryByRole('img')).not.toBeInTheDocument();
    expect(drawn.charts).toHaveLength(0);
    expect(cells('Most done')).toEqual([['Nobody has finished an issue yet']]);
  });

  it('says why the numbers could not be fetched, and tries again when asked', async () => {
    const client = busyDay();
    client.statsAnswer = { ok: false, error: { code: 'no_answer', message: 'No answer from the server; check your connection and try again.' } };
    render(Stats, { client });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not fetch the numbers: No answer from the server');
    client.statsAnswer = undefined;
    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('table', { name: 'Issues now' })).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('lets a person who has joined leave the list and come back to it, keeping focus on the button', async () => {
    const client = busyDay();
    await shown(client);
    const leave = screen.getByRole('button', { name: 'Don’t list me' });
    await userEvent.click(leave);
    expect(client.sent).toEqual([{ name: 'person:listed', payload: { listed: false } }]);
    client.happen('p1', { type: 'person.listed', listed: false });
    await tick();
    // Gone from the list at once, before the next fetch.
    expect(cells('Most done')).toEqual([['cy', '1']]);
    expect(leave).toHaveAccessibleName('List me');
    expect(leave).toHaveFocus();
    expect(screen.getByText('You asked not to be listed.')).toBeInTheDocument();
    await userEvent.click(leave);
    expect(client.sent.at(-1)).toEqual({ name: 'person:listed', payload: { listed: true } });
  });

  it('offers a lurker no choice about the list', async () => {
    await shown(seeded({ me: null }));
    expect(screen.queryByRole('button', { name: /list me/i })).not.toBeInTheDocument();
  });
});

describe('the Stats view, live', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] }));
  afterEach(() => vi.useRealTimers());

  /** Lets the fake client's answers and the render they cause through. */
  const settle = async () => {
    for (let i = 0; i < 3; i += 1) await tick();
  };

  it('fetches again as events arrive, at most once every 2 s and once more for the last, updating the chart in place', async () => {
    const client = busyDay();
    render(Stats, { client });
    await settle();
    expect(client.statsAsked).toBe(1);
    const summary = screen.getByText('Show the numbers as a table');
    summary.focus();

    for (const issueId of ['i1', 'i2', 'i3']) {
      client.happen('p1', { type: 'issue.moved', issueId, from: 'done', to: 'in-progress' });
      await settle();
      vi.advanceTimersByTime(300);
    }
    // The first fetch was just now: the three events wait for one more, when the 2 s are up.
    expect(client.statsAsked).toBe(1);
    await vi.advanceTimersByTimeAsync(2_000);
    await settle();
    expect(client.statsAsked).toBe(2);
    expect(cells('Issues now').at(-1)).toEqual(['Done', '0']);

    expect(drawn.charts).toHaveLength(1);
    const chart = drawn.charts[0]!;
    expect(chart.data.at(-1)![1].at(-1)).toBe(0);
    expect(chart.data.at(-1)![2].at(-1)).toBe(4);
    expect(chart.destroyed).toBe(false);
    expect(summary).toHaveFocus();

    // Quiet since: nothing more is fetched.
    await vi.advanceTimersByTimeAsync(10_000);
    expect(client.statsAsked).toBe(2);
  });

  it('stops fetching once the view is gone', async () => {
    const client = busyDay();
    const { unmount } = render(Stats, { client });
    await settle();
    client.happen('p1', { type: 'issue.moved', issueId: 'i1', from: 'done', to: 'in-progress' });
    await settle();
    unmount();
    expect(drawn.charts[0]!.destroyed).toBe(true);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(client.statsAsked).toBe(1);
  });
});

describe('where the Stats view opens', () => {
  it('is a dialog from the header on a wide screen, giving focus back to its button on close', async () => {
    await renderApp({ client: busyDay() });
    expect(screen.queryByRole('tab', { name: 'Stats' })).not.toBeInTheDocument();
    const open = within(screen.getByRole('banner')).getByRole('button', { name: 'Stats' });
    await userEvent.click(open);
    const dialog = await screen.findByRole('dialog', { name: 'Stats' });
    expect(await within(dialog).findByRole('table', { name: 'Issues now' })).toBeInTheDocument();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog', { name: 'Stats' })).not.toBeInTheDocument();
    expect(open).toHaveFocus();
  });

  it('is the fifth tab on a phone, fetching only while it is shown', async () => {
    setNarrow(true);
    const client = busyDay();
    await renderApp({ client });
    expect(within(screen.getByRole('banner')).queryByRole('button', { name: 'Stats' })).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('tab', { name: 'Stats' }));
    const pane = screen.getByRole('tabpanel', { name: 'Stats' });
    expect(await within(pane).findByRole('table', { name: 'Issues now' })).toBeInTheDocument();
    expect(client.statsAsked).toBe(1);
    await userEvent.click(screen.getByRole('tab', { name: 'Board' }));
    expect(pane.querySelector('table')).toBeNull();
    client.happen('p1', { type: 'issue.moved', issueId: 'i1', from: 'done', to: 'in-progress' });
    await tick();
    expect(client.statsAsked).toBe(1);
  });
});
