import { useWorkspace } from '../../app/session-context';
import { useAsync } from '../../app/use-async';
import { errorMessage } from '../../pages/form-field';
import { ProgressBar } from '../plans/gauge';
import {
  formatDate,
  TASK_STATUS_LABELS,
  timelineLayout,
  type ProjectMember,
  type Timeline,
} from './projects-api';

/** Tasks and milestones by date on one axis from the project's start to its due date, with progress. */
export function TimelineView({
  projectId,
  tick,
  members,
}: {
  projectId: string;
  tick: number;
  members: ProjectMember[];
}) {
  const { api } = useWorkspace();
  const timeline = useAsync(
    (signal) => api.get<Timeline>(`/projects/${projectId}/timeline`, signal),
    [api, projectId, tick],
  );
  if (timeline.error && !timeline.data) return <p role="alert">{errorMessage(timeline.error)}</p>;
  if (!timeline.data) return <p>Loading timeline…</p>;
  const data = timeline.data;
  const layout = timelineLayout(data);
  const names = new Map(members.map((m) => [m.userId, m.name]));

  return (
    <div className="timeline">
      <div className="timeline-progress">
        <div>
          <span>
            Tasks: {data.progress.done} of {data.progress.total} done
          </span>
          <ProgressBar value={data.progress.percent} label="Tasks done" />
        </div>
        <div>
          <span>
            Milestones: {data.milestones.done} of {data.milestones.total} reached
          </span>
          <ProgressBar value={data.milestones.percent} label="Milestones reached (by weight)" />
        </div>
      </div>
      {layout.from && (
        <p className="timeline-range">
          {formatDate(layout.from)} → {formatDate(layout.to)}
        </p>
      )}
      {data.items.length === 0 ? (
        <p className="empty-text">No tasks yet.</p>
      ) : (
        <ol className="timeline-items" aria-label="Timeline">
          {data.items.map((item) => {
            const offset = layout.offsets.get(item.id);
            return (
              <li key={item.id} className={`timeline-item status-${item.status} ${item.kind}`}>
                <div className="timeline-label">
                  <strong>
                    {item.kind === 'milestone' && <span aria-label="Milestone">◆ </span>}
                    {item.title}
                  </strong>
                  <span className="tile-meta">
                    {item.date ? formatDate(item.date) : 'No date'} · {TASK_STATUS_LABELS[item.status]}
                    {item.assigneeId && ` · ${names.get(item.assigneeId) ?? 'Assigned'}`}
                  </span>
                </div>
                <div className="timeline-track" aria-hidden="true">
                  {offset !== null && offset !== undefined && (
                    <span className="timeline-marker" style={{ left: `${offset}%` }} />
                  )}
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </div>
  );
}
