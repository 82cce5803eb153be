/**
 * jsdom lacks a few browser APIs the client uses. These stand-ins do the
 * least that lets components run; what they stand for (the modal's focus
 * trap, real layout) is exercised in the e2e suite in Chromium.
 */
let narrow = false;
const mediaListeners = new Set<(event: Event) => void>();

/** Pretend the viewport is a phone (true) or a desktop (false). */
export function setNarrow(value: boolean) {
  narrow = value;
  for (const listener of mediaListeners) listener(new Event('change'));
}

export function installBrowserGaps() {
  window.matchMedia = (query: string) =>
    ({
      media: query,
      get matches() {
        return query.includes('max-width') && narrow;
      },
      addEventListener: (_type: string, listener: (event: Event) => void) => mediaListeners.add(listener),
      removeEventListener: (_type: string, listener: (event: Event) => void) => mediaListeners.delete(listener),
      onchange: null,
    }) as unknown as MediaQueryList;

  HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
    this.setAttribute('open', '');
  };
  HTMLDialogElement.prototype.close ??= function (this: HTMLDialogElement) {
    if (!this.hasAttribute('open')) return;
    this.removeAttribute('open');
    this.dispatchEvent(new Event('close'));
  };
  Element.prototype.scrollTo ??= function (this: Element, options?: ScrollToOptions | number) {
    if (typeof options === 'object' && options.top !== undefined) this.scrollTop = options.top;
  } as Element['scrollTo'];
  Element.prototype.scrollIntoView ??= () => {};
}
