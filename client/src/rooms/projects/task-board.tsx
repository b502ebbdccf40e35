import { useEffect, useState, type DragEvent, type FormEvent, type KeyboardEvent } from 'react';
import { Link } from '../../app/router';
import { useWorkspace } from '../../app/session-context';
import { errorMessage } from '../../pages/form-field';
import {
  boardColumns,
  endPosition,
  formatDate,
  neighbourStatus,
  openDependencies,
  TASK_STATUS_LABELS,
  type ProjectMember,
  type Task,
  type TaskStatus,
} from './projects-api';

const DRAG_TYPE = 'application/x-project-task';

/**
 * Columns by status. Drag a card to another column, or from the keyboard: focus its move handle, press
 * Space to pick it up, arrow keys to choose the column, Space again to drop (Escape cancels).
 */
export function TaskBoard({
  projectId,
  tasks,
  members,
  working,
  hrefForTask,
  onChanged,
}: {
  projectId: string;
  tasks: Task[];
  members: ProjectMember[];
  working: boolean;
  hrefForTask: (taskId: string) => string;
  onChanged: () => void;
}) {
  const { api } = useWorkspace();
  // Moves show at once; the server's answer (or a revert with the reason) replaces them.
  const [pending, setPending] = useState<Record<string, TaskStatus>>({});
  const [grabbed, setGrabbed] = useState<{ id: string; from: TaskStatus; to: TaskStatus } | null>(null);
  const [dragOver, setDragOver] = useState<TaskStatus | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [error, setError] = useState<unknown>(null);
  useEffect(() => setPending({}), [tasks]);

  const shown = tasks.map((t) => {
    const status = grabbed?.id === t.id ? grabbed.to : pending[t.id];
    return status ? { ...t, status } : t;
  });
  const names = new Map(members.map((m) => [m.userId, m.name]));

  // Keep the keyboard focus on a card's handle as it changes columns.
  useEffect(() => {
    if (grabbed) document.getElementById(`move-${grabbed.id}`)?.focus();
  }, [grabbed]);

  const move = async (task: Task, status: TaskStatus) => {
    if (task.status === status) return;
    setError(null);
    setPending((all) => ({ ...all, [task.id]: status }));
    try {
      await api.patch(`/projects/${projectId}/tasks/${task.id}`, {
        status,
        position: endPosition(tasks, status, task.id),
      });
      setAnnouncement(`${task.title} moved to ${TASK_STATUS_LABELS[status]}.`);
      onChanged();
    } catch (reason) {
      setPending((all) => {
        const rest = { ...all };
        delete rest[task.id];
        return rest;
      });
      setError(reason);
      setAnnouncement(`${task.title} could not move: ${errorMessage(reason)}`);
    }
  };

  /** Space, Enter or a click on the move handle: pick the card up, or drop it where the arrows took it. */
  const toggleGrab = (task: Task) => {
    if (!grabbed) {
      setGrabbed({ id: task.id, from: task.status, to: task.status });
      setAnnouncement(
        `Picked up ${task.title} in ${TASK_STATUS_LABELS[task.status]}. Use the arrow keys to choose a column, Space to drop, Escape to cancel.`,
      );
      return;
    }
    if (grabbed.id !== task.id) return;
    const target = grabbed.to;
    setGrabbed(null);
    // The card on screen already shows the target column; move from where the task really is.
    const original = tasks.find((t) => t.id === task.id) ?? task;
    if (target === original.status) setAnnouncement(`${task.title} stays in ${TASK_STATUS_LABELS[target]}.`);
    else void move(original, target);
  };

  const onHandleKey = (event: KeyboardEvent, task: Task) => {
    if (grabbed?.id !== task.id) return;
    if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
      event.preventDefault();
      const to = neighbourStatus(grabbed.to, event.key === 'ArrowRight' ? 1 : -1);
      setGrabbed({ ...grabbed, to });
      setAnnouncement(`${task.title}: ${TASK_STATUS_LABELS[to]}.`);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      setGrabbed(null);
      setAnnouncement(`Move cancelled. ${task.title} stays in ${TASK_STATUS_LABELS[grabbed.from]}.`);
    }
  };

  const onDrop = (event: DragEvent, status: TaskStatus) => {
    event.preventDefault();
    setDragOver(null);
    const id = event.dataTransfer.getData(DRAG_TYPE) || event.dataTransfer.getData('text/plain');
    const task = tasks.find((t) => t.id === id);
    if (task) void move(task, status);
  };

  return (
    <div className="board-wrap">
      {working && <NewTaskForm projectId={projectId} onCreated={onChanged} />}
      <p id="board-help" className="visually-hidden">
        To move a task with the keyboard, focus its move button, press Space, choose a column with the left
        and right arrow keys, and press Space again.
      </p>
      <div className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </div>
      {error !== null && (
        <p role="alert" className="form-error">
          {errorMessage(error)}
        </p>
      )}
      <div className="board">
        {boardColumns(shown).map((column) => (
          <section
            key={column.status}
            className={`board-column ${dragOver === column.status ? 'drag-over' : ''}`}
            aria-labelledby={`column-${column.status}`}
            onDragOver={(e) => {
              if (!working) return;
              e.preventDefault();
              e.dataTransfer.dropEffect = 'move';
              setDragOver(column.status);
            }}
            onDragLeave={() => setDragOver(null)}
            onDrop={(e) => onDrop(e, column.status)}
          >
            <h3 id={`column-${column.status}`}>
              {TASK_STATUS_LABELS[column.status]} <span className="count">{column.tasks.length}</span>
            </h3>
            <ul className="task-cards" aria-label={`${TASK_STATUS_LABELS[column.status]} tasks`}>
              {column.tasks.map((task) => {
                const waiting = openDependencies(task, tasks);
                return (
                  <li
                    key={task.id}
                    className={`task-card ${grabbed?.id === task.id ? 'grabbed' : ''} ${task.milestone ? 'milestone' : ''}`}
                    draggable={working}
                    onDragStart={(e) => {
                      e.dataTransfer.setData(DRAG_TYPE, task.id);
                      e.dataTransfer.setData('text/plain', task.id);
                      e.dataTransfer.effectAllowed = 'move';
                    }}
                  >
                    <div className="task-card-top">
                      <Link href={hrefForTask(task.id)} className="task-link">
                        {task.milestone && <span aria-label="Milestone">◆ </span>}
                        {task.title}
                      </Link>
                      {working && (
                        <button
                          type="button"
                          id={`move-${task.id}`}
                          className="move-handle"
                          aria-label={`Move ${task.title}`}
                          aria-describedby="board-help"
                          aria-pressed={grabbed?.id === task.id}
                          onKeyDown={(e) => onHandleKey(e, task)}
                          onClick={() => toggleGrab(task)}
                        >
                          ⠿
                        </button>
                      )}
                    </div>
                    <div className="task-meta">
                      {task.assigneeId && <span>{names.get(task.assigneeId) ?? 'Assigned'}</span>}
                      {task.dueDate && <span>Due {formatDate(task.dueDate)}</span>}
                      {waiting.length > 0 && <span className="waiting">Waits on {waiting.length}</span>}
                    </div>
                  </li>
                );
              })}
            </ul>
          </section>
        ))}
      </div>
    </div>
  );
}

function NewTaskForm({ projectId, onCreated }: { projectId: string; onCreated: () => void }) {
  const { api } = useWorkspace();
  const [title, setTitle] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!title.trim()) return;
    setBusy(true);
    setError(null);
    try {
      await api.post(`/projects/${projectId}/tasks`, { title: title.trim(), status: 'todo' });
      setTitle('');
      onCreated();
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="inline-task-form" onSubmit={submit}>
      <label>
        <span>New task</span>
        <input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={300} />
      </label>
      <button type="submit" disabled={busy || !title.trim()}>
        Add task
      </button>
      {error !== null && (
        <p role="alert" className="form-error">
          {errorMessage(error)}
        </p>
      )}
    </form>
  );
}
