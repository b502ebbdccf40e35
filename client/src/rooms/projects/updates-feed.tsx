import { useState, type FormEvent } from 'react';
import type { Page } from '../../api/types';
import { useWorkspace } from '../../app/session-context';
import { useAsync } from '../../app/use-async';
import { errorMessage } from '../../pages/form-field';
import type { ProjectMember, ProjectUpdate } from './projects-api';

/** The project's updates, newest first, with a box to post one. */
export function UpdatesFeed({
  projectId,
  tick,
  working,
  members,
}: {
  projectId: string;
  tick: number;
  working: boolean;
  members: ProjectMember[];
}) {
  const { api, me } = useWorkspace();
  const updates = useAsync(
    (signal) => api.get<Page<ProjectUpdate>>(`/projects/${projectId}/updates?limit=100`, signal),
    [api, projectId, tick],
  );
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const names = new Map(members.map((m) => [m.userId, m.name]));
  names.set(me.user.id, me.user.name);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim()) return;
    setBusy(true);
    setError(null);
    try {
      await api.post(`/projects/${projectId}/updates`, { body: body.trim() });
      setBody('');
      updates.reload();
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="updates">
      {working && (
        <form className="comment-form" onSubmit={submit}>
          <label>
            <span>Post an update</span>
            <textarea value={body} onChange={(e) => setBody(e.target.value)} rows={3} maxLength={20000} />
          </label>
          <button type="submit" className="primary" disabled={busy || !body.trim()}>
            Post update
          </button>
          {error !== null && (
            <p role="alert" className="form-error">
              {errorMessage(error)}
            </p>
          )}
        </form>
      )}
      {updates.error && !updates.data ? (
        <p role="alert">{errorMessage(updates.error)}</p>
      ) : !updates.data ? (
        <p>Loading updates…</p>
      ) : updates.data.items.length === 0 ? (
        <p className="empty-text">No updates yet.</p>
      ) : (
        <ol className="update-list" aria-label="Updates">
          {updates.data.items.map((u) => (
            <li key={u.id}>
              <p className="update-meta">
                <strong>{names.get(u.authorId) ?? 'Someone'}</strong>{' '}
                <time dateTime={u.createdAt}>{new Date(u.createdAt).toLocaleString()}</time>
              </p>
              <p className="update-body">{u.body}</p>
              {u.attachments.length > 0 && (
                <p className="tile-meta">Attached: {u.attachments.map((a) => a.name).join(', ')}</p>
              )}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
