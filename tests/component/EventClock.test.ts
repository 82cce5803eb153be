import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { tick } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import Header from '../../client/components/shell/Header.svelte';
import { seeded, type FakeClient } from './fake-client.svelte.ts';

const MINUTE = 60_000;
const startsAt = Date.UTC(2026, 2, 14, 9);
const endsAt = Date.UTC(2026, 2, 14, 17);

function withTimes(info: { startsAt?: number; endsAt?: number; timeZone?: string }): FakeClient {
  const client = seeded();
  client.happen('p2', { type: 'event.updated', info });
  return client;
}

const clock = () => screen.getByRole('button', { name: /in ·|Starts in|Ended/ });

describe('the event’s clock in the header', () => {
  // Only the clock's own: user-event keeps its real timeouts.
  beforeEach(() => vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] }));
  afterEach(() => vi.useRealTimers());

  it('counts down, then shows elapsed and remaining, then says it ended, as the minutes go by', async () => {
    vi.setSystemTime(startsAt - (2 * 60 + 15) * MINUTE);
    render(Header, { client: withTimes({ startsAt, endsAt, timeZone: 'Europe/Berlin' }), onjoin: () => {} });
    expect(clock()).toHaveAccessibleName('Starts in 2 h 15 min');
    vi.advanceTimersByTime(2 * 60 * MINUTE + 15 * MINUTE + 3 * 60 * MINUTE + 10 * MINUTE);
    await tick();
    expect(clock()).toHaveAccessibleName('3 h 10 min in · 4 h 50 min left');
    vi.advanceTimersByTime(MINUTE);
    await tick();
    expect(clock()).toHaveAccessibleName('3 h 11 min in · 4 h 49 min left');
    vi.advanceTimersByTime(5 * 60 * MINUTE);
    await tick();
    expect(clock()).toHaveAccessibleName('Ended');
  });

  it('tells the times where the event happens on hover, on focus and on a tap, and Escape puts them away', async () => {
    vi.setSystemTime(startsAt + MINUTE);
    render(Header, { client: withTimes({ startsAt, endsAt, timeZone: 'Europe/Berlin' }), onjoin: () => {} });
    const times = screen.getByRole('tooltip', { hidden: true });
    expect(clock()).toHaveAccessibleDescription(expect.stringContaining('Europe/Berlin'));
    expect(times).not.toBeVisible();

    await userEvent.hover(clock());
    expect(times).toBeVisible();
    await userEvent.unhover(clock());
    expect(times).not.toBeVisible();

    await userEvent.tab();
    expect(clock()).toHaveFocus();
    expect(times).toBeVisible();
    await userEvent.keyboard('{Escape}');
    expect(times).not.toBeVisible();
    expect(clock()).toHaveFocus();
    await userEvent.tab();
    expect(times).not.toBeVisible();

    await userEvent.click(clock());
    expect(times).toBeVisible();
  });

  it('holds its width whatever it says: the widest lines it can show lie invisibly under it', () => {
    vi.setSystemTime(startsAt - MINUTE);
    render(Header, { client: withTimes({ startsAt, endsAt }), onjoin: () => {} });
    const hidden = [...clock().querySelectorAll('[aria-hidden="true"]')].map((line) => line.textContent);
    expect(hidden).toContain('0 h 00 min in · 0 h 00 min left');
    expect(hidden).toContain('Starts in 00 h 00 min');
  });

  it('shows nothing for an event without times', () => {
    render(Header, { client: seeded(), onjoin: () => {} });
    expect(screen.queryByRole('tooltip', { hidden: true })).not.toBeInTheDocument();
    expect(screen.getByRole('banner')).not.toHaveTextContent(/Starts in|left|Ended/);
  });
});
