import { lazy, Suspense, useRef, useState, type KeyboardEvent } from 'react';
import type { Plan, PlanStatus, Room } from '../../api/types';
import { Link, navigate, useLocation } from '../../app/router';
import { useWorkspace } from '../../app/session-context';
import { useAsync } from '../../app/use-async';
import { errorMessage } from '../../pages/form-field';
import { apiPaths, planPath, roomPath } from '../../shell/room-paths';
import { useRoomActivity } from '../use-room-activity';
import { GoalCard } from './goal-card';
import { Gauge } from './gauge';
import { canReconcile, PLAN_VIEWS, planViewOf, planViewPath } from './plan-extras';
import { ReconcileControl } from './reconcile-control';
import './plan-extras.css';
import {
  canEdit,
  canRecordProgress,
  readOnlyReason,
  relationToPlan,
  statusLabel,
  transitionsFor,
} from './plan-permissions';

const SectionNarrative = lazy(() => import('./narrative/section-narrative'));
const VersionsPanel = lazy(() => import('./versions-panel'));
const ReviewsPanel = lazy(() => import('./reviews-panel'));

/** A plan: status and workflow buttons, a tab per section with its co-edited narrative and its goals. */
export default function PlanPage({
  room,
  companyId,
  planId,
}: {
  room: Room;
  companyId: string;
  planId: string;
}) {
  const { api, me } = useWorkspace();
  const { search } = useLocation();
  const plan = useAsync((signal) => api.get<Plan>(apiPaths.plan(planId), signal), [api, planId]);
  const [actionError, setActionError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const tabs = useRef<Array<HTMLButtonElement | null>>([]);

  useRoomActivity(room.id, (event) => event.entityId === planId, plan.reload);

  if (plan.error && !plan.data)
    return (
      <section>
        <p role="alert">{errorMessage(plan.error)}</p>
        <Link href={roomPath(companyId, room)}>Back to plans</Link>
      </section>
    );
  if (!plan.data) return <p>Loading plan…</p>;

  const data = plan.data;
  const relation = relationToPlan(me.user, data);
  const editable = canEdit(relation, data.status);
  const progressable = canRecordProgress(relation, data.status);
  const sections = [...data.sections].sort((a, b) => a.position - b.position);
  const activeId = sections.find((s) => s.id === search.get('section'))?.id ?? sections[0]?.id;
  const active = sections.find((s) => s.id === activeId);
  const reason = readOnlyReason(relation, data.status);
  const view = planViewOf(search.get('view'));

  const transition = async (to: PlanStatus) => {
    setBusy(true);
    setActionError(null);
    try {
      await api.post(`/plans/${planId}/transitions`, { to });
      plan.reload();
    } catch (error) {
      setActionError(error);
    } finally {
      setBusy(false);
    }
  };

  const selectTab = (index: number) => {
    const section = sections[(index + sections.length) % sections.length];
    navigate(planPath(companyId, planId, section.id), { replace: true });
    tabs.current[(index + sections.length) % sections.length]?.focus();
  };
  const onTabKey = (event: KeyboardEvent, index: number) => {
    if (event.key === 'ArrowRight') selectTab(index + 1);
    else if (event.key === 'ArrowLeft') selectTab(index - 1);
    else if (event.key === 'Home') selectTab(0);
    else if (event.key === 'End') selectTab(sections.length - 1);
    else return;
    event.preventDefault();
  };

  return (
    <article className="plan">
      <Link href={roomPath(companyId, room)} className="back-link">
        ← All plans
      </Link>
      <header className="plan-header">
        <div>
          <h1>{data.name}</h1>
          <p className="plan-meta">
            {data.companyName} · FY {data.fiscalYear} ·{' '}
            <span className={`status status-${data.status}`} data-testid="plan-status">
              {statusLabel(data.status)}
            </span>
          </p>
        </div>
        <Gauge value={data.overallCompletion} label="Overall completion" size={80} />
      </header>
      <div className="plan-actions">
        {transitionsFor(relation, data.status).map((action) => (
          <button
            key={action.to}
            type="button"
            className={action.primary ? 'primary' : undefined}
            disabled={busy}
            onClick={() => transition(action.to)}
          >
            {action.label}
          </button>
        ))}
        {canReconcile(relation, data.status) && (
          <ReconcileControl companyId={companyId} planId={data.id} onDone={plan.reload} />
        )}
      </div>
      {actionError !== null && (
        <p role="alert" className="form-error">
          {errorMessage(actionError)}
        </p>
      )}
      <nav aria-label="Plan pages">
        <ul className="plan-views">
          {PLAN_VIEWS.map((item) => (
            <li key={item.view}>
              <Link
                href={planViewPath(companyId, data.id, item.view)}
                aria-current={item.view === view ? 'page' : undefined}
              >
                {item.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {view === 'versions' ? (
        <Suspense fallback={<p>Loading versions…</p>}>
          <VersionsPanel roomId={room.id} planId={data.id} editable={editable} onRestored={plan.reload} />
        </Suspense>
      ) : view === 'reviews' ? (
        <Suspense fallback={<p>Loading reviews…</p>}>
          <ReviewsPanel
            roomId={room.id}
            planId={data.id}
            planStart={data.startDate}
            canRecord={progressable}
          />
        </Suspense>
      ) : sections.length === 0 ? (
        <p className="empty-text">
          {relation.startsWith('partner_')
            ? 'No section of this plan has goals for you yet.'
            : 'This plan has no sections yet.'}
        </p>
      ) : (
        <>
          <div role="tablist" aria-label="Plan sections" className="tabs">
            {sections.map((section, index) => (
              <button
                key={section.id}
                ref={(el) => {
                  tabs.current[index] = el;
                }}
                type="button"
                role="tab"
                id={`tab-${section.id}`}
                aria-selected={section.id === activeId}
                aria-controls={`panel-${section.id}`}
                tabIndex={section.id === activeId ? 0 : -1}
                onClick={() => selectTab(index)}
                onKeyDown={(e) => onTabKey(e, index)}
              >
                {section.title} <span className="tab-completion">{Math.round(section.completion)}%</span>
              </button>
            ))}
          </div>
          {active && (
            <section
              role="tabpanel"
              id={`panel-${active.id}`}
              aria-labelledby={`tab-${active.id}`}
              className="section-panel"
            >
              <h2 className="visually-hidden">{active.title}</h2>
              <div className="narrative">
                <h3>Narrative</h3>
                {reason && <p className="read-only-note">Read only. {reason}</p>}
                <Suspense fallback={<div className="editor-loading">Loading editor…</div>}>
                  <SectionNarrative
                    key={`${data.id}:${active.id}`}
                    planId={data.id}
                    fragment={active.fragment}
                    sectionTitle={active.title}
                    editable={editable}
                  />
                </Suspense>
              </div>
              <div className="goals">
                <h3>Goals</h3>
                {active.goals.length === 0 && <p className="empty-text">No goals in this section.</p>}
                {active.goals.map((goal) => (
                  <GoalCard
                    key={goal.id}
                    roomId={room.id}
                    companyId={companyId}
                    planId={data.id}
                    goal={goal}
                    canProgress={progressable}
                    onChanged={plan.reload}
                  />
                ))}
              </div>
            </section>
          )}
        </>
      )}
    </article>
  );
}
