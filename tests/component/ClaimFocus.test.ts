import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import Board from '../../client/components/board/Board.svelte';
import CardPanel from '../../client/components/card/CardPanel.svelte';
import { toasts } from '../../client/lib/toasts.svelte.ts';
import { answerInTurn, NEEDS_CONFIRMATION } from './answers.ts';
import { seeded } from './fake-client.svelte.ts';

/** ana's board, with a focus that feature requests go against (#102 is one). */
function focused() {
  const client = seeded();
  client.happen('p2', { type: 'event.updated', info: { focus: { text: 'Bug fixes and docs only', discouraged: ['feature'] } } });
  answerInTurn(client, NEEDS_CONFIRMATION);
  return client;
}

const question = () => screen.getByRole('dialog', { name: 'Not this event’s focus' });
const claims = (confirm?: boolean) => ({ name: 'issue:claim', payload: { issueId: 'i2', ...(confirm ? { confirm } : {}) } });

afterEach(() => toasts.clear());

describe('claiming against the event’s focus', () => {
  it('asks in the server’s words, and on yes claims it again, confirmed', async () => {
    const client = focused();
    render(Board, { client, onjoin: () => {} });
    await userEvent.click(screen.getByRole('button', { name: 'Claim #102' }));
    expect(question()).toHaveTextContent("#102 is a feature request, and this event's focus is “Bug fixes and docs only”. Claim it anyway?");
    await userEvent.click(within(question()).getByRole('button', { name: 'Claim anyway' }));
    expect(client.sent).toEqual([claims(), claims(true)]);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(toasts.items).toEqual([]);
  });

  it('puts focus on the card once it is claimed, in its new column', async () => {
    const client = focused();
    answerInTurn(client, { ok: true, data: { seq: client.board.seq + 1 } });
    render(Board, { client, onjoin: () => {} });
    await userEvent.click(screen.getByRole('button', { name: 'Claim #102' }));
    await userEvent.click(within(question()).getByRole('button', { name: 'Claim anyway' }));
    client.happen('p1', { type: 'issue.claimed', issueId: 'i2' });
    const inProgress = screen.getByRole('region', { name: /^In progress/ });
    await vi.waitFor(() => expect(within(inProgress).getByRole('link', { name: 'Dark theme' })).toHaveFocus());
  });

  it('claims nothing on no, says nothing more, and gives focus back to the Claim pressed', async () => {
    const client = focused();
    render(Board, { client, onjoin: () => {} });
    const claim = screen.getByRole('button', { name: 'Claim #102' });
    await userEvent.click(claim);
    await userEvent.click(within(question()).getByRole('button', { name: 'Don’t claim' }));
    expect(client.sent).toEqual([claims()]);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(toasts.items).toEqual([]);
    await vi.waitFor(() => expect(claim).toHaveFocus());
    // Asked again the next time: a no is not remembered for the person.
    answerInTurn(client, NEEDS_CONFIRMATION);
    await userEvent.click(claim);
    expect(question()).toBeInTheDocument();
  });

  it('shows a refusal of the confirmed claim in the question, and then nothing more once closed', async () => {
    const client = focused();
    answerInTurn(client, { ok: false, error: { code: 'conflict', message: '#102 is already claimed by bob (since 09:02 UTC).' } });
    render(Board, { client, onjoin: () => {} });
    await userEvent.click(screen.getByRole('button', { name: 'Claim #102' }));
    await userEvent.click(within(question()).getByRole('button', { name: 'Claim anyway' }));
    expect(within(question()).getByRole('alert')).toHaveTextContent('#102 is already claimed by bob');
    await userEvent.click(within(question()).getByRole('button', { name: 'Don’t claim' }));
    expect(toasts.items).toEqual([]);
  });

  it('asks the same from the card’s panel, whose Claim is offered although decide alone would refuse it', async () => {
    const client = focused();
    render(CardPanel, { issue: client.board.issues.i2, client, onclose: () => {}, returnFocus: () => null });
    const actions = within(screen.getByRole('region', { name: 'What you can do' }));
    await userEvent.click(actions.getByRole('button', { name: 'Claim #102' }));
    await userEvent.click(within(question()).getByRole('button', { name: 'Claim anyway' }));
    expect(client.sent).toEqual([claims(), claims(true)]);
    expect(actions.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('leaves no refusal beside the panel’s Claim on no', async () => {
    const client = focused();
    render(CardPanel, { issue: client.board.issues.i2, client, onclose: () => {}, returnFocus: () => null });
    const actions = within(screen.getByRole('region', { name: 'What you can do' }));
    const claim = actions.getByRole('button', { name: 'Claim #102' });
    await userEvent.click(claim);
    await userEvent.click(within(question()).getByRole('button', { name: 'Don’t claim' }));
    expect(client.sent).toEqual([claims()]);
    expect(actions.queryByRole('alert')).not.toBeInTheDocument();
    await vi.waitFor(() => expect(claim).toHaveFocus());
  });
});
