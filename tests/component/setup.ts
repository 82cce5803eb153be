import '@testing-library/jest-dom/vitest';
import { afterEach } from 'vitest';
import { installBrowserGaps, setNarrow } from './browser-gaps.ts';

installBrowserGaps();
afterEach(() => {
  setNarrow(false);
  localStorage.clear();
});
