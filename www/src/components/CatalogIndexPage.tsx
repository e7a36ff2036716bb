import { useState, type FormEvent } from 'react';
import { useAnalytics } from '@backstage/core-plugin-api';
import { Content, ContentHeader, Header, InfoCard, Link, Page } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import planted from '../planted.json';

// Links as a real catalog renders them: filters in the query string, entity
// refs in the path (including a user entity), and the kind of link people
// paste into Slack with an email and a token in its query.
const links = [
  { to: '/catalog/default/component/api?filter=kind%3Acomponent', text: 'api' },
  { to: '/catalog/default/component/payments-service#dependencies', text: 'payments-service' },
  { to: '/catalog/default/user/jane.doe', text: 'Owner profile' },
  {
    to: `/catalog?email=${encodeURIComponent(planted.email)}&token=${planted.githubToken}`,
    text: 'Shared search link',
  },
];

export const CatalogIndexPage = () => {
  const analytics = useAnalytics();
  const [term, setTerm] = useState('');
  const onSearch = (e: FormEvent) => {
    e.preventDefault();
    // What Backstage search emits: the term as the subject, hit count as value.
    analytics.captureEvent('search', term, { value: 3, attributes: { filter: 'kind:component' } });
  };
  return (
    <Page themeId="tool">
      <Header title="Catalog" subtitle="Software catalog (demo)" />
      <Content>
        <ContentHeader title="Components and owners" />
        <Grid container spacing={3}>
          <Grid item xs={12} md={6}>
            <InfoCard title="Entities">
              <ul>
                {links.map(l => (
                  <li key={l.to}>
                    <Link to={l.to} data-testid={`link-${l.text}`}>
                      {l.text}
                    </Link>
                  </li>
                ))}
              </ul>
            </InfoCard>
          </Grid>
          <Grid item xs={12} md={6}>
            <InfoCard title="Search">
              <form onSubmit={onSearch}>
                <TextField
                  label="Search the catalog"
                  value={term}
                  onChange={e => setTerm(e.target.value)}
                  inputProps={{ 'data-testid': 'search-input' }}
                />
                <Button type="submit" variant="contained" color="primary" data-testid="search-submit">
                  Search
                </Button>
              </form>
            </InfoCard>
          </Grid>
        </Grid>
      </Content>
    </Page>
  );
};
