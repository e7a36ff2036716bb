// A new-frontend-system app with feature discovery (`app.packages: all`, see
// app-config.discovery.yaml): the CLI finds the module through the package's
// `backstage.role` and `./alpha` export; the app does not import it.
import { createApp } from '@backstage/frontend-defaults';
import { consumerPlugin } from './plugin';

const app = createApp({ features: [consumerPlugin] });

export const Root = app.createRoot();
