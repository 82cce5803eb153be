/** What the help queue tells a person who may not be looking: toasts, the title, a beep, the desktop. */
import { screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { tick } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renderApp } from './render-app.ts';
import { toasts } from '../../client/lib/toasts.svelte.ts';
import { clockTime } from '../../client/lib/time.ts';
import type { PresenceEntry } from '../../shared/protocol.ts';
import { setNarrow } from './browser-gaps.ts';
import { seeded, type FakeClient } from './fake-client.svelte.ts';

const TITLE = 'Bug day · bugday';
const shown = () => toasts.items.map((toast) => toast.text);

function online(client: FakeClient, ...ids: string[]) {
  client.presence = {
    online: ids.map((id): PresenceEntry => {
      const person = client.board.people[id]!;
      return { personId: id, nick: person.nick, role: person.role, holds: [] };
    }),
    lurkers: 0,
  };
}

/** ana (me unless told) and cy, a participant; `flags` are raised before the page opens. */
function board(me: string, ...flags: ('ana' | 'cy')[]) {
  const client = seeded({ me });
  client.person('p3', 'cy');
  for (const who of flags) client.happen(who === 'ana' ? 'p1' : 'p3', { type: 'help.raised', helpId: `h-${who}`, note: `${who} is stuck` });
  return client;
}

/** A beep's audio context, as far as the chime uses one. */
class FakeAudioContext {
  static made: FakeAudioContext[] = [];
  readonly currentTime = 0;
  readonly destination = {};
  closed = false;
  readonly tones: { onended: (() => void) | null; started: boolean }[] = [];
  constructor() {
    FakeAudioContext.made.push(this);
  }
  createOscillator() {
    const tone = { frequency: { value: 0 }, onended: null, started: false, connect: <T>(node: T) => node, start: () => (tone.started = true), stop: () => {} };
    this.tones.push(tone);
    return tone;
  }
  createGain() {
    return { gain: { setValueAtTime: () => {}, exponentialRampToValueAtTime: () => {} }, connect: <T>(node: T) => node };
  }
  close() {
    this.closed = true;
    return Promise.resolve();
  }
}

/** The browser's notifications: what was asked and what was shown. */
class FakeNotification {
  static permission: NotificationPermission = 'default';
  static asked = 0;
  static shown: { title: string; options?: NotificationOptions }[] = [];
  static requestPermission = vi.fn(async () => {
    FakeNotification.asked += 1;
    FakeNotification.permission = 'granted';
    return FakeNotification.permission;
  });
  constructor(title: string, options?: NotificationOptions) {
    FakeNotification.shown.push({ title, ...(options ? { options } : {}) });
  }
}

