import { screen } from '@testing-library/svelte';
import { tick } from 'svelte';
import { beforeEach, describe, expect, it } from 'vitest';
import { renderApp } from './render-app.ts';
import { toasts } from '../../client/lib/toasts.svelte.ts';
import type { EventBody } from '../../shared/protocol.ts';
import { setNarrow } from './browser-gaps.ts';
import { seeded } from './fake-client.svelte.ts';

/** #id patched and up for review by its claimant: what a commit may be asked for. */
const upForReview = (issueId: string): EventBody[] => [
  { type: 'issue.claimed', issueId },
  { type: 'issue.patched', issueId, url: 'https://example.org/p' },
  { type: 'issue.moved', issueId, from: 'in-progress', to: 'review' },
];

const toastTexts = () => toasts.items.map((toast) => toast.text);

describe('commit requests reaching mentors', () => {
  beforeEach(() => toasts.clear());

  it('tell a mentor with a toast, in the chat’s words, but not of a request made before the page was here', async () => {
    const client = seeded({ me: 'p2' });
    client.person('p3', 'cy');
    client.happen('p3', ...upForReview('i2'), { type: 'issue.commitAsked', issueId: 'i2' });
    await renderApp({ client });
    const composer = screen.getByRole('textbox', { name: 'Message' });
    composer.focus();
    client.happen('p1', ...upForReview('i1'), { type: 'issue.commitAsked', issueId: 'i1', note: 'two reviews, both fine' });
    await expect.poll(toastTexts).toEqual(['ana asked for a commit of #101: two reviews, both fine']);
    expect(composer).toHaveFocus();
    // Answered by a move and asked again: news again.
    client.happen('p2', { type: 'issue.moved', issueId: 'i1', from: 'review', to: 'in-progress' });
    client.happen('p1', { type: 'issue.moved', issueId: 'i1', from: 'in-progress', to: 'review' }, { type: 'issue.commitAsked', issueId: 'i1' });
    await expect.poll(toastTexts).toContain('ana asked for a commit of #101');
  });

  it('tell a participant nothing, nor a mentor of their own request', async () => {
    for (const me of ['p1', 'p2']) {
      toasts.clear();
      const client = seeded({ me });
      const { unmount } = await renderApp({ client });
      // bob (p2), a mentor, asks for a commit of a card he holds.
      client.happen('p2', ...upForReview('i1'), { type: 'issue.commitAsked', issueId: 'i1' });
      await tick();
      expect(screen.getByRole('region', { name: /^Help/ })).toBeInTheDocument();
      expect(toasts.items, me).toEqual([]);
      unmount();
    }
  });

  it('count on a mentor’s Help tab beside the help flags, and only there', async () => {
    setNarrow(true);
    for (const [me, name, count] of [
      ['p2', 'Help 1 waiting, 1 commit requested', '2'],
      ['p1', 'Help 1 waiting', '1'],
    ] as const) {
      const client = seeded({ me });
      client.person('p3', 'cy');
      const { unmount } = await renderApp({ client });
      client.happen('p3', ...upForReview('i2'), { type: 'issue.commitAsked', issueId: 'i2' });
      client.happen('p3', { type: 'help.raised', helpId: 'h9', note: 'where are the docs?' });
      const tab = await screen.findByRole('tab', { name });
      expect(tab.textContent?.replace(/\s+/g, ' ')).toBe(`Help ${count}`);
      unmount();
    }
  });
});
