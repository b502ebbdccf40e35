import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, navigate, useLocation } from '../app/router';
import { useWorkspace } from '../app/session-context';
import { errorMessage } from '../pages/form-field';
import { parseShellPath } from '../shell/room-paths';
import { parseLink, timeAgo } from './notification-links';
import { resolveLink } from './resolve-link';

export interface AppNotification {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  readAt: string | null;
  createdAt: string;
}

interface NotificationPage {
  items: AppNotification[];
  nextCursor: string | null;
  unreadCount: number;
}

export const NOTIFICATION_SETTINGS_PATH = '/settings/notifications';

/** The bell: unread count kept live over Socket.IO, the latest notifications, mark read, go to the thing. */
export function NotificationBell() {
  const { api, me, realtime } = useWorkspace();
  const { path } = useLocation();
  const [items, setItems] = useState<AppNotification[]>([]);
  const [unread, setUnread] = useState(0);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);

  const load = useCallback(async () => {
    try {
      const page = await api.get<NotificationPage>('/notifications?limit=20');
      setItems(page.items);
      setUnread(page.unreadCount);
      setError(null);
    } catch (reason) {
      setError(reason);
    }
  }, [api]);

  useEffect(() => {
    void load();
    const offNew = realtime.on<Omit<AppNotification, 'readAt'>>('notification', (event) => {
      setItems((list) =>
        list.some((n) => n.id === event.id) ? list : [{ ...event, readAt: null }, ...list].slice(0, 50),
      );
      setUnread((n) => n + 1);
    });
    const offReconnect = realtime.onReconnect(() => void load());
    return () => {
      offNew();
      offReconnect();
    };
  }, [realtime, load]);

  useEffect(() => setOpen(false), [path]);
  useEffect(() => {
    if (!open) return;
    const onDown = (event: MouseEvent) => {
      const target = event.target as Node;
      if (!panel.current?.contains(target) && !button.current?.contains(target)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);

  const markRead = async (notification: AppNotification) => {
    if (notification.readAt) return;
    const readAt = new Date().toISOString();
    setItems((list) => list.map((n) => (n.id === notification.id ? { ...n, readAt } : n)));
    setUnread((n) => Math.max(0, n - 1));
    try {
      await api.post(`/notifications/${notification.id}/read`);
    } catch (reason) {
      setError(reason);
      void load();
    }
  };

  const markAllRead = async () => {
    try {
      await api.post('/notifications/read-all');
      await load();
    } catch (reason) {
      setError(reason);
    }
  };

  const openTarget = async (notification: AppNotification) => {
    void markRead(notification);
    try {
      const to = await resolveLink(api, me, notification.link, parseShellPath(path)?.companyId ?? null);
      if (to) navigate(to);
    } catch (reason) {
      setError(reason);
    }
  };

  const label = unread > 0 ? `Notifications, ${unread} unread` : 'Notifications';
  return (
    <div
      className="bell"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          setOpen(false);
          button.current?.focus();
        }
      }}
    >
      <button
        ref={button}
        type="button"
        className="bell-button"
        aria-expanded={open}
        aria-controls="notification-panel"
        aria-label={label}
        onClick={() => setOpen(!open)}
      >
        <svg
          className="bell-icon"
          viewBox="0 0 24 24"
          width="20"
          height="20"
          aria-hidden="true"
          focusable="false"
        >
          <path
            d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1Z"
            fill="currentColor"
          />
        </svg>
        {unread > 0 && (
          <span className="bell-badge" aria-hidden="true" data-testid="unread-count">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      <span className="visually-hidden" role="status">
        {unread > 0 ? `${unread} unread notifications` : ''}
      </span>
      {open && (
        <div
          ref={panel}
          id="notification-panel"
          className="bell-panel"
          role="region"
          aria-label="Notifications"
        >
          <div className="bell-head">
            <h2>Notifications</h2>
            <button type="button" onClick={markAllRead} disabled={unread === 0}>
              Mark all read
            </button>
          </div>
          {error !== null && (
            <p role="alert" className="form-error">
              {errorMessage(error)}
            </p>
          )}
          {items.length === 0 ? (
            <p className="empty-text">Nothing yet.</p>
          ) : (
            <ul className="bell-list">
              {items.map((n) => (
                <li key={n.id} className={n.readAt ? 'read' : 'unread'}>
                  {parseLink(n.link) ? (
                    <button type="button" className="link-button" onClick={() => openTarget(n)}>
                      {n.title}
                    </button>
                  ) : (
                    <span className="bell-title">{n.title}</span>
                  )}
                  {n.body && <p className="bell-body">{n.body}</p>}
                  <span className="bell-meta">
                    <time dateTime={n.createdAt}>{timeAgo(n.createdAt)}</time>
                    {!n.readAt && (
                      <button type="button" onClick={() => markRead(n)} aria-label={`Mark read: ${n.title}`}>
                        Mark read
                      </button>
                    )}
                  </span>
                </li>
              ))}
            </ul>
          )}
          <Link href={NOTIFICATION_SETTINGS_PATH}>Notification settings</Link>
        </div>
      )}
    </div>
  );
}
