import { useState, type FormEvent } from 'react';
import type { CompanyRef, Page, Room } from '../../api/types';
import { Link, useLocation } from '../../app/router';
import { useWorkspace } from '../../app/session-context';
import { useAsync } from '../../app/use-async';
import { useAction } from '../../admin/use-action';
import { errorMessage, FormError } from '../../pages/form-field';
import { roomPath } from '../../shell/room-paths';
import { filesApi } from '../files/files-api';
import { ProgressBar } from '../plans/gauge';
import { useRoomActivity } from '../use-room-activity';
import { ProjectPage } from './project-page';
import {
  canManageProjects,
  formatDate,
  PROJECT_STATUS_LABELS,
  relationTo,
  type Project,
  type Relation,
} from './projects-api';
import './projects.css';

/** The projects room: the company's projects, or one project when `?project=` names it. */
export default function ProjectsRoomPage({ room, companyId }: { room: Room; companyId: string }) {
  const { api, me } = useWorkspace();
  const { search } = useLocation();
  const projectId = search.get('project');
  // A channel manager's rights depend on owning the company.
  const company = useAsync<CompanyRef | null>(
    (signal) =>
      me.role === 'channel_manager'
        ? api.get<CompanyRef>(`/companies/${companyId}`, signal)
        : Promise.resolve(null),
    [api, companyId, me.role],
  );
  if (me.role === 'channel_manager' && !company.data && !company.error) return <p>Loading projects…</p>;
  const relation = relationTo(me.user, company.data?.ownerId);
  if (projectId)
    return (
      <ProjectPage
        key={projectId}
        room={room}
        companyId={companyId}
        projectId={projectId}
        relation={relation}
      />
    );
  return <ProjectList room={room} companyId={companyId} relation={relation} />;
}

function ProjectList({ room, companyId, relation }: { room: Room; companyId: string; relation: Relation }) {
  const { api } = useWorkspace();
  const projects = useAsync(
    (signal) => api.get<Page<Project>>(`/projects?companyId=${companyId}&limit=200`, signal),
    [api, companyId],
  );
  const [creating, setCreating] = useState(false);
  useRoomActivity(room.id, (e) => e.entity === 'project' || e.entity === 'task', projects.reload);
  const base = roomPath(companyId, room);

  return (
    <section aria-label="Projects">
      {canManageProjects(relation) &&
        (creating ? (
          <NewProjectForm
            companyId={companyId}
            onDone={() => {
              setCreating(false);
              projects.reload();
            }}
          />
        ) : (
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            New project
          </button>
        ))}
      {projects.error && !projects.data ? (
        <p role="alert">{errorMessage(projects.error)}</p>
      ) : !projects.data ? (
        <p>Loading projects…</p>
      ) : projects.data.items.length === 0 ? (
        <p className="empty-text">No projects yet.</p>
      ) : (
        <ul className="tiles project-tiles" aria-label="Project list">
          {projects.data.items.map((project) => (
            <li key={project.id} className="tile project-tile">
              <Link href={`${base}?project=${project.id}`} className="tile-link">
                <span className="tile-title">{project.name}</span>
              </Link>
              <span className={`status project-status-${project.status}`}>
                {PROJECT_STATUS_LABELS[project.status]}
              </span>
              <span className="tile-meta">
                {project.startDate || project.dueDate
                  ? `${formatDate(project.startDate)} → ${formatDate(project.dueDate)}`
                  : 'No dates'}
              </span>
              <span className="tile-meta">
                {project.progress.done} of {project.progress.total} tasks done
              </span>
              <ProgressBar value={project.progress.percent} label={`${project.name} progress`} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function NewProjectForm({ companyId, onDone }: { companyId: string; onDone: () => void }) {
  const { api, me } = useWorkspace();
  const people = useAsync((signal) => filesApi.people(api, companyId, signal), [api, companyId]);
  const [name, setName] = useState('');
  const [startDate, setStartDate] = useState('');
  const [dueDate, setDueDate] = useState('');
  const [members, setMembers] = useState<string[]>([]);
  const { busy, error, run } = useAction();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const ok = await run(async () => {
      await api.post('/projects', {
        companyId,
        name: name.trim(),
        ...(startDate ? { startDate } : {}),
        ...(dueDate ? { dueDate } : {}),
        memberIds: members,
      });
    });
    if (ok) onDone();
  };

  return (
    <form className="project-form" onSubmit={submit} aria-label="New project">
      <label>
        <span>Project name</span>
        <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={200} />
      </label>
      <label>
        <span>Start date</span>
        <input type="date" value={startDate} onChange={(e) => setStartDate(e.target.value)} />
      </label>
      <label>
        <span>Due date</span>
        <input type="date" value={dueDate} onChange={(e) => setDueDate(e.target.value)} />
      </label>
      <fieldset>
        <legend>Members (you are one)</legend>
        {(people.data ?? [])
          .filter((p) => p.userId !== me.user.id)
          .map((person) => (
            <label key={person.userId} className="check">
              <input
                type="checkbox"
                checked={members.includes(person.userId)}
                onChange={(e) =>
                  setMembers((all) =>
                    e.target.checked ? [...all, person.userId] : all.filter((id) => id !== person.userId),
                  )
                }
              />
              {person.name} <span className="tile-meta">({person.side})</span>
            </label>
          ))}
      </fieldset>
      <FormError error={error} />
      <div className="row-actions">
        <button type="submit" className="primary" disabled={busy || !name.trim()}>
          Create project
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
