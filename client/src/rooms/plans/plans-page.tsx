import { lazy, Suspense } from 'react';
import type { Page, PlanRow, Room } from '../../api/types';
import { Link } from '../../app/router';
import { useWorkspace } from '../../app/session-context';
import { useAsync } from '../../app/use-async';
import { errorMessage } from '../../pages/form-field';
import { apiPaths, planPath } from '../../shell/room-paths';
import { useRoomActivity } from '../use-room-activity';
import { Gauge } from './gauge';
import { canCreatePlan } from './plan-extras';
import { statusLabel } from './plan-permissions';

const CreatePlanForm = lazy(() => import('./create-plan-form'));

/** The company's plans as tiles with status and completion, refreshed live. */
export function PlansPage({ room, companyId }: { room: Room; companyId: string }) {
  const { api, me } = useWorkspace();
  // A channel manager creates plans only for the companies they own.
  const owner = useAsync(
    (signal) =>
      me.user.role === 'channel_manager'
        ? api
            .get<{ ownerId: string | null }>(`/companies/${companyId}`, signal)
            .then((company) => company.ownerId)
        : Promise.resolve(null),
    [api, companyId, me.user.role],
  );
  const creator = canCreatePlan(me.user, owner.data ?? null);
  const plans = useAsync(
    (signal) => api.get<Page<PlanRow>>(apiPaths.plans(companyId), signal),
    [api, companyId],
  );
  useRoomActivity(
    room.id,
    (event) => event.entity === 'plan' || event.type.startsWith('plan.'),
    plans.reload,
  );

  const toolbar = creator && (
    <div className="plans-toolbar">
      <Suspense fallback={null}>
        <CreatePlanForm companyId={companyId} onCreated={plans.reload} />
      </Suspense>
    </div>
  );
  if (plans.error && !plans.data) return <p role="alert">{errorMessage(plans.error)}</p>;
  if (!plans.data) return <p>Loading plans…</p>;
  if (plans.data.items.length === 0)
    return (
      <>
        {toolbar}
        <p className="empty-text">No plans yet.</p>
      </>
    );
  return (
    <>
      {toolbar}
      <ul className="tiles" aria-label="Plans">
        {plans.data.items.map((plan) => (
          <li key={plan.id} className="tile">
            <Link href={planPath(companyId, plan.id)} className="tile-link">
              <span className="tile-title">{plan.name}</span>
            </Link>
            <span className="tile-meta">FY {plan.fiscalYear}</span>
            <span className={`status status-${plan.status}`}>{statusLabel(plan.status)}</span>
            <Gauge value={plan.overallCompletion} label={`${plan.name} completion`} />
          </li>
        ))}
      </ul>
    </>
  );
}
