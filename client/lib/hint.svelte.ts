/**
 * A tip that explains a control: shown while the control (or the tip) is pointed at or the
 * control is focused, kept open by a tap since a phone has no hover, and put away by Escape
 * without moving the pointer or focus (WCAG 1.4.13). The component wires these handlers to a
 * group around the control and its tip, and to the control.
 */
export class Hint {
  #hovered = $state(false);
  #focused = $state(false);
  #pinned = $state(false);
  #dismissed = $state(false);
  readonly shown = $derived((this.#hovered || this.#focused || this.#pinned) && !this.#dismissed);

  readonly enter = () => {
    this.#hovered = true;
    this.#dismissed = false;
  };
  readonly leave = () => (this.#hovered = false);
  readonly focus = () => {
    this.#focused = true;
    this.#dismissed = false;
  };
  readonly blur = () => {
    this.#focused = false;
    this.#pinned = false;
  };
  readonly toggle = () => {
    this.#pinned = !this.#pinned;
    this.#dismissed = false;
  };
  readonly keydown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || !this.shown) return;
    // The Escape is this tip's: a dialog around it would otherwise close too.
    event.stopPropagation();
    this.#dismissed = true;
    this.#pinned = false;
  };
}
