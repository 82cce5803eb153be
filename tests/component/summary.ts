/** The <summary> of a disclosure whose text (sr-only parts included) matches: testing-library's getByText sees only its own text nodes. */
export function summary(container: HTMLElement, text: RegExp): HTMLElement {
  const found = [...container.querySelectorAll('summary')].find((element) => text.test(element.textContent ?? ''));
  if (!found) throw new Error(`no <summary> matching ${text}`);
  return found;
}
