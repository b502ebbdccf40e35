import { useEffect, useState, type FormEvent } from 'react';
import { useWorkspace } from '../../app/session-context';
import { errorMessage } from '../../pages/form-field';
import {
  dependencyCandidates,
  openDependencies,
  TASK_STATUS_LABELS,
  TASK_STATUSES,
  type ProjectMember,
  draftOf,
  taskChanges,
  type Task,
  type TaskDraft,
  type TaskStatus,
} from './projects-api';

/** A task's detail: status, assignee, due date, milestone and the tasks it waits on. */
export function TaskDetail({
  projectId,
  task,
  tasks,
  members,
  working,
  onChanged,
  onClose,
}: {
  projectId: string;
  task: Task;
  tasks: Task[];
  members: ProjectMember[];
  working: boolean;
  onChanged: () => void;
  onClose: () => void;
}) {
  const { api } = useWorkspace();
  const [draft, setDraft] = useState<TaskDraft>(() => draftOf(task));
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  // A live change from someone else shows unless this form holds unsaved edits.
  useEffect(() => {
    if (!dirty) setDraft(draftOf(task));
  }, [task, dirty]);

  const edit = (patch: Partial<TaskDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setDirty(true);
    setSaved(false);
  };
  const candidates = dependencyCandidates(tasks, task.id);
  const waiting = openDependencies(task, tasks);
  const changes = taskChanges(task, draft);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (Object.keys(changes).length === 0) return;
    setBusy(true);
    setError(null);
    try {
      await api.patch(`/projects/${projectId}/tasks/${task.id}`, changes);
      setDirty(false);
      setSaved(true);
      onChanged();
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  };

  return (
    <aside className="task-detail" aria-labelledby="task-detail-title">
      <header className="task-detail-header">
        <h3 id="task-detail-title">{task.title}</h3>
        <button type="button" onClick={onClose} aria-label="Close task details">
          Close
        </button>
      </header>
      {waiting.length > 0 && <p className="waiting">Waits on: {waiting.map((t) => t.title).join(', ')}</p>}
      <form className="task-form" onSubmit={submit}>
        <fieldset disabled={!working || busy}>
          <legend className="visually-hidden">Task details</legend>
          <label>
            <span>Title</span>
            <input
              value={draft.title}
              onChange={(e) => edit({ title: e.target.value })}
              required
              maxLength={300}
            />
          </label>
          <label>
            <span>Status</span>
            <select value={draft.status} onChange={(e) => edit({ status: e.target.value as TaskStatus })}>
              {TASK_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {TASK_STATUS_LABELS[s]}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>Assignee</span>
            <select value={draft.assigneeId} onChange={(e) => edit({ assigneeId: e.target.value })}>
              <option value="">Nobody</option>
              {members.map((m) => (
                <option key={m.userId} value={m.userId}>
                  {m.name} ({m.side})
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>Due date</span>
            <input type="date" value={draft.dueDate} onChange={(e) => edit({ dueDate: e.target.value })} />
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={draft.milestone}
              onChange={(e) => edit({ milestone: e.target.checked })}
            />
            Milestone
          </label>
          <label>
            <span>Description</span>
            <textarea
              value={draft.description}
              rows={3}
              onChange={(e) => edit({ description: e.target.value })}
            />
          </label>
          <fieldset className="dependencies">
            <legend>Waits on</legend>
            {candidates.length === 0 ? (
              <p className="empty-text">No other task to wait on.</p>
            ) : (
              candidates.map((t) => (
                <label key={t.id} className="check">
                  <input
                    type="checkbox"
                    checked={draft.dependsOn.includes(t.id)}
                    onChange={(e) =>
                      edit({
                        dependsOn: e.target.checked
                          ? [...draft.dependsOn, t.id]
                          : draft.dependsOn.filter((id) => id !== t.id),
                      })
                    }
                  />
                  {t.title} <span className="tile-meta">({TASK_STATUS_LABELS[t.status]})</span>
                </label>
              ))
            )}
          </fieldset>
          {working && (
            <div className="row-actions">
              <button type="submit" className="primary" disabled={busy || Object.keys(changes).length === 0}>
                Save task
              </button>
              {dirty && (
                <button
                  type="button"
                  onClick={() => {
                    setDraft(draftOf(task));
                    setDirty(false);
                  }}
                >
                  Discard changes
                </button>
              )}
            </div>
          )}
        </fieldset>
      </form>
      {saved && <p role="status">Saved.</p>}
      {error !== null && (
        <p role="alert" className="form-error">
          {errorMessage(error)}
        </p>
      )}
    </aside>
  );
}
