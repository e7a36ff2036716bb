// Vite, the way an app without the Backstage CLI builds: no configuration for
// the package's wasm. The app config is read and filtered for the frontend by
// Backstage's own config loader (the package's config.d.ts decides which keys
// reach the browser) and defined as process.env.APP_CONFIG, as the CLI does.
import { ConfigSources, loadConfigSchema } from '@backstage/config-loader';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = p => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig(async () => {
  let appConfigs = [];
  for await (const { configs } of ConfigSources.default({ rootDir: here('../..'), watch: false, argv: [] }).readConfigData()) {
    appConfigs = configs;
    break;
  }
  const schema = await loadConfigSchema({ dependencies: [], packagePaths: [here('package.json')] });
  const frontendConfig = schema.process(appConfigs, { visibility: ['frontend'] });
  return {
    root: here('.'),
    // React 17+ JSX transform; no @vitejs/plugin-react needed.
    esbuild: { jsx: 'automatic' },
    define: {
      // Backstage's default fetchApi needs `global`.
      global: 'globalThis',
      'process.env.APP_CONFIG': JSON.stringify(frontendConfig),
    },
    logLevel: 'warn',
    build: {
      outDir: here('dist-vite'),
      emptyOutDir: true,
      chunkSizeWarningLimit: 10000,
      reportCompressedSize: false,
      rollupOptions: {
        onwarn(warning, warn) {
          if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
          warn(warning);
        },
      },
    },
  };
});
