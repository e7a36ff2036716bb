import { useEffect, type PropsWithChildren } from 'react';
import { useLocation } from 'react-router-dom';
import { useAnalytics } from '@backstage/core-plugin-api';
import { ErrorPage } from '@backstage/core-components';

// Registered as the app's NotFoundErrorPage; reports a `not-found` event.
export const NotFoundPage = ({ children }: PropsWithChildren<{}>) => {
  const analytics = useAnalytics();
  const { pathname, search, hash } = useLocation();
  useEffect(() => {
    analytics.captureEvent('not-found', `${pathname}${search}${hash}`);
  }, [analytics, pathname, search, hash]);
  return (
    <ErrorPage status="404" statusMessage="PAGE NOT FOUND" additionalInfo={children} />
  );
};
