// Sample usage for the demo: 90 days of events from the demo organisation
// (www/backend/org.yaml), stored once, on the first start, as `sample` events
// so the dashboard says they are sample data. Deterministic.
import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import { DatabaseInsightsStore, identityHash } from 'backstage-plugin-insights-wasm-backend';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import yaml from 'yaml';

const DAYS = 90;
const PAGES = [
  ['catalog', '/catalog'],
  ['catalog', '/catalog/default/component/payments-api'],
  ['catalog', '/catalog/default/component/search-indexer'],
  ['catalog', '/catalog/default/component/portal'],
  ['techdocs', '/docs/default/component/portal/getting-started'],
  ['techdocs', '/docs/default/component/payments-api/runbook'],
  ['scaffolder', '/create'],
  ['search', '/search'],
  ['kubernetes', '/catalog/default/component/payments-api/kubernetes'],
  ['api-docs', '/api-docs'],
];
const SEARCHES = ['kafka', 'payments api', 'oncall', 'terraform module', 'golden path', 'postgres'];
const TEMPLATES = ['template:default/springboot-service', 'template:default/react-app', 'template:default/terraform-module'];

/** Deterministic numbers in [0, 1): the same sample on every machine. */
function numbers(seed) {
  let n = 0;
  return () => createHash('sha256').update(`${seed}:${n++}`).digest().readUInt32BE(0) / 2 ** 32;
}

/** The demo users and their teams, from the demo catalog. */
function demoUsers() {
  const docs = yaml.parseAllDocuments(fs.readFileSync(new URL('./org.yaml', import.meta.url), 'utf8')).map(d => d.toJS());
  return docs
    .filter(d => d?.kind === 'User')
    .map(u => ({ ref: `user:default/${u.metadata.name}`, team: `group:default/${u.spec.memberOf[0]}` }));
}

export function sampleEvents(salt, now = Date.now()) {
  const random = numbers('backstage-insights-demo');
  const pick = list => list[Math.floor(random() * list.length)];
  const events = [];
  let n = 0;
  const users = demoUsers().map((u, i) => ({ ...u, joined: Math.floor((i / 20) * DAYS * 0.7), keen: 0.35 + random() * 0.5 }));
  for (let d = DAYS - 1; d >= 0; d--) {
    const dayStart = Date.parse(`${new Date(now - d * 86_400_000).toISOString().slice(0, 10)}T00:00:00Z`);
    const weekend = [0, 6].includes(new Date(dayStart).getUTCDay());
    for (const u of users) {
      if (DAYS - 1 - d < u.joined || random() > (weekend ? 0.1 : u.keen)) continue;
      const count = 3 + Math.floor(random() * 25);
      for (let k = 0; k < count; k++) {
        const at = dayStart + Math.floor((8 * 3600 + random() * 9 * 3600) * 1000);
        if (at > now) continue;
        const roll = random();
        let action = 'navigate';
        let subject;
        let pluginId;
        const attributes = {};
        const context = {};
        if (roll < 0.12) {
          [action, subject, pluginId] = ['search', pick(SEARCHES), 'search'];
        } else if (roll < 0.16) {
          [action, subject, pluginId] = ['create', 'New component', 'scaffolder'];
          attributes.entityRef = pick(TEMPLATES);
        } else {
          [pluginId, subject] = pick(PAGES);
          const m = /^\/catalog\/default\/component\/([^/]+)/.exec(subject);
          if (m) context.entityRef = `component:default/${m[1]}`;
        }
        n += 1;
        events.push({
          id: `5a5a5a5a-0000-4000-8000-${n.toString(16).padStart(12, '0')}`,
          day: new Date(at).toISOString().slice(0, 10),
          timestamp: new Date(at).toISOString(),
          receivedAt: at,
          action,
          subject,
          value: null,
          attributes,
          context: { ...context, pluginId },
          identity: identityHash(u.ref, salt),
          team: u.team,
          sample: true,
        });
      }
    }
  }
  return events;
}

export const demoSampleData = createBackendModule({
  pluginId: 'backstage-insights',
  moduleId: 'demo-sample-data',
  register(reg) {
    reg.registerInit({
      deps: { database: coreServices.database, config: coreServices.rootConfig, lifecycle: coreServices.lifecycle, logger: coreServices.logger },
      async init({ database, config, lifecycle, logger }) {
        if (!config.getOptionalBoolean('demo.seedSampleData')) return;
        // After the plugin's start, so its migrations have run.
        lifecycle.addStartupHook(async () => {
          const store = await DatabaseInsightsStore.create({ database });
          const db = await database.getClient();
          if (await db('insights_events').where('sample', true).first()) return;
          const events = sampleEvents(config.getString('backstageInsights.salt'));
          for (let i = 0; i < events.length; i += 500) await store.insertEvents(events.slice(i, i + 500));
          await store.rollUp();
          logger.info(`Insights demo: stored ${events.length} sample events over ${DAYS} days (labelled as sample data)`);
        });
      },
    });
  },
});
