// The demo's permission policy: everything is allowed, except reading Insights,
// which only members of the platform team may do (the guest is one).
import { createBackendModule } from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';

const READERS = 'group:default/platform';

export const demoPermissionPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'demo-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy({
          async handle(request, user) {
            if (request.permission.name !== 'backstage-insights.read') return { result: AuthorizeResult.ALLOW };
            const groups = user?.info.ownershipEntityRefs ?? [];
            return { result: groups.includes(READERS) ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
          },
        });
      },
    });
  },
});
