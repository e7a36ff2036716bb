import { ConfigReader } from '@backstage/config';
import { createApp } from '@backstage/frontend-defaults';
import insightsAnalyticsModule from 'backstage-plugin-analytics-module-insights-wasm/alpha';
import insightsDashboard from 'backstage-plugin-insights-wasm/alpha';
import { demoPlugin } from './plugin';

// The config comes from the collector (GET /app-config.json), which reads
// www-nfs/app-config.yaml and applies its --set/--unset overrides, so
// flipping backstageInsights.debug needs no rebuild.
async function loadConfig() {
  const res = await fetch('/app-config.json', { cache: 'no-store' });
  if (!res.ok) {
    throw new Error(`Failed to load /app-config.json: HTTP ${res.status}`);
  }
  return { config: ConfigReader.fromConfigs([{ context: 'app-config.json', data: await res.json() }]) };
}

// The whole integration: the module and the dashboard in `features`.
export default createApp({
  features: [insightsAnalyticsModule, insightsDashboard, demoPlugin],
  advanced: { configLoader: loadConfig },
});
