import { render } from '@testing-library/svelte';
import { tick } from 'svelte';
import App from '../../client/App.svelte';
import type { BugdayClient } from '../../client/lib/client.ts';

/**
 * The whole page, once all of it is built: App builds its chat in the task after the rest (a
 * timer it sets while it mounts, which runs before this one).
 */
export async function renderApp(props: { client: BugdayClient }): Promise<ReturnType<typeof render<typeof App>>> {
  const result = render(App, props);
  await new Promise((resolve) => setTimeout(resolve));
  await tick();
  return result;
}
