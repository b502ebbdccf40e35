import { lazy, Suspense, useEffect, useState, type ReactNode } from 'react';
import { matchPath, navigate } from '../app/router';
import { useWorkspace } from '../app/session-context';
import { errorMessage } from '../pages/form-field';
import { NOTIFICATION_SETTINGS_PATH } from '../notifications/notification-bell';
import { parseLink } from '../notifications/notification-links';
import { resolveLink } from '../notifications/resolve-link';

const AdminPage = lazy(() => import('./admin-page'));
const NotificationSettingsPage = lazy(() => import('../notifications/notification-settings-page'));

/**
 * Pages of the signed-in shell that are not a company's room: vendor administration, notification
 * settings, and links from notifications and emails (`/plans/<id>`, …) that resolve to a room page.
 */
export function workspacePage(path: string, fallbackCompanyId: string | null): ReactNode | null {
  const admin = matchPath('/admin/:section', path);
  if (admin || path === '/admin')
    return (
      <Suspense fallback={<p>Loading…</p>}>
        <AdminPage section={admin?.section ?? 'companies'} />
      </Suspense>
    );
  if (path === NOTIFICATION_SETTINGS_PATH)
    return (
      <Suspense fallback={<p>Loading…</p>}>
        <NotificationSettingsPage />
      </Suspense>
    );
  if (parseLink(path)) return <LinkRedirect link={path} fallbackCompanyId={fallbackCompanyId} />;
  return null;
}

function LinkRedirect({ link, fallbackCompanyId }: { link: string; fallbackCompanyId: string | null }) {
  const { api, me } = useWorkspace();
  const [failed, setFailed] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    resolveLink(api, me, link, fallbackCompanyId).then(
      (to) => {
        if (!live) return;
        if (to) navigate(to, { replace: true });
        else setFailed(new Error('This link leads nowhere you may see.'));
      },
      (reason: unknown) => live && setFailed(reason),
    );
    return () => {
      live = false;
    };
  }, [api, me, link, fallbackCompanyId]);
  if (failed)
    return (
      <section className="empty">
        <h1>Not found</h1>
        <p>{errorMessage(failed)}</p>
      </section>
    );
  return <p>Opening…</p>;
}
