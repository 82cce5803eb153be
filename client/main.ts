import { mount } from 'svelte';
import App from './App.svelte';
import { Connection } from './lib/connection.svelte.ts';
import { readFirstSync } from './lib/first-sync.ts';
import './styles.css';

mount(App, { target: document.getElementById('app')!, props: { client: new Connection({ firstSync: readFirstSync() }) } });
