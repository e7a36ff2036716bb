// Builds the new-frontend-system demo app with Vite 7, no Backstage CLI.
//   node_modules/.bin/vite build www-nfs     -> www-nfs/dist
import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

const here = p => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: '/',
  // React 17+ JSX transform; no @vitejs/plugin-react needed.
  esbuild: { jsx: 'automatic' },
  // Without it Backstage's default fetchApi factory fails and no analytics
  // event ever arrives.
  define: { global: 'globalThis' },
  resolve: {
    alias: [
      // The package's ./alpha entry as an integrator installs it: the compiled
      // shim, which loads the wasm-bindgen glue from ../pkg (--target web).
      {
        find: /^backstage-plugin-analytics-module-insights-wasm\/alpha$/,
        replacement: here('../dist/alpha.js'),
      },
      // The main entry, for BackstageInsights.optOut() on the demo page.
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
        // MUI v5 / @backstage/ui internals carry "use client" directives,
        // meaningless outside React Server Components.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: {
    // `vite www-nfs` dev server: a collector on port 7007 serves the config
    // and takes the events.
    proxy: {
      '/app-config.json': 'http://127.0.0.1:7007',
      '/api': 'http://127.0.0.1:7007',
    },
  },
});
