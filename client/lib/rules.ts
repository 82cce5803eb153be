/**
 * The domain's rules (`decide`, every command's checks), for asking what this
 * page's person may do. A lurker may do nothing, so the first screen does not
 * wait for them: they are fetched as the page starts, and every control that
 * asked before they came asks again once they are here.
 */
import { SvelteMap } from 'svelte/reactivity';
import type { decide as Decide } from '../../shared/domain/decide.ts';

// A SvelteMap rather than $state, so plain modules (and node tests) may import this too.
const rules = new SvelteMap<'decide', typeof Decide>();

/** Resolves once the rules are here; tests wait for it so a first render already knows them. */
export const rulesLoaded: Promise<void> = import('../../shared/domain/decide.ts').then((module) => {
  rules.set('decide', module.decide);
});

export function loadedDecide(): typeof Decide | undefined {
  return rules.get('decide');
}
