// The consumer's own page plugin: two pages and a link, so events carry
// `{ pluginId: 'consumer', extensionId: 'page:consumer' | 'page:consumer/next' }`.
import { Link } from '@backstage/core-components';
import { PageBlueprint, createFrontendPlugin } from '@backstage/frontend-plugin-api';

export const consumerPlugin = createFrontendPlugin({
  pluginId: 'consumer',
  extensions: [
    PageBlueprint.make({
      params: {
        path: '/',
        loader: async () => (
          <div>
            <h1>Consumer home</h1>
            <Link to="/next">Next page</Link>
          </div>
        ),
      },
    }),
    PageBlueprint.make({
      name: 'next',
      params: { path: '/next', loader: async () => <h1>Consumer next</h1> },
    }),
  ],
});
