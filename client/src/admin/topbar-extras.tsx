import { useEffect } from 'react';
import { Link, useLocation } from '../app/router';
import { useWorkspace } from '../app/session-context';
import { NotificationBell } from '../notifications/notification-bell';
import { adminSections } from './admin-logic';
import { announceWorkspaceChanged } from './workspace-events';

/**
 * The top bar's own controls: the way into administration (for the roles that have any), the
 * notification bell; and, when the server takes this user out of a room, a prompt to re-read navigation.
 */
export function TopbarExtras() {
  const { me, realtime } = useWorkspace();
  const { path } = useLocation();
  useEffect(() => realtime.on('room:left', () => announceWorkspaceChanged()), [realtime]);
  const sections = adminSections(me.role);
  return (
    <>
      {sections.length > 0 && (
        <Link
          href={`/admin/${sections[0]}`}
          className="admin-link"
          aria-current={path.startsWith('/admin') ? 'page' : undefined}
        >
          Admin
        </Link>
      )}
      <NotificationBell />
    </>
  );
}
