/**
 * The parts of the page only someone who has joined uses: the chat box with its slash commands,
 * the help form's issue picker and the Add issue form. A lurker's page never fetches them. A
 * page that opens with a saved session fetches them with the rules, before its first render
 * (main.ts), so nothing appears under the person's eyes; a lurker who joins fetches them then.
 */
import { Lazy } from './lazy.svelte.ts';

export const composer = new Lazy(() => import('../components/chat/Composer.svelte'));
export const issuePicker = new Lazy(() => import('../components/help/IssuePicker.svelte'));
export const addIssueForm = new Lazy(() => import('../components/board/AddIssueForm.svelte'));

export async function loadJoinedParts(): Promise<void> {
  await Promise.all([composer.want(), issuePicker.want(), addIssueForm.want()]);
}
