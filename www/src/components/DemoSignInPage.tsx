import { ProxiedSignInPage, UserIdentity } from '@backstage/core-components';
import { configApiRef, useApi, type SignInPageProps } from '@backstage/core-plugin-api';
import { useEffect } from 'react';

/**
 * With the demo backend (`npm start`, config `demo.guestSignIn: true`): the
 * guest signs in at once through the auth backend and gets a real Backstage token,
 * which the Insights backend checks. Without it (the module's end-to-end
 * tests against the test collector): the token-less guest of an app with no
 * sign-in page. `demo.identityFails: true` makes that guest's identity lookup
 * fail, as an identity provider outage would (the end-to-end test of
 * `backstageInsights.identity: required`).
 */
export function DemoSignInPage(props: SignInPageProps) {
  const config = useApi(configApiRef);
  const guestSignIn = config.getOptionalBoolean('demo.guestSignIn') ?? false;
  const identityFails = config.getOptionalBoolean('demo.identityFails') ?? false;
  if (guestSignIn) return <ProxiedSignInPage {...props} provider="guest" />;
  return <TokenlessGuest {...props} identityFails={identityFails} />;
}

function TokenlessGuest({ onSignInSuccess, identityFails }: SignInPageProps & { identityFails: boolean }) {
  useEffect(() => {
    const guest = UserIdentity.createGuest();
    if (!identityFails) {
      onSignInSuccess(guest);
      return;
    }
    onSignInSuccess({
      getProfileInfo: () => guest.getProfileInfo(),
      getCredentials: () => guest.getCredentials(),
      signOut: () => guest.signOut(),
      getBackstageIdentity: () => Promise.reject(new Error('the identity provider is down')),
    });
  }, [onSignInSuccess, identityFails]);
  return null;
}
