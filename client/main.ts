import { mount } from 'svelte';
import App from './App.svelte';
import { Connection } from './lib/connection.svelte.ts';

mount(App, { target: document.getElementById('app')!, props: { connection: new Connection() } });
