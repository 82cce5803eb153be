import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { tick } from 'svelte';
import { describe, expect, it } from 'vitest';
import CardPanel from '../../client/components/card/CardPanel.svelte';
import { clockTime } from '../../client/lib/time.ts';
import { seeded, type FakeClient } from './fake-client.svelte.ts';
import { summary } from './summary.ts';

const MINUTE = 60_000;

function panel(client: FakeClient, issueId = 'i1') {
  render(CardPanel, { issue: client.board.issues[issueId], client, onclose: () => {}, returnFocus: () => null });
  const dialog = screen.getByRole('dialog');
  return { dialog, actions: within(within(dialog).getByRole('region', { name: 'What you can do' })) };
}

/** ana (me) holds #101; cy is a first-timer who joined too. */
function claimed(me: string | null = 'p1') {
  const client = seeded({ me });
  client.happen('p3', { type: 'person.joined', person: { id: 'p3', nick: 'cy', role: 'participant', joinedAt: 0, firstTime: true } });
  client.happen('p1', { type: 'issue.claimed', issueId: 'i1' });
  return client;
}

describe('the card panel: claiming', () => {
  it('says why an open card is not mine to claim, where Claim would be', () => {
    const client = claimed('p3');
    client.happen('p3', { type: 'issue.claimed', issueId: 'i2' });
    const { actions } = panel(client, 'i3');
    expect(actions.queryByRole('button', { name: /^Claim/ })).not.toBeInTheDocument();
    expect(actions.getByText('You already hold 1 issue, the most a first-timer may hold here; release it first.')).toBeInTheDocument();
  });
});

describe('the card panel: the lease', () => {
  it('says when the lease runs out, and Extend, described by that, extends it', async () => {
    const client = claimed();
    const { dialog, actions } = panel(client);
    const due = clockTime(client.board.issues.i1!.activeAt! + 180 * MINUTE);
    expect(within(dialog).getByText(`Lease runs out at ${due}.`)).toBeInTheDocument();
    const extend = actions.getByRole('button', { name: 'Extend #101' });
    expect(extend).toHaveAccessibleDescription(`Lease runs out at ${due}.`);
    expect(extend).not.toHaveClass('primary');
    await userEvent.click(extend);
    expect(client.sent).toEqual([{ name: 'issue:extend', payload: { issueId: 'i1' } }]);
  });

  it('says a stale card is released unless extended, and puts Extend first', async () => {
    const client = claimed();
    client.happen('system', { type: 'issue.stale', issueId: 'i1' });
    const { dialog, actions } = panel(client);
    const { staleAt } = client.board.issues.i1!;
    const words = `Stale since ${clockTime(staleAt!)}: released at ${clockTime(staleAt! + 30 * MINUTE)} unless extended.`;
    expect(within(dialog).getByText(words)).toBeInTheDocument();
    expect(actions.getByRole('button', { name: 'Extend #101' })).toHaveClass('primary');
  });

  it('offers Extend to a mentor, and not to someone else who does not hold it', () => {
    const client = claimed('p2');
    expect(panel(client).actions.getByRole('button', { name: 'Extend #101' })).toBeInTheDocument();
    const other = claimed('p3');
    render(CardPanel, { issue: other.board.issues.i1, client: other, onclose: () => {}, returnFocus: () => null });
    const theirs = screen.getAllByRole('dialog').at(-1)!;
    expect(within(theirs).queryByRole('button', { name: /^Extend/ })).not.toBeInTheDocument();
  });
});

