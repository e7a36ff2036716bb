// Builds the demo Backstage app with Vite 7, no Backstage CLI.
//   node_modules/.bin/vite build www        -> www/dist
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: '/',
  // React 17+ JSX transform; no @vitejs/plugin-react needed.
  esbuild: { jsx: 'automatic' },
  // Without this the default fetchApi factory fails, useAnalytics() silently
  // falls back to a no-op, and no analytics event ever arrives.
  define: { global: 'globalThis' },
  resolve: {
    alias: [
      // The package as an integrator installs it: the compiled shim, which
      // imports the wasm-bindgen glue ../pkg/insights.js (--target web).
      {
        find: /^backstage-plugin-analytics-module-insights-wasm$/,
        replacement: here('../dist/index.js'),
      },
    ],
  },
  build: {
    outDir: here('dist'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 5000,
    reportCompressedSize: false,
    rollupOptions: {
      onwarn(warning, warn) {
        // MUI v5 internals (pulled in by @backstage/ui) carry "use client"
        // directives, meaningless outside React Server Components.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: {
    // `vite www` dev server: the collector (npm start, port 7007) serves the
    // config and takes the events.
    proxy: {
      '/app-config.json': 'http://127.0.0.1:7007',
      '/api': 'http://127.0.0.1:7007',
    },
  },
});
