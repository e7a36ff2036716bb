// Serves the built demo app (www/dist) and its config (/app-config.json) as the
// backend's `app` plugin, where the root router forwards every request outside /api.
import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import express from 'express';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'yaml';

const dist = fileURLToPath(new URL('../dist', import.meta.url));
const appConfigFile = fileURLToPath(new URL('../app-config.yaml', import.meta.url));

export const demoAppPlugin = createBackendPlugin({
  pluginId: 'app',
  register(env) {
    env.registerInit({
      deps: { httpRouter: coreServices.httpRouter, config: coreServices.rootConfig },
      async init({ httpRouter, config }) {
        const baseUrl = config.getString('backend.baseUrl');
        const router = express.Router();
        // The frontend's part of the config, read at each load: edit www/app-config.yaml and reload.
        router.get('/app-config.json', (_req, res) => {
          const data = yaml.parse(fs.readFileSync(appConfigFile, 'utf8')) ?? {};
          data.app = { ...data.app, baseUrl };
          data.backend = { baseUrl };
          data.demo = { guestSignIn: true };
          res.set('Cache-Control', 'no-store').json(data);
        });
        router.use(express.static(dist, { index: false }));
        router.get('*', (_req, res) => res.sendFile(path.join(dist, 'index.html')));
        httpRouter.use(router);
        httpRouter.addAuthPolicy({ path: '/', allow: 'unauthenticated' });
      },
    });
  },
});
