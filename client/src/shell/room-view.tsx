import { lazy, Suspense, useEffect } from 'react';
import type { Room } from '../api/types';
import { useWorkspace } from '../app/session-context';
import { PlansPage } from '../rooms/plans/plans-page';
import { PresenceBar } from './presence-bar';
import { ROOM_LABELS } from './room-paths';

const PlanPage = lazy(() => import('../rooms/plans/plan-page'));
const MessagesPage = lazy(() => import('../rooms/messages/messages-page'));
const LeadsPage = lazy(() => import('../rooms/leads/leads-page'));
const DealsPage = lazy(() => import('../rooms/deals/deals-page'));
const OverviewPage = lazy(() => import('../rooms/overview/overview-page'));
const ContactsPage = lazy(() => import('../rooms/contacts/contacts-page'));
const FileRoomPage = lazy(() => import('../rooms/files/file-room-page'));
const ResourcesPage = lazy(() => import('../rooms/resources/resources-page'));
const ProjectsPage = lazy(() => import('../rooms/projects/projects-page'));

/**
 * One room: joined on the live connection while it is shown, with who is here. Each kind gets its page
 * here; kinds without one yet (leads, deals, messages, files, …) show a placeholder until they land.
 */
export function RoomView({
  room,
  companyId,
  planId,
}: {
  room: Room;
  companyId: string;
  planId: string | null;
}) {
  const { realtime } = useWorkspace();
  useEffect(() => realtime.join(room.id), [realtime, room.id]);

  const title = room.kind === 'custom' ? room.name : room.name || ROOM_LABELS[room.kind];
  let body;
  switch (room.kind) {
    case 'plans':
      body = planId ? (
        <Suspense fallback={<p>Loading plan…</p>}>
          <PlanPage key={planId} room={room} companyId={companyId} planId={planId} />
        </Suspense>
      ) : (
        <PlansPage room={room} companyId={companyId} />
      );
      break;
    case 'files':
    case 'brand':
      body = (
        <Suspense fallback={<p>Loading files…</p>}>
          <FileRoomPage room={room} companyId={companyId} />
        </Suspense>
      );
      break;
    case 'projects':
      body = (
        <Suspense fallback={<p>Loading projects…</p>}>
          <ProjectsPage room={room} companyId={companyId} />
        </Suspense>
      );
      break;
    case 'resources':
      body = (
        <Suspense fallback={<p>Loading resources…</p>}>
          <ResourcesPage room={room} companyId={companyId} />
        </Suspense>
      );
      break;
    case 'overview':
      body = (
        <Suspense fallback={<p>Loading overview…</p>}>
          <OverviewPage room={room} companyId={companyId} />
        </Suspense>
      );
      break;
    case 'contacts':
      body = (
        <Suspense fallback={<p>Loading contacts…</p>}>
          <ContactsPage room={room} companyId={companyId} />
        </Suspense>
      );
      break;
    case 'leads':
      body = (
        <Suspense fallback={<p>Loading leads…</p>}>
          <LeadsPage room={room} companyId={companyId} />
        </Suspense>
      );
      break;
    case 'deals':
      body = (
        <Suspense fallback={<p>Loading deals…</p>}>
          <DealsPage room={room} companyId={companyId} />
        </Suspense>
      );
      break;
    case 'messages':
      body = (
        <Suspense fallback={<p>Loading messages…</p>}>
          <MessagesPage room={room} companyId={companyId} />
        </Suspense>
      );
      break;
    default:
      body = (
        <p className="placeholder">
          The {title} room opens here soon. Its data is already available through the API at{' '}
          <a href="/api/docs">/api/docs</a>.
        </p>
      );
  }

  return (
    <div className="room">
      <div className="room-header">
        {!planId && <h1>{title}</h1>}
        <PresenceBar roomId={room.id} />
      </div>
      {body}
    </div>
  );
}
