import { ProxiedSignInPage, UserIdentity } from '@backstage/core-components';
import { configApiRef, useApi, type SignInPageProps } from '@backstage/core-plugin-api';
import { useEffect } from 'react';

/**
 * With the demo backend (`npm start`, config `demo.guestSignIn: true`): the
 * guest signs in at once through the auth backend and gets a real Backstage token,
 * which the Insights backend checks. Without it (the module's end-to-end
 * tests against the test collector): the token-less guest of an app with no
 * sign-in page.
 */
export function DemoSignInPage(props: SignInPageProps) {
  const guestSignIn = useApi(configApiRef).getOptionalBoolean('demo.guestSignIn') ?? false;
  if (guestSignIn) return <ProxiedSignInPage {...props} provider="guest" />;
  return <TokenlessGuest {...props} />;
}

function TokenlessGuest({ onSignInSuccess }: SignInPageProps) {
  useEffect(() => onSignInSuccess(UserIdentity.createGuest()), [onSignInSuccess]);
  return null;
}
