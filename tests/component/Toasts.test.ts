import { fireEvent, render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { flushSync } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import ToastList from '../../client/components/shell/Toasts.svelte';
import { TOAST_TIMEOUT_MS, TOASTS_SHOWN, Toasts } from '../../client/lib/toasts.svelte.ts';

const texts = (toasts: Toasts) => toasts.items.map((toast) => toast.text);

describe('Toasts', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('go after 6 s, an error after 10 s, and one told to stay stays', () => {
    const toasts = new Toasts();
    toasts.show('Link copied');
    toasts.show('#101 is held by ana since 14:02', { tone: 'error' });
    toasts.show('Reconnected', { timeoutMs: Infinity });
    vi.advanceTimersByTime(TOAST_TIMEOUT_MS.info - 1);
    expect(texts(toasts)).toEqual(['Link copied', '#101 is held by ana since 14:02', 'Reconnected']);
    vi.advanceTimersByTime(1);
    expect(texts(toasts)).toEqual(['#101 is held by ana since 14:02', 'Reconnected']);
    vi.advanceTimersByTime(TOAST_TIMEOUT_MS.error - TOAST_TIMEOUT_MS.info);
    expect(texts(toasts)).toEqual(['Reconnected']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('show the same text once, its time starting again', () => {
    const toasts = new Toasts();
    const id = toasts.show('Slow down a little.');
    vi.advanceTimersByTime(5_000);
    expect(toasts.show('Slow down a little.')).toBe(id);
    expect(texts(toasts)).toEqual(['Slow down a little.']);
    vi.advanceTimersByTime(5_000);
    expect(texts(toasts)).toEqual(['Slow down a little.']);
    vi.advanceTimersByTime(1_000);
    expect(toasts.items).toEqual([]);
  });

  it(`show ${TOASTS_SHOWN} at the most, the oldest going first`, () => {
    const toasts = new Toasts();
    for (let n = 1; n <= TOASTS_SHOWN + 2; n += 1) toasts.show(`notice ${n}`);
    expect(texts(toasts)).toEqual(['notice 3', 'notice 4', 'notice 5', 'notice 6']);
    expect(vi.getTimerCount()).toBe(TOASTS_SHOWN);
  });

  it('leave no timer behind when dismissed or cleared', () => {
    const toasts = new Toasts();
    const id = toasts.show('one');
    toasts.show('two', { tone: 'error' });
    toasts.dismiss(id);
    expect(vi.getTimerCount()).toBe(1);
    toasts.clear();
    expect(toasts.items).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('stay while held, then each gets its whole time again', () => {
    const toasts = new Toasts();
    toasts.show('one');
    toasts.pause();
    toasts.show('two');
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(60_000);
    toasts.resume();
    vi.advanceTimersByTime(TOAST_TIMEOUT_MS.info - 1);
    expect(texts(toasts)).toEqual(['one', 'two']);
    vi.advanceTimersByTime(1);
    expect(toasts.items).toEqual([]);
  });
});

describe('<Toasts />', () => {
  let main: HTMLElement;
  beforeEach(() => {
    // The App's main, where focus goes when the last toast does.
    main = document.body.appendChild(Object.assign(document.createElement('main'), { tabIndex: -1 }));
    main.append(Object.assign(document.createElement('button'), { textContent: 'Claim' }));
  });
  afterEach(() => main.remove());

  function setup() {
    const toasts = new Toasts();
    render(ToastList, { toasts });
    return toasts;
  }
  /** A toast's words follow its region in (see Toasts.svelte). */
  const worded = (text: string) => vi.waitFor(() => expect(screen.getByText(text)).toBeInTheDocument());

  it('says each toast in a status region and never takes focus from where I am', async () => {
    const toasts = setup();
    const claim = screen.getByRole('button', { name: 'Claim' });
    claim.focus();
    toasts.show('Link copied');
    toasts.show('#101 is held by ana since 14:02', { tone: 'error' });
    await worded('Link copied');
    const [info, error] = screen.getAllByRole('status');
    expect(info).toHaveTextContent(/^Link copied$/);
    // An error is marked in words, not by colour alone.
    expect(error).toHaveTextContent(/^Error: #101 is held by ana since 14:02$/);
    expect(claim).toHaveFocus();
    expect(document.querySelector('[autofocus]')).toBeNull();
  });

  it('comes into the page with an empty region and its words after, so a screen reader hears them', async () => {
    vi.useFakeTimers();
    try {
      const toasts = setup();
      toasts.show('Link copied');
      flushSync();
      expect(screen.getByRole('status')).toHaveTextContent(/^$/);
      vi.advanceTimersByTime(100);
      flushSync();
      expect(screen.getByRole('status')).toHaveTextContent('Link copied');
    } finally {
      vi.useRealTimers();
    }
  });

  it('dismisses a toast by its button, named for what it dismisses', async () => {
    const toasts = setup();
    toasts.show('Link copied');
    await worded('Link copied');
    await userEvent.click(screen.getByRole('button', { name: 'Dismiss: Link copied' }));
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
    expect(toasts.items).toEqual([]);
  });

  it('hands focus to the next toast and then to the page, never to the body', async () => {
    const toasts = setup();
    toasts.show('first');
    toasts.show('second');
    toasts.show('third');
    await worded('third');
    await userEvent.click(screen.getByRole('button', { name: 'Dismiss: second' }));
    expect(screen.getByRole('button', { name: 'Dismiss: third' })).toHaveFocus();
    await userEvent.click(screen.getByRole('button', { name: 'Dismiss: third' }));
    // The last one on the list hands focus back up to the one before it.
    expect(screen.getByRole('button', { name: 'Dismiss: first' })).toHaveFocus();
    await userEvent.click(screen.getByRole('button', { name: 'Dismiss: first' }));
    expect(main).toHaveFocus();
    expect(document.activeElement).not.toBe(document.body);
  });

  it('hands focus on when a new toast pushes out the one I am on', async () => {
    const toasts = setup();
    for (let n = 1; n <= TOASTS_SHOWN; n += 1) toasts.show(`notice ${n}`);
    await worded('notice 4');
    screen.getByRole('button', { name: 'Dismiss: notice 1' }).focus();
    toasts.show('notice 5');
    await vi.waitFor(() => expect(screen.getByRole('button', { name: 'Dismiss: notice 2' })).toHaveFocus());
    expect(screen.queryByText('notice 1')).not.toBeInTheDocument();
  });

  it('keeps the toasts while focus or a mouse is on them', async () => {
    vi.useFakeTimers();
    try {
      const toasts = setup();
      toasts.show('Link copied');
      vi.advanceTimersByTime(100);
      flushSync();
      const list = screen.getByRole('list', { name: 'Notifications' });
      screen.getByRole('button', { name: 'Dismiss: Link copied' }).focus();
      vi.advanceTimersByTime(60_000);
      expect(toasts.items).toHaveLength(1);
      await fireEvent.pointerEnter(list, { pointerType: 'mouse' });
      screen.getByRole('button', { name: 'Claim' }).focus();
      vi.advanceTimersByTime(60_000);
      expect(toasts.items).toHaveLength(1);
      await fireEvent.pointerLeave(list, { pointerType: 'mouse' });
      vi.advanceTimersByTime(TOAST_TIMEOUT_MS.info);
      flushSync();
      expect(within(document.body).queryByRole('list', { name: 'Notifications' })).not.toBeInTheDocument();
      // A finger that taps a toast never leaves it: a touch holds nothing.
      toasts.show('Saved');
      flushSync();
      await fireEvent.pointerEnter(screen.getByRole('list', { name: 'Notifications' }), { pointerType: 'touch' });
      vi.advanceTimersByTime(TOAST_TIMEOUT_MS.info);
      expect(toasts.items).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('offers a toast’s action as a button before Dismiss, reached by Tab, that runs once while it waits', async () => {
    const toasts = setup();
    let finish = () => {};
    const run = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    toasts.show('#101 went stale', { timeoutMs: Infinity, action: { label: 'Extend', run } });
    await worded('#101 went stale');
    const claim = screen.getByRole('button', { name: 'Claim' });
    claim.focus();
    await userEvent.tab();
    const extend = screen.getByRole('button', { name: 'Extend: #101 went stale' });
    expect(extend).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    expect(run).toHaveBeenCalledTimes(1);
    // Waiting, it says so and keeps focus (a disabled button would drop it to the body).
    expect(extend).toHaveAttribute('aria-disabled', 'true');
    await userEvent.click(extend);
    expect(run).toHaveBeenCalledTimes(1);
    expect(extend).toHaveFocus();
    finish();
    await vi.waitFor(() => expect(extend).toHaveAttribute('aria-disabled', 'false'));
    await userEvent.tab();
    expect(screen.getByRole('button', { name: 'Dismiss: #101 went stale' })).toHaveFocus();
  });

  it('keeps a toast with an action while focus is on it, past its time', async () => {
    vi.useFakeTimers();
    try {
      const toasts = setup();
      toasts.show('#101 went stale', { action: { label: 'Extend', run: () => {} } });
      vi.advanceTimersByTime(100);
      flushSync();
      screen.getByRole('button', { name: 'Extend: #101 went stale' }).focus();
      vi.advanceTimersByTime(TOAST_TIMEOUT_MS.info * 2);
      expect(texts(toasts)).toEqual(['#101 went stale']);
    } finally {
      vi.useRealTimers();
    }
  });
});
