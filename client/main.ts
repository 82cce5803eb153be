import { mount } from 'svelte';
import App from './App.svelte';
import { Connection } from './lib/connection.svelte.ts';
import { readFirstSync } from './lib/first-sync.ts';
import './styles.css';

const client = new Connection({ firstSync: readFirstSync() });
mount(App, { target: document.getElementById('app')!, props: { client } });
// A task of its own, after the one that puts the first screenful on the page: the socket's code
// is fetched then, not before.
setTimeout(() => void client.connect());
