import { tick } from 'svelte';
import type { Ack, CommandResult } from '../../shared/protocol.ts';
import { focusLost } from './focus.ts';

/**
 * Gives focus a place to go after a command, once the board holds the events it caused: the
 * answer comes before them, and they may rebuild a card in another column or take away the
 * button that was pressed. It acts only if focus is lost by then, or still `within` what acted
 * (see focusLost), so it never pulls focus back from where the person has gone on to.
 *
 * Made while a component initialises: its effect belongs to that component, which should be
 * one that outlives the controls it serves (the board for its cards, the queue for its flags).
 */
export class Refocus {
  #pending: { seq: number; restore: () => void; within: Element | null | undefined } | undefined = $state();
  readonly #seq: () => number;

  constructor(seq: () => number) {
    this.#seq = seq;
    // An effect because focus must wait for the render of the events the command caused.
    $effect(() => {
      const pending = this.#pending;
      if (!pending || this.#seq() < pending.seq) return;
      this.#pending = undefined;
      void tick().then(() => focusLost(pending.within) && pending.restore());
    });
  }

  /** After `answer`: a refusal caused no events, so its turn is now. */
  after(answer: Ack<CommandResult>, restore: () => void, within?: Element | null) {
    this.#pending = { seq: answer.ok ? answer.data.seq : this.#seq(), restore, within };
  }
}
