import { useEffect, useMemo, useState } from 'react';
import type { ApiClient } from '../api/api-client';
import { PARTNER_ROLES, type CompanyRef, type Me, type Page, type Room } from '../api/types';
import { Link, navigate, useLocation } from '../app/router';
import { useWorkspace, WorkspaceContext, type Workspace } from '../app/session-context';
import { useAsync } from '../app/use-async';
import { errorMessage } from '../pages/form-field';
import { RealtimeClient } from '../realtime/realtime-client';
import { TopbarExtras } from '../admin/topbar-extras';
import { onWorkspaceChanged } from '../admin/workspace-events';
import { workspacePage } from '../admin/workspace-pages';
import { UnreadBadge } from '../rooms/messages/unread-badge';
import { OfflineBanner } from './offline-banner';
import { RoomView } from './room-view';
import { apiPaths, parseShellPath, ROOM_LABELS, roomPath } from './room-paths';

/** The signed-in frame: who I am, the company I am looking at, its rooms, and the live connection. */
export function AppShell({ api, onSignedOut }: { api: ApiClient; onSignedOut: (message: string) => void }) {
  const me = useAsync((signal) => api.get<Me>(apiPaths.me, signal), [api]);
  const [realtime, setRealtime] = useState<RealtimeClient | null>(null);

  useEffect(() => {
    const client = new RealtimeClient(api);
    setRealtime(client);
    return () => client.close();
  }, [api]);
  useEffect(() => onWorkspaceChanged(me.reload), [me.reload]);

  const workspace = useMemo<Workspace | null>(
    () => (me.data && realtime ? { api, me: me.data, realtime } : null),
    [api, me.data, realtime],
  );

  if (me.error)
    return (
      <main className="boot" role="alert">
        <p>{errorMessage(me.error)}</p>
        <button type="button" onClick={me.reload}>
          Try again
        </button>
      </main>
    );
  if (!workspace) return <p className="boot">Loading your workspace…</p>;
  return (
    <WorkspaceContext.Provider value={workspace}>
      <Frame
        onSignOut={async () => {
          await api.logout();
          onSignedOut('You have signed out.');
        }}
      />
    </WorkspaceContext.Provider>
  );
}

function Frame({ onSignOut }: { onSignOut: () => void }) {
  const { api, me } = useWorkspace();
  const { path } = useLocation();
  const route = parseShellPath(path);
  const partner = PARTNER_ROLES.includes(me.role);
  const [menuOpen, setMenuOpen] = useState(false);

  const companies = useAsync<CompanyRef[]>(
    async (signal) =>
      partner
        ? me.company
          ? [me.company]
          : []
        : (await api.get<Page<CompanyRef>>(apiPaths.companies, signal)).items,
    [api, partner],
  );
  const companyId = partner
    ? (me.company?.id ?? null)
    : (route?.companyId ?? companies.data?.[0]?.id ?? null);
  const foreign = partner && route?.companyId && route.companyId !== me.company?.id;

  const rooms = useAsync<Room[]>(
    async (signal) => {
      if (!companyId || foreign) return [];
      if (partner) return me.rooms;
      return api.get<Room[]>(apiPaths.rooms(companyId), signal);
    },
    [api, companyId, partner, foreign, partner ? me.rooms : null],
  );
  useEffect(
    () =>
      onWorkspaceChanged(() => {
        companies.reload();
        rooms.reload();
      }),
    [companies.reload, rooms.reload],
  );
  const navRooms = (rooms.data ?? []).filter((room) => room.enabled).sort((a, b) => a.position - b.position);
  // Right after a switch, the rooms at hand may still be the previous company's.
  const roomsOfOther = !!rooms.data?.some((room) => room.companyId !== companyId);

  // `/` and `/c/:id` land on the company's first room.
  useEffect(() => {
    if (!route || foreign || !companyId || !rooms.data || rooms.loading || roomsOfOther) return;
    if (route.kind) return;
    // Only from the path this render saw: if the user went elsewhere meanwhile (picked another company before
    // this landing ran), that navigation stands.
    if (window.location.pathname !== path) return;
    const first = navRooms[0];
    if (first) navigate(roomPath(companyId, first), { replace: true });
  });

  useEffect(() => setMenuOpen(false), [path]);

  const room =
    route?.kind && !foreign
      ? navRooms.find((r) => (route.kind === 'custom' ? r.id === route.roomId : r.kind === route.kind))
      : undefined;

  let content;
  const extra = workspacePage(path, companyId);
  if (extra) content = extra;
  else if (!route || foreign) content = <NotFound />;
  else if (!partner && companies.data && companies.data.length === 0)
    content = <Empty title="No partner companies yet" text="Add a partner company to open its rooms here." />;
  else if (partner && !me.company)
    content = <Empty title="No company" text="Your account is not tied to a partner company." />;
  else if (rooms.error) content = <p role="alert">{errorMessage(rooms.error)}</p>;
  else if (!rooms.data || rooms.loading || roomsOfOther || (route.kind && !room && companies.loading))
    content = <p>Loading…</p>;
  else if (route.kind && !room) content = <NotFound />;
  else if (room && companyId)
    content = <RoomView key={room.id} room={room} companyId={companyId} planId={route.planId} />;
  else content = <Empty title="No rooms" text="There is no room here you may enter." />;

  return (
    <div className={`shell ${menuOpen ? 'menu-open' : ''}`}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <button
          type="button"
          className="menu-button"
          aria-expanded={menuOpen}
          aria-controls="room-nav"
          onClick={() => setMenuOpen(!menuOpen)}
        >
          Menu
        </button>
        <span className="workspace-name">{me.workspace.name}</span>
        {!partner && companies.data && companies.data.length > 0 && (
          <label className="company-switcher">
            <span className="visually-hidden">Partner company</span>
            <select
              value={companyId ?? ''}
              onChange={(e) => navigate(`/c/${e.target.value}`)}
              aria-label="Partner company"
            >
              {companies.data.map((company) => (
                <option key={company.id} value={company.id}>
                  {company.name}
                </option>
              ))}
            </select>
          </label>
        )}
        {partner && me.company && <span className="company-name">{me.company.name}</span>}
        <span className="spacer" />
        <TopbarExtras />
        <span className="user-name" title={me.user.email}>
          {me.user.name}
        </span>
        <button type="button" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <OfflineBanner />
      <nav id="room-nav" className="room-nav" aria-label="Rooms">
        <ul>
          {companyId &&
            !foreign &&
            navRooms.map((r) => {
              const href = roomPath(companyId, r);
              const current = room?.id === r.id;
              return (
                <li key={r.id}>
                  <Link href={href} aria-current={current ? 'page' : undefined}>
                    {r.kind === 'custom' ? r.name : r.name || ROOM_LABELS[r.kind]}
                    {r.kind === 'messages' && <UnreadBadge companyId={companyId} roomId={r.id} />}
                  </Link>
                </li>
              );
            })}
        </ul>
      </nav>
      <main id="main" className="content" tabIndex={-1}>
        {content}
      </main>
    </div>
  );
}

function NotFound() {
  return <Empty title="Not found" text="This page does not exist, or you may not see it." />;
}

function Empty({ title, text }: { title: string; text: string }) {
  return (
    <section className="empty">
      <h1>{title}</h1>
      <p>{text}</p>
    </section>
  );
}
