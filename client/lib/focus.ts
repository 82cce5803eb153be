/**
 * Whether focus is lost: on nothing, on the body (where a removed or disabled control leaves it),
 * or still inside `within`, the control or form that just acted. Controls that act and then go
 * away ask this before giving focus somewhere sensible, so it never lands on the body, and never
 * moves from wherever the person has gone on to meanwhile.
 */
export function focusLost(within?: Element | null): boolean {
  const focused = document.activeElement;
  return !focused || focused === document.body || (within?.contains(focused) ?? false);
}
