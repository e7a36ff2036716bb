// The demo's real Backstage backend (`npm start`): the Insights backend on
// SQLite, auth with the guest provider, a catalog holding a small demo
// organisation, permissions, and the demo app served from the same origin.
//   node www/backend/index.mjs --config www/app-config.yaml --config www/backend/app-config.yaml
import { createBackend } from '@backstage/backend-defaults';
import { demoAppPlugin } from './appServing.mjs';
import { demoPermissionPolicy } from './permissionPolicy.mjs';
import { demoSampleData } from './sampleData.mjs';

const backend = createBackend();
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(demoPermissionPolicy);
// The one line an integrator adds:
backend.add(import('backstage-plugin-insights-wasm-backend'));
backend.add(demoSampleData);
backend.add(demoAppPlugin);
await backend.start();
