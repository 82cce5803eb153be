import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { compression } from 'vite-plugin-compression2';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
// With root set to client/, the svelte plugin would look for its config there.
const svelteOptions = { configFile: here('./svelte.config.js') } as const;
/**
 * The first screen's code: every module the page's entry reaches by static imports, found once
 * the module graph is built. They ship as one file (see codeSplitting below); what only a dynamic
 * import reaches (a panel, the rules) is left to load when it is wanted.
 */
function firstScreen() {
  const modules = new Set<string>();
  const plugin: Plugin = {
    name: 'bugday:first-screen',
    buildEnd() {
      const todo = [...this.getModuleIds()].filter((id) => this.getModuleInfo(id)?.isEntry);
      for (let id = todo.pop(); id !== undefined; id = todo.pop()) {
        if (modules.has(id)) continue;
        modules.add(id);
        todo.push(...(this.getModuleInfo(id)?.importedIds ?? []));
      }
    },
  };
  return { plugin, has: (id: string) => modules.has(id) };
}
const firstScreenModules = firstScreen();

export default defineConfig({
  root: here('./client'),
  plugins: [
    svelte(svelteOptions),
    firstScreenModules.plugin,
    // A .br and a .gz beside each text file, made once at build time at the highest levels
    // (the plugin's defaults), so the server only picks one (server/web/client-files.ts).
    compression({ include: /\.(js|css|html|svg)$/, algorithms: ['brotliCompress', 'gzip'] }),
  ],
  build: {
    outDir: here('./dist/client'),
    emptyOutDir: true,
    // Every browser bugday supports has <link rel="modulepreload">: the polyfill is dead weight on the first screen.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      output: {
        codeSplitting: {
          // What the first screen needs, the lazy panels' share of it included, as one file: split by
          // who imports it, it came as a dozen small files, each compressed alone, kilobytes more on the wire.
          groups: [{ name: 'core', test: firstScreenModules.has }],
        },
      },
    },
  },
  server: {
    proxy: { '/socket.io': { target: 'http://localhost:3000', ws: true } },
  },
  test: {
    root: here('.'),
    // Two at once on a 2-core machine (Vitest's default here is one): many files mostly wait on a
    // real server (ngircd, Redis, nginx, a browser), and the e2e files still run one at a time.
    maxWorkers: 2,
    // In the node and dom projects (`isolate` is a project's own setting), a worker keeps the modules
    // it has loaded from one file to the next: loading Svelte, jsdom's helpers and the server again
    // for each file took a third of the dom project's time. Each test builds its own board and
    // server; both projects also pass with their files shuffled. (Vitest will not share a worker
    // pool between the e2e project, one file at a time, and the others: it stays isolated.)
    projects: [
      {
        test: {
          name: 'node',
          root: here('.'),
          isolate: false,
          environment: 'node',
          include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
          testTimeout: 20_000,
        },
      },
      {
        plugins: [svelte(svelteOptions), svelteTesting()],
        test: {
          name: 'dom',
          root: here('.'),
          isolate: false,
          environment: 'jsdom',
          include: ['tests/component/**/*.test.ts'],
          setupFiles: [here('./tests/component/setup.ts')],
          // Above the 5 s a lazy panel may take to load on a busy machine (see setup.ts).
          testTimeout: 15_000,
        },
      },
      {
        test: {
          name: 'e2e',
          root: here('.'),
          environment: 'node',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
