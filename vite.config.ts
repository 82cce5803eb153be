import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { compression } from 'vite-plugin-compression2';
import { defineConfig } from 'vitest/config';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
// With root set to client/, the svelte plugin would look for its config there.
const svelteOptions = { configFile: here('./svelte.config.js') } as const;

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
