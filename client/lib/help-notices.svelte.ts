/**
 * How the help queue's news reaches a person who may not be looking: a toast on every page of
 * theirs, a short beep if they turned sound on, and for a mentor a desktop notification if they
 * allowed those. Nothing sounds or asks for permission until the person says so with a control.
 */
import type { BugdayClient } from './client.ts';
import { answers } from './commit-requests.svelte.ts';
import { helpNews, type HelpMemory } from './help-news.ts';
import { toasts } from './toasts.svelte.ts';

const SOUND_KEY = 'bugday.sound';

/** A short beep made with the Web Audio API: no file to fetch, nothing played before the person turns it on. */
export class Chime {
  /** Bumped on every change, so whatever shows `on` reads it again from storage. */
  #changes = $state(0);

  /** Saved in this browser, so every page of the person's and the next visit keep it. */
  get on(): boolean {
    const _changes = this.#changes;
    return localStorage.getItem(SOUND_KEY) === 'on';
  }

  set on(value: boolean) {
    if (value) localStorage.setItem(SOUND_KEY, 'on');
    else localStorage.removeItem(SOUND_KEY);
    this.#changes += 1;
    // Turning it on is a click: the browser lets a sound play now, and the person hears what they chose.
    if (value) this.beep();
  }

  beep() {
    // A page that has not been clicked since it loaded may not play sound; it would only log a warning.
    if (!this.on || typeof AudioContext === 'undefined' || navigator.userActivation?.hasBeenActive === false) return;
    // A context a beep, closed when it ends: one kept open would hold the audio device all day.
    const context = new AudioContext();
    const tone = context.createOscillator();
    const volume = context.createGain();
    const start = context.currentTime;
    tone.frequency.value = 880;
    volume.gain.setValueAtTime(0.0001, start);
    volume.gain.exponentialRampToValueAtTime(0.2, start + 0.01);
    volume.gain.exponentialRampToValueAtTime(0.0001, start + 0.18);
    tone.connect(volume).connect(context.destination);
    tone.onended = () => void context.close();
    tone.start(start);
    tone.stop(start + 0.2);
  }
}

export type DesktopPermission = NotificationPermission | 'unsupported';

/** The browser's notifications, asked for only when the person presses the button for them. */
export class DesktopNotices {
  /** Bumped when an answer comes, so whatever shows the permission reads it again. */
  #answers = $state(0);

  /** Read from the browser each time: the person may change it in its settings meanwhile. */
  get permission(): DesktopPermission {
    const _answers = this.#answers;
    return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
  }

  async ask() {
    if (typeof Notification === 'undefined') return;
    await Notification.requestPermission();
    this.#answers += 1;
  }

  /** Only while the page is not in front: there the toast says it already. */
  show(title: string, body: string, tag: string) {
    if (this.permission !== 'granted' || document.hasFocus()) return;
    try {
      // The tag makes the same flag, told by several pages of the person's, one notification.
      new Notification(title, { body, tag });
    } catch {
      // Some phones' browsers show notifications only through a service worker; the toast is there.
    }
  }
}

/** The page's one chime and one set of desktop notices, shared by the App and the Help pane's controls. */
export const chime = new Chime();
export const desktopNotices = new DesktopNotices();

/**
 * Tells this page's person what is news in the help queue (see help-news.ts) as it happens.
 * Call it while a component initialises: its effect is that component's, and it should be one
 * that is always there (the App), since a phone builds the Help pane only when it is opened.
 */
export function noticeHelp(current: () => BugdayClient): void {
  let memory: HelpMemory | undefined;
  // An effect because it reacts to the board changing over time; what is there at the first sync is not news.
  $effect(() => {
    const client = current();
    if (!client.synced) return;
    const looked = helpNews(client.board, client.me, answers(client), client.presence, memory, Date.now());
    memory = looked.memory;
    for (const { text, desktop } of looked.news) {
      toasts.show(text);
      if (desktop) desktopNotices.show(desktop.title, desktop.body, desktop.tag);
    }
    if (looked.news.length) chime.beep();
  });
}
