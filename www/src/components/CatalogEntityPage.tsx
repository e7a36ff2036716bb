import { useRouteRefParams } from '@backstage/core-plugin-api';
import { Content, Header, InfoCard, Link, Page } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { catalogEntityRouteRef } from '../plugin';

export const CatalogEntityPage = () => {
  const { namespace, kind, name } = useRouteRefParams(catalogEntityRouteRef);
  return (
    <Page themeId={kind === 'user' ? 'home' : 'service'}>
      <Header title={name} type={kind} subtitle={`namespace ${namespace}`} />
      <Content>
        <InfoCard title="About">
          <Typography paragraph>
            {kind === 'user' ? 'A user entity.' : 'A component entity.'}
          </Typography>
          <Link to="/catalog">Back to the catalog</Link>
        </InfoCard>
      </Content>
    </Page>
  );
};
