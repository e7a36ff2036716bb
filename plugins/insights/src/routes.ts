import { createRouteRef } from '@backstage/core-plugin-api';

/** Where the legacy app mounts `InsightsPage`. */
export const rootRouteRef = createRouteRef({ id: 'backstage-insights' });
