import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Reading what the Insights backend stored: `GET /summary` and `GET /export`.
 * Grant it to the platform team in your permission policy.
 */
export const insightsReadPermission = createPermission({
  name: 'backstage-insights.read',
  attributes: { action: 'read' },
});

/** Every permission the Insights plugins define. */
export const insightsPermissions = [insightsReadPermission];