beforeEach(() => {
  toasts.clear();
  FakeAudioContext.made = [];
  Object.assign(FakeNotification, { permission: 'default', asked: 0, shown: [] });
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('an asker is told', () => {
  it('the moment a mentor takes the flag, hands it back, or leaves it', async () => {
    const client = board('p1', 'ana');
    online(client, 'p1', 'p2');
    await renderApp({ client });
    client.happen('p2', { type: 'help.taken', helpId: 'h-ana' });
    await expect.poll(shown).toEqual(['bob is on the way']);
    client.happen('p2', { type: 'help.returned', helpId: 'h-ana' });
    await expect.poll(shown).toContain('bob handed your help flag back: you are back in the queue at your place');
    toasts.clear();
    client.happen('p2', { type: 'help.taken', helpId: 'h-ana' });
    await expect.poll(shown).toEqual(['bob is on the way']);
    online(client, 'p1');
    client.happen('system', { type: 'help.returned', helpId: 'h-ana', reason: 'stranded' });
    await expect.poll(shown).toContain('bob left: your help flag is back in the queue at your place');
  });

  it('when they are next in line, and not again while they stay there', async () => {
    const client = board('p1', 'cy', 'ana');
    await renderApp({ client });
    client.happen('p2', { type: 'help.taken', helpId: 'h-cy' });
    await expect.poll(shown).toEqual(['You are next in line for help']);
    toasts.clear();
    client.happen('p2', { type: 'chat.sent', text: 'coming' });
    await tick();
    expect(shown()).toEqual([]);
  });

  it('of a hold with its reason, of its end, and of a cancel by the server, in words of their own', async () => {
    const client = board('p1', 'ana');
    await renderApp({ client });
    client.happen('p2', { type: 'help.held', helpId: 'h-ana', minutes: 15, reason: 'back after the talk' });
    const until = clockTime(client.board.help['h-ana']!.heldUntil!);
    await expect.poll(shown).toEqual([`Your help flag is on hold until ${until}: back after the talk`]);
    client.happen('system', { type: 'help.resumed', helpId: 'h-ana' });
    await expect.poll(shown).toContain('Your help flag is back from hold: you are 1st in line');
    client.happen('system', { type: 'help.cancelled', helpId: 'h-ana', reason: 'stranded' });
    await expect.poll(shown).toContain('Your help flag was cancelled: you had no page open for 10 min');
  });

  it('of a reply by the other side, never of their own, and nothing of what was there when the page opened', async () => {
    const client = board('p1', 'ana');
    client.happen('p2', { type: 'help.taken', helpId: 'h-ana' }, { type: 'help.replied', helpId: 'h-ana', text: 'before' });
    await renderApp({ client });
    await tick();
    expect(shown()).toEqual([]);
    client.happen('p1', { type: 'help.replied', helpId: 'h-ana', text: 'thanks' });
    await tick();
    expect(shown()).toEqual([]);
    client.happen('p2', { type: 'help.replied', helpId: 'h-ana', text: 'on my way' });
    await expect.poll(shown).toEqual(['bob replied in your help thread']);
  });
});

describe('a mentor is told of a new flag', () => {
  it('in the title, with the mentions, counting only flags that wait to be taken; a participant’s title counts none', async () => {
    setNarrow(true);
    const client = board('p2');
    await renderApp({ client });
    expect(document.title).toBe(TITLE);
    client.happen('p3', { type: 'help.raised', helpId: 'h1', note: 'the build fails' });
    await expect.poll(() => document.title).toBe(`(1) ${TITLE}`);
    expect(shown()).toEqual(['cy asked for help: the build fails']);
    client.happen('p1', { type: 'help.raised', helpId: 'h2', note: 'which branch?' });
    client.happen('p1', { type: 'chat.sent', text: '@bob are you free?' });
    await expect.poll(() => document.title).toBe(`(3) ${TITLE}`);
    client.happen('p2', { type: 'help.taken', helpId: 'h1' });
    await expect.poll(() => document.title).toBe(`(2) ${TITLE}`);

    client.personId = 'p1';
    await expect.poll(() => document.title).toBe(TITLE);
  });

  it('with a beep once they turn sound on, and none before; the choice is kept', async () => {
    vi.stubGlobal('AudioContext', FakeAudioContext);
    const client = board('p2');
    await renderApp({ client });
    client.happen('p3', { type: 'help.raised', helpId: 'h1', note: 'the build fails' });
    await expect.poll(shown).toHaveLength(1);
    expect(FakeAudioContext.made).toEqual([]);

    await userEvent.click(screen.getByRole('checkbox', { name: 'Sound on' }));
    expect(localStorage.getItem('bugday.sound')).toBe('on');
    // Turning it on plays one at once, so the person knows what they will hear.
    expect(FakeAudioContext.made).toHaveLength(1);
    client.happen('p1', { type: 'help.raised', helpId: 'h2', note: 'which branch?' });
    await expect.poll(() => FakeAudioContext.made).toHaveLength(2);
    const [beep] = FakeAudioContext.made[1]!.tones;
    expect(beep!.started).toBe(true);
    beep!.onended!();
    expect(FakeAudioContext.made[1]!.closed).toBe(true);

    await userEvent.click(screen.getByRole('checkbox', { name: 'Sound on' }));
    expect(localStorage.getItem('bugday.sound')).toBeNull();
    client.happen('p3', { type: 'help.cancelled', helpId: 'h1' }, { type: 'help.raised', helpId: 'h3', note: 'again' });
    await expect.poll(shown).toContain('cy asked for help: again');
    expect(FakeAudioContext.made).toHaveLength(2);
  });

  it('on the desktop once they ask for it with the button, never on load, and only while the page is not in front', async () => {
    vi.stubGlobal('Notification', FakeNotification);
    const client = board('p2');
    await renderApp({ client });
    expect(FakeNotification.requestPermission).not.toHaveBeenCalled();
    await userEvent.click(screen.getByRole('button', { name: 'Desktop notifications' }));
    expect(FakeNotification.asked).toBe(1);
    expect(await screen.findByText('Desktop notifications on')).toBeInTheDocument();
    // The button went with the answer: focus stays in the row.
    expect(screen.getByRole('checkbox', { name: 'Sound on' })).toHaveFocus();

    client.happen('p3', { type: 'help.raised', helpId: 'h1', note: 'the build fails' });
    await expect.poll(shown).toHaveLength(1);
    expect(FakeNotification.shown).toEqual([]);
    vi.spyOn(document, 'hasFocus').mockReturnValue(false);
    client.happen('p1', { type: 'help.raised', helpId: 'h2', note: 'which branch?' });
    await expect.poll(() => FakeNotification.shown).toEqual([{ title: 'ana asked for help', options: { body: 'which branch?', tag: 'h2' } }]);
  });

  it('without a desktop button where the browser has no notifications, or for a participant', async () => {
    const { unmount } = await renderApp({ client: board('p2') });
    expect(screen.getByRole('checkbox', { name: 'Sound on' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Desktop notifications' })).not.toBeInTheDocument();
    unmount();
    vi.stubGlobal('Notification', FakeNotification);
    await renderApp({ client: board('p1') });
    expect(screen.queryByRole('button', { name: 'Desktop notifications' })).not.toBeInTheDocument();
  });
});