describe('the card panel: co-workers', () => {
  it('lets the claimant add a co-worker picked from who is here', async () => {
    const client = claimed();
    const { dialog } = panel(client);
    await userEvent.click(summary(dialog, /^Add a co-worker to #101/));
    const picker = within(dialog).getByRole('combobox', { name: 'Add a co-worker to #101' });
    expect(within(picker).getAllByRole('option').map((option) => option.textContent)).toEqual(['Add a co-worker…', 'bob (away)', 'cy (away)']);
    await userEvent.selectOptions(picker, 'cy (away)');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add to #101' }));
    expect(client.sent).toEqual([{ name: 'issue:pair', payload: { issueId: 'i1', personId: 'p3' } }]);
  });

  it('leaves out whoever is at their cap, and offers nobody else the form', async () => {
    const client = claimed();
    // cy is a first-timer who already holds one card: the most a first-timer may.
    client.happen('p3', { type: 'issue.claimed', issueId: 'i3' });
    const { dialog } = panel(client);
    await userEvent.click(summary(dialog, /^Add a co-worker/));
    const options = within(within(dialog).getByRole('combobox', { name: /co-worker/ })).getAllByRole('option');
    expect(options.map((option) => option.textContent)).toEqual(['Add a co-worker…', 'bob (away)']);

    const theirs = claimed('p3');
    render(CardPanel, { issue: theirs.board.issues.i1, client: theirs, onclose: () => {}, returnFocus: () => null });
    expect([...screen.getAllByRole('dialog').at(-1)!.querySelectorAll('summary')].map((s) => s.textContent)).not.toContain(
      expect.stringMatching(/co-worker/),
    );
  });

  it('names every holder, marks a first-timer, and lets the claimant take a co-worker off', async () => {
    const client = claimed();
    client.happen('p1', { type: 'issue.paired', issueId: 'i1', personId: 'p3' });
    const { dialog, actions } = panel(client);
    expect(within(dialog).getByText(/^Claimed by/)).toHaveTextContent(/^Claimed by ana for .+, with cy \(first-timer\)\.$/);
    await userEvent.click(actions.getByRole('button', { name: 'Remove cy from #101' }));
    // One of two, the claimant leaves rather than releasing the card for both.
    expect(actions.queryByRole('button', { name: /^Release/ })).not.toBeInTheDocument();
    await userEvent.click(actions.getByRole('button', { name: 'Leave #101' }));
    expect(client.sent).toEqual([
      { name: 'issue:unpair', payload: { issueId: 'i1', personId: 'p3' } },
      { name: 'issue:unpair', payload: { issueId: 'i1', personId: 'p1' } },
    ]);
  });

  it('lets a co-worker leave, and take nobody else off', async () => {
    const client = claimed('p3');
    client.happen('p1', { type: 'issue.paired', issueId: 'i1', personId: 'p3' });
    const { actions } = panel(client);
    expect(actions.queryByRole('button', { name: /^Remove/ })).not.toBeInTheDocument();
    await userEvent.click(actions.getByRole('button', { name: 'Leave #101' }));
    expect(client.sent).toEqual([{ name: 'issue:unpair', payload: { issueId: 'i1', personId: 'p3' } }]);
  });

  it('shows a refusal next to the controls, in the server’s words', async () => {
    const client = claimed();
    client.answer = { ok: false, error: { code: 'conflict', message: 'cy already holds 1 issue, the most a first-timer may hold here.' } };
    const { dialog, actions } = panel(client);
    await userEvent.click(summary(dialog, /^Add a co-worker/));
    await userEvent.selectOptions(within(dialog).getByRole('combobox', { name: /co-worker/ }), 'cy (away)');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Add to #101' }));
    expect(actions.getByRole('alert')).toHaveTextContent('cy already holds 1 issue, the most a first-timer may hold here.');
  });
});

describe('the card panel: per-branch checks', () => {
  function branched(me: string | null = 'p1') {
    const client = claimed(me);
    client.happen('p2', { type: 'event.updated', info: { branches: ['main', '3.13', '3.12'] } });
    return client;
  }

  it('shows the latest check of each of the event’s branches, in the event’s order', () => {
    const client = branched();
    client.happen('p2', { type: 'issue.checked', issueId: 'i1', branch: '3.13', result: 'reproduces' });
    client.happen('p3', { type: 'issue.checked', issueId: 'i1', branch: '3.13', result: 'not-reproduced' });
    client.happen('p2', { type: 'issue.checked', issueId: 'i1', branch: 'main', result: 'fixed' });
    const { dialog } = panel(client);
    const table = within(within(dialog).getByRole('region', { name: 'Branches' })).getByRole('table');
    const rows = within(table)
      .getAllByRole('row')
      .map((row) => [...row.querySelectorAll('th, td')].map((cell) => cell.textContent?.trim()));
    const at = (branch: string) => clockTime(client.board.issues.i1!.checks.find((check) => check.branch === branch)!.at);
    expect(rows).toEqual([
      ['Branch', 'Latest check', 'By', 'When'],
      ['main', 'Fixed', 'bob', at('main')],
      ['3.13', 'Not reproduced', 'cy', at('3.13')],
      ['3.12', 'Not checked yet'],
    ]);
  });

  it('records a check on a branch picked from the event’s', async () => {
    const client = branched('p3');
    const { dialog } = panel(client);
    const branches = within(within(dialog).getByRole('region', { name: 'Branches' }));
    await userEvent.click(summary(dialog, /^Record a check of #101/));
    expect(branches.getByRole('button', { name: 'Record check' })).toBeDisabled();
    await userEvent.selectOptions(branches.getByRole('combobox', { name: 'Branch' }), '3.13');
    await userEvent.click(within(branches.getByRole('group', { name: 'What you found' })).getByRole('radio', { name: 'Not reproduced' }));
    await userEvent.click(branches.getByRole('button', { name: 'Record check' }));
    expect(client.sent).toEqual([{ name: 'issue:check', payload: { issueId: 'i1', branch: '3.13', result: 'not-reproduced' } }]);
  });

  it('is not there for an event without branches, and a lurker sees the table without the form', () => {
    const client = claimed();
    const { dialog } = panel(client);
    expect(within(dialog).queryByRole('region', { name: 'Branches' })).not.toBeInTheDocument();

    const lurker = branched(null);
    render(CardPanel, { issue: lurker.board.issues.i1, client: lurker, onclose: () => {}, returnFocus: () => null });
    const theirs = within(screen.getAllByRole('dialog').at(-1)!);
    expect(theirs.getByRole('region', { name: 'Branches' })).toBeInTheDocument();
    expect(theirs.queryByRole('button', { name: 'Record check' })).not.toBeInTheDocument();
    expect([...theirs.getByRole('region', { name: 'Branches' }).querySelectorAll('summary')]).toEqual([]);
  });
});

describe('the card panel: asking for a commit', () => {
  function inReview() {
    const client = claimed();
    client.happen('p1', { type: 'issue.moved', issueId: 'i1', from: 'in-progress', to: 'review' });
    return client;
  }

  it('is offered only in Needs review with a patch, and sends the note', async () => {
    const client = inReview();
    const { dialog } = panel(client);
    expect(() => summary(dialog, /^Ask a mentor to commit/)).toThrow();
    client.happen('p1', { type: 'issue.patched', issueId: 'i1', url: 'https://example.org/p/1' });
    await tick();
    await userEvent.click(summary(dialog, /^Ask a mentor to commit #101/));
    await userEvent.type(within(dialog).getByRole('textbox', { name: 'Note (optional)' }), 'tests pass on 3.13');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Ask for a commit' }));
    expect(client.sent).toEqual([{ name: 'issue:ask-commit', payload: { issueId: 'i1', note: 'tests pass on 3.13' } }]);
  });

  it('says who asked and when, and asks no more', () => {
    const client = inReview();
    client.happen('p1', { type: 'issue.patched', issueId: 'i1', url: 'https://example.org/p/1' });
    client.happen('p1', { type: 'issue.commitAsked', issueId: 'i1', note: 'tests pass' });
    const { dialog } = panel(client);
    const at = clockTime(client.board.issues.i1!.commitAsked!.at);
    expect(within(dialog).getByText(/^Commit requested by/)).toHaveTextContent(`Commit requested by ana at ${at}: tests pass`);
    expect(() => summary(dialog, /^Ask a mentor to commit/)).toThrow();
  });
});
