import { useRef, useState, type KeyboardEvent } from 'react';
import type { Room } from '../../api/types';
import { Link, navigate, useLocation } from '../../app/router';
import { useWorkspace } from '../../app/session-context';
import { useAsync } from '../../app/use-async';
import { errorMessage } from '../../pages/form-field';
import { roomPath } from '../../shell/room-paths';
import { ProgressBar } from '../plans/gauge';
import { useRoomActivity } from '../use-room-activity';
import { DeliverablesView } from './deliverables-view';
import {
  canWork,
  formatDate,
  PROJECT_STATUS_LABELS,
  type Project,
  type Relation,
  type Task,
} from './projects-api';
import { TaskBoard } from './task-board';
import { TaskDetail } from './task-detail';
import { TimelineView } from './timeline-view';
import { UpdatesFeed } from './updates-feed';

const VIEWS = [
  { id: 'board', label: 'Board' },
  { id: 'timeline', label: 'Timeline' },
  { id: 'updates', label: 'Updates' },
  { id: 'deliverables', label: 'Deliverables' },
] as const;
type View = (typeof VIEWS)[number]['id'];

const LIVE_ENTITIES = new Set(['project', 'task', 'deliverable', 'project_update']);

/** One project: header with progress, and tabs for its task board, timeline, updates and deliverables. */
export function ProjectPage({
  room,
  companyId,
  projectId,
  relation,
}: {
  room: Room;
  companyId: string;
  projectId: string;
  relation: Relation;
}) {
  const { api, me } = useWorkspace();
  const { search } = useLocation();
  const project = useAsync((signal) => api.get<Project>(`/projects/${projectId}`, signal), [api, projectId]);
  const tasks = useAsync(
    (signal) => api.get<Task[]>(`/projects/${projectId}/tasks`, signal),
    [api, projectId],
  );
  const [tick, setTick] = useState(0);
  const tabs = useRef<Array<HTMLButtonElement | null>>([]);
  useRoomActivity(
    room.id,
    (e) => LIVE_ENTITIES.has(e.entity),
    () => {
      project.reload();
      tasks.reload();
      setTick((n) => n + 1);
    },
  );

  const base = `${roomPath(companyId, room)}?project=${projectId}`;
  const requested = search.get('view');
  const view: View = VIEWS.some((v) => v.id === requested) ? (requested as View) : 'board';
  const taskId = search.get('task');
  const hrefFor = (next: View, task?: string | null) =>
    `${base}${next === 'board' ? '' : `&view=${next}`}${task ? `&task=${task}` : ''}`;

  if (project.error && !project.data)
    return (
      <section>
        <p role="alert">{errorMessage(project.error)}</p>
        <Link href={roomPath(companyId, room)}>Back to projects</Link>
      </section>
    );
  if (!project.data) return <p>Loading project…</p>;
  const data = project.data;
  const member = data.members.some((m) => m.userId === me.user.id);
  const working = canWork(relation, member);
  const taskList = tasks.data ?? [];
  const selected = taskId ? taskList.find((t) => t.id === taskId) : undefined;

  const selectTab = (index: number) => {
    const next = VIEWS[(index + VIEWS.length) % VIEWS.length];
    navigate(hrefFor(next.id), { replace: true });
    tabs.current[(index + VIEWS.length) % VIEWS.length]?.focus();
  };
  const onTabKey = (event: KeyboardEvent, index: number) => {
    if (event.key === 'ArrowRight') selectTab(index + 1);
    else if (event.key === 'ArrowLeft') selectTab(index - 1);
    else if (event.key === 'Home') selectTab(0);
    else if (event.key === 'End') selectTab(VIEWS.length - 1);
    else return;
    event.preventDefault();
  };

  return (
    <article className="project">
      <Link href={roomPath(companyId, room)} className="back-link">
        ← All projects
      </Link>
      <header className="project-header">
        <div>
          <h2 className="project-title">{data.name}</h2>
          <p className="plan-meta">
            <span className={`status project-status-${data.status}`}>
              {PROJECT_STATUS_LABELS[data.status]}
            </span>{' '}
            · {formatDate(data.startDate)} → {formatDate(data.dueDate)} · {data.members.length} members
          </p>
          {data.description && <p>{data.description}</p>}
        </div>
        <div className="project-progress">
          <span>
            {data.progress.done} of {data.progress.total} tasks done
          </span>
          <ProgressBar value={data.progress.percent} label="Project progress" />
        </div>
      </header>
      {!working && <p className="read-only-note">You can follow this project; its members do the work.</p>}
      <div role="tablist" aria-label="Project views" className="tabs">
        {VIEWS.map((v, index) => (
          <button
            key={v.id}
            ref={(el) => {
              tabs.current[index] = el;
            }}
            type="button"
            role="tab"
            id={`tab-${v.id}`}
            aria-selected={v.id === view}
            aria-controls={`panel-${v.id}`}
            tabIndex={v.id === view ? 0 : -1}
            onClick={() => selectTab(index)}
            onKeyDown={(e) => onTabKey(e, index)}
          >
            {v.label}
          </button>
        ))}
      </div>
      <section role="tabpanel" id={`panel-${view}`} aria-labelledby={`tab-${view}`} className="project-panel">
        {view === 'board' && (
          <div className={`board-layout ${selected ? 'with-panel' : ''}`}>
            {tasks.error && !tasks.data ? (
              <p role="alert">{errorMessage(tasks.error)}</p>
            ) : !tasks.data ? (
              <p>Loading tasks…</p>
            ) : (
              <TaskBoard
                projectId={projectId}
                tasks={taskList}
                members={data.members}
                working={working}
                hrefForTask={(id) => hrefFor('board', id)}
                onChanged={tasks.reload}
              />
            )}
            {selected && (
              <TaskDetail
                key={selected.id}
                projectId={projectId}
                task={selected}
                tasks={taskList}
                members={data.members}
                working={working}
                onChanged={() => {
                  tasks.reload();
                  project.reload();
                }}
                onClose={() => navigate(hrefFor('board'))}
              />
            )}
          </div>
        )}
        {view === 'timeline' && <TimelineView projectId={projectId} tick={tick} members={data.members} />}
        {view === 'updates' && (
          <UpdatesFeed projectId={projectId} tick={tick} working={working} members={data.members} />
        )}
        {view === 'deliverables' && (
          <DeliverablesView
            projectId={projectId}
            companyId={companyId}
            tick={tick}
            working={working}
            members={data.members}
          />
        )}
      </section>
    </article>
  );
}
