import '@testing-library/jest-dom/vitest';
import { configure } from '@testing-library/svelte';
import { afterEach } from 'vitest';
import { loadJoinedParts } from '../../client/lib/joined-parts.svelte.ts';
import { rulesLoaded } from '../../client/lib/rules.ts';
import { installBrowserGaps, setNarrow } from './browser-gaps.ts';

installBrowserGaps();
// The page fetches the domain's rules just after its first paint, and a joined person's parts
// with them (client/main.ts); a test renders with both here, as a page a moment later.
await Promise.all([rulesLoaded, loadJoinedParts()]);
// The card and organizer panels load their code on first use; on a busy machine that takes
// longer than findBy's default second, though nothing is wrong.
configure({ asyncUtilTimeout: 5_000 });
afterEach(() => {
  setNarrow(false);
  localStorage.clear();
});
