import { useAnalytics } from '@backstage/core-plugin-api';
import { Content, Header, InfoCard, Page } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import planted from '../planted.json';

type Capture = ReturnType<typeof useAnalytics>['captureEvent'];
type Options = Parameters<Capture>[2];

// Custom events as plugins really send them, some carrying personal data the
// module must scrub, and one with the junk a careless plugin passes.
const actions: { id: string; label: string; fire: (capture: Capture) => void }[] = [
  {
    id: 'create',
    label: 'Create component',
    fire: c => c('create', 'payments-service', { value: 1, attributes: { templateName: 'springboot-template' } }),
  },
  {
    id: 'contact',
    label: 'Contact owner',
    fire: c =>
      c('contact-owner', `mail ${planted.email}`, {
        attributes: {
          email: planted.email,
          authorization: `Bearer ${planted.jwt}`,
          idToken: planted.jwt,
        },
      }),
  },
  {
    id: 'secrets',
    label: 'Paste secrets',
    fire: c =>
      c('secret-pasted', `token ${planted.githubToken}`, {
        attributes: { githubToken: planted.githubToken, awsKey: planted.awsKey, card: planted.card },
      }),
  },
  {
    id: 'share',
    label: 'Share with me',
    fire: c => c('share', 'entity', { attributes: { recipient: planted.guestRef } }),
  },
  {
    id: 'odd',
    label: 'Odd values',
    fire: c => {
      const nested: Record<string, unknown> = { deep: { deeper: { deepest: 1 } } };
      nested.self = nested; // circular
      c('odd-values', 'x'.repeat(10_000), {
        value: NaN,
        attributes: {
          nested,
          long: 'y'.repeat(10_000),
          missing: undefined,
          big: BigInt(10),
          sym: Symbol('s'),
          list: [1, 2, 3],
          fine: 'ok',
        },
      } as unknown as Options);
    },
  },
  {
    id: 'burst',
    label: 'Burst of 30 events',
    fire: c => {
      for (let i = 0; i < 30; i++) c('burst', `item-${i}`, { value: i });
    },
  },
];

export const ActionsPage = () => {
  const analytics = useAnalytics();
  return (
    <Page themeId="tool">
      <Header title="Actions" subtitle="Custom analytics events" />
      <Content>
        <InfoCard title="Fire an event">
          <Typography paragraph>
            Each button calls useAnalytics().captureEvent(...).
          </Typography>
          <Grid container spacing={2}>
            {actions.map(a => (
              <Grid item key={a.id}>
                <Button
                  variant="outlined"
                  data-testid={`action-${a.id}`}
                  onClick={() => a.fire(analytics.captureEvent.bind(analytics))}
                >
                  {a.label}
                </Button>
              </Grid>
            ))}
          </Grid>
        </InfoCard>
      </Content>
    </Page>
  );
};
