import { Content, Header, InfoCard, Link, Page } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';

export const HomePage = () => (
  <Page themeId="home">
    <Header title="Backstage Insights demo" subtitle="A real Backstage app using the analytics module" />
    <Content>
      <InfoCard title="Try it">
        <Typography paragraph>
          Every navigation and click below is an analytics event. The module
          scrubs it, hashes the user, batches it and posts it to the Insights
          backend, which stores it and prints one line per event.
        </Typography>
        <ul>
          <li>
            <Link to="/catalog">Browse the catalog</Link>
          </li>
          <li>
            <Link to="/actions">Fire custom events</Link>
          </li>
          <li>
            <Link to="/docs/default/component/api/runbook">Read the runbook (a missing page)</Link>
          </li>
        </ul>
      </InfoCard>
    </Content>
  </Page>
);
