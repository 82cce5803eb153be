import type { Ack, BoardState, CommandResult, Person, Refusal } from '../../shared/protocol.ts';
import { verdict } from './allowed.ts';
import type { BugdayClient } from './client.ts';
import { focusLost } from './focus.ts';

/**
 * Claiming a card, one way for every Claim there is (the card's, the panel's, the chat's
 * `/claim`). A claim against the event's focus is refused with `needs_confirmation`; then the
 * person is asked, in the server's words, whether to claim it anyway, and a yes sends it again
 * with `confirm: true`.
 *
 *   const claim = new Claim();                         // in the component's script
 *   <ClaimQuestion {claim} />                          // once in its markup (components/card/ClaimQuestion.svelte)
 *   const answer = await claim.send(client, issueId);  // the server's last word
 *   if (declined(answer)) return;                      // they said no: nothing was claimed, nothing to show
 *
 * `send` waits while the question is open. A yes answers with the confirmed claim's answer (a
 * refusal of that one, say someone was quicker, is shown in the question, which stays open to
 * be read). A no, Escape or closing it answers with the first refusal, which `declined` tells
 * apart, and focus goes back to what had it when `send` was called (the Claim pressed, or the
 * chat's composer) once that control is enabled again.
 *
 * `claimable(board, me, issueId)` says whether to offer Claim at all: decide would accept it,
 * at once or once confirmed.
 */
export class Claim {
  /** What the person is being asked, in the server's words; nothing while nobody is asked. */
  question: string | undefined = $state();
  #pending: Pending | undefined;
  /** What had focus when the last claim was sent: the control that sent it. */
  #origin: HTMLElement | null = null;

  async send(client: BugdayClient, issueId: string): Promise<Ack<CommandResult>> {
    const origin = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    this.#origin = origin;
    const first = await client.send('issue:claim', { issueId });
    if (first.ok || first.error.code !== 'needs_confirmation') return first;
    this.#pending?.resolve({ ok: false, error: this.#pending.refusal });
    return new Promise((resolve) => {
      this.#pending = { client, issueId, origin, refusal: first.error, resolve };
      this.question = first.error.message;
    });
  }

  /** The yes: the claim sent again, confirmed. A refusal keeps the question open with it shown. */
  async confirm(): Promise<Ack<CommandResult>> {
    const pending = this.#pending;
    if (!pending) return { ok: false, error: { code: 'conflict', message: 'There is nothing to confirm.' } };
    const answer = await pending.client.send('issue:claim', { issueId: pending.issueId, confirm: true });
    if (answer.ok) this.#finish(answer);
    return answer;
  }

  /** The question closed without a claim made: the first refusal is the answer. */
  dismiss() {
    const pending = this.#pending;
    if (!pending) return;
    this.#finish({ ok: false, error: pending.refusal });
    // A task later, when the caller's control is enabled again (it was busy while asking) and the
    // dialog has given focus back to whatever it could.
    setTimeout(() => {
      if (focusLost() && pending.origin?.isConnected) pending.origin.focus();
    });
  }

  /**
   * Where focus goes as the question closes: back to the Claim pressed while it is there, else
   * nowhere new. A claim made rebuilds its card elsewhere, and the caller puts focus on it once
   * the board has it (by then the button may be gone, and the page's main is no place to land).
   */
  returnFocus(): HTMLElement | null {
    if (this.#origin?.isConnected) return this.#origin;
    const focused = document.activeElement;
    return focused instanceof HTMLElement && !focused.closest('dialog:not([open])') ? focused : null;
  }

  #finish(answer: Ack<CommandResult>) {
    this.#pending?.resolve(answer);
    this.#pending = undefined;
    this.question = undefined;
  }
}

interface Pending {
  client: BugdayClient;
  issueId: string;
  origin: HTMLElement | null;
  refusal: Refusal;
  resolve: (answer: Ack<CommandResult>) => void;
}

/** Whether a claim's answer is the person saying no to claiming against the focus. */
export const declined = (answer: Ack<unknown>): boolean => !answer.ok && answer.error.code === 'needs_confirmation';

/** Whether the server would take a claim of this card from `me`, straight away or once confirmed. */
export function claimable(board: BoardState, me: Person | undefined, issueId: string): boolean {
  const answer = verdict(board, me, { name: 'issue:claim', payload: { issueId } });
  return answer !== undefined && (answer.ok || answer.error.code === 'needs_confirmation');
}
