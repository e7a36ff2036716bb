// TEMPORARY development stub (deleted before hand-off): NO scrubbing, posts each event.
import {
  analyticsApiRef, configApiRef, createApiFactory, discoveryApiRef, fetchApiRef, identityApiRef, storageApiRef,
  type AnalyticsApi, type AnalyticsEvent,
} from '@backstage/core-plugin-api';

const flat = (o: any) => Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => ['string', 'boolean'].includes(typeof v) || (typeof v === 'number' && Number.isFinite(v))));

export const BackstageInsights = {
  createDefaultApiFactory: () =>
    createApiFactory({
      api: analyticsApiRef,
      deps: { configApi: configApiRef, discoveryApi: discoveryApiRef, fetchApi: fetchApiRef, identityApi: identityApiRef, storageApi: storageApiRef },
      factory: ({ configApi, discoveryApi, identityApi }): AnalyticsApi => {
        const salt = configApi.getOptionalString('backstageInsights.salt');
        const idP = identityApi.getBackstageIdentity().then(async i => {
          const d = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(i.userEntityRef + salt));
          return [...new Uint8Array(d)].map(b => b.toString(16).padStart(2, '0')).join('');
        });
        return {
          captureEvent: (e: AnalyticsEvent) => {
            void (async () => {
              const url = `${await discoveryApi.getBaseUrl('backstage-insights')}/events`;
              const ev: any = { id: crypto.randomUUID(), timestamp: new Date().toISOString(), action: e.action, subject: String(e.subject).slice(0, 1024), attributes: flat(e.attributes), context: flat(e.context), identity: await idP };
              if (typeof e.value === 'number' && Number.isFinite(e.value)) ev.value = e.value;
              await fetch(url, { method: 'POST', keepalive: true, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ batchId: crypto.randomUUID(), sentAt: new Date().toISOString(), events: [ev] }) });
            })();
          },
        };
      },
    }),
};
