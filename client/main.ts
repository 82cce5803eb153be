import { mount } from 'svelte';
import App from './App.svelte';
import { Connection } from './lib/connection.svelte.ts';
import { readFirstSync } from './lib/first-sync.ts';
import { loadJoinedParts } from './lib/joined-parts.svelte.ts';
import { rulesLoaded } from './lib/rules.ts';
import './styles.css';

const client = new Connection({ firstSync: readFirstSync() });

function start() {
  mount(App, { target: document.getElementById('app')!, props: { client } });
  // A task of its own, after the one that puts the first screenful on the page: the socket's code
  // is fetched then, not before.
  setTimeout(() => void client.connect());
}

// Someone who has joined sees their controls in the first render: drawn after it, each would
// appear under their eyes and push the page about. A lurker may do nothing, and does not wait.
// Not a top-level await: those modules import this one's chunk, which would wait for itself. If
// they cannot be fetched, the page still starts, as a lurker's would.
if (client.personId) void Promise.all([rulesLoaded, loadJoinedParts()]).then(start, start);
else start();
