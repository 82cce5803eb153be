import '@testing-library/jest-dom/vitest';
import { configure } from '@testing-library/svelte';
import { afterEach } from 'vitest';
import { installBrowserGaps, setNarrow } from './browser-gaps.ts';

installBrowserGaps();
// The card and organizer panels load their code on first use; on a busy machine that takes
// longer than findBy's default second, though nothing is wrong.
configure({ asyncUtilTimeout: 5_000 });
afterEach(() => {
  setNarrow(false);
  localStorage.clear();
});
