import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { compression } from 'vite-plugin-compression2';
import { defineConfig } from 'vitest/config';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
// With root set to client/, the svelte plugin would look for its config there.
const svelteOptions = { configFile: here('./svelte.config.js') } as const;
/** The Svelte runtime, the domain's read side (its rules, decide*.ts, come later), and the page's small helpers every part uses. */
const FIRST_SCREEN_SHARED =
  /node_modules[\\/]svelte[\\/]|[\\/]shared[\\/](?:domain[\\/](?!decide)|protocol\.ts)|[\\/]client[\\/](?:lib[\\/](?:time|lists|action\.svelte|links|now\.svelte|lazy\.svelte|allowed|domain)\.ts|components[\\/]shell[\\/]Modal\.svelte)/;

export default defineConfig({
  root: here('./client'),
  plugins: [
    svelte(svelteOptions),
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
          // What the first screen needs and the lazy panels share, as one file: split by who imports
          // it, it came as eight small files, each compressed alone, 3 kB more on the wire.
          groups: [{ name: 'core', test: FIRST_SCREEN_SHARED }],
        },
      },
    },
  },
  server: {
    proxy: { '/socket.io': { target: 'http://localhost:3000', ws: true } },
  },
  test: {
    root: here('.'),
    projects: [
      {
        test: {
          name: 'node',
          root: here('.'),
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
