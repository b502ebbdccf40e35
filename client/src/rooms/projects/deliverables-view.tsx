import { useState, type FormEvent } from 'react';
import type { Room } from '../../api/types';
import { PARTNER_ROLES } from '../../api/types';
import { useWorkspace } from '../../app/session-context';
import { useAsync } from '../../app/use-async';
import { errorMessage } from '../../pages/form-field';
import { apiPaths } from '../../shell/room-paths';
import { downloadFile } from '../files/download';
import { filesApi, type SharedFile } from '../files/files-api';
import {
  canResubmit,
  canReview,
  sideOf,
  type Deliverable,
  type DeliverableStatus,
  type ProjectMember,
} from './projects-api';

const STATUS_LABELS: Record<DeliverableStatus, string> = {
  submitted: 'Awaiting review',
  approved: 'Approved',
  changes_requested: 'Changes requested',
};

/** Files submitted for review; the other side of the partnership approves them or asks for changes. */
export function DeliverablesView({
  projectId,
  companyId,
  tick,
  working,
  members,
}: {
  projectId: string;
  companyId: string;
  tick: number;
  working: boolean;
  members: ProjectMember[];
}) {
  const { api, me } = useWorkspace();
  const side = sideOf(me.role);
  const deliverables = useAsync(
    (signal) => api.get<Deliverable[]>(`/projects/${projectId}/deliverables`, signal),
    [api, projectId, tick],
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [reviewing, setReviewing] = useState<string | null>(null);
  const [comment, setComment] = useState('');
  const names = new Map(members.map((m) => [m.userId, m.name]));

  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      setReviewing(null);
      setComment('');
      deliverables.reload();
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  };
  const base = `/projects/${projectId}/deliverables`;

  return (
    <div className="deliverables">
      {working && (
        <SubmitForm companyId={companyId} busy={busy} onSubmit={(body) => run(() => api.post(base, body))} />
      )}
      {error !== null && (
        <p role="alert" className="form-error">
          {errorMessage(error)}
        </p>
      )}
      {deliverables.error && !deliverables.data ? (
        <p role="alert">{errorMessage(deliverables.error)}</p>
      ) : !deliverables.data ? (
        <p>Loading deliverables…</p>
      ) : deliverables.data.length === 0 ? (
        <p className="empty-text">Nothing submitted for review yet.</p>
      ) : (
        <ul className="deliverable-list" aria-label="Deliverables">
          {deliverables.data.map((d) => (
            <li key={d.id} className="deliverable" aria-labelledby={`deliverable-${d.id}`}>
              <div className="deliverable-head">
                <strong id={`deliverable-${d.id}`}>{d.title}</strong>
                <span className={`status deliverable-${d.status}`}>{STATUS_LABELS[d.status]}</span>
              </div>
              <p className="tile-meta">
                {d.fileName} · submitted by {names.get(d.submittedById) ?? `the ${d.submittedSide} side`} on{' '}
                {new Date(d.submittedAt).toLocaleDateString()}
              </p>
              {d.reviewComment && <p className="review-comment">“{d.reviewComment}”</p>}
              <div className="row-actions">
                <button
                  type="button"
                  onClick={() => downloadFile(api, { id: d.fileId, name: d.fileName }).catch(setError)}
                >
                  Download<span className="visually-hidden"> {d.title}</span>
                </button>
                {canReview(d, side, working) && (
                  <>
                    <button
                      type="button"
                      className="primary"
                      disabled={busy}
                      onClick={() => run(() => api.post(`${base}/${d.id}/review`, { status: 'approved' }))}
                    >
                      Approve<span className="visually-hidden"> {d.title}</span>
                    </button>
                    <button type="button" disabled={busy} onClick={() => setReviewing(d.id)}>
                      Request changes<span className="visually-hidden"> to {d.title}</span>
                    </button>
                  </>
                )}
                {canResubmit(d, side, working) && (
                  <button
                    type="button"
                    disabled={busy}
                    onClick={() => run(() => api.post(`${base}/${d.id}/resubmit`))}
                  >
                    Resubmit<span className="visually-hidden"> {d.title}</span>
                  </button>
                )}
              </div>
              {reviewing === d.id && (
                <form
                  className="comment-form"
                  onSubmit={(e) => {
                    e.preventDefault();
                    if (comment.trim())
                      void run(() =>
                        api.post(`${base}/${d.id}/review`, {
                          status: 'changes_requested',
                          comment: comment.trim(),
                        }),
                      );
                  }}
                >
                  <label>
                    <span>What should change?</span>
                    <textarea
                      value={comment}
                      onChange={(e) => setComment(e.target.value)}
                      rows={2}
                      required
                    />
                  </label>
                  <div className="row-actions">
                    <button type="submit" disabled={busy || !comment.trim()}>
                      Send back for changes
                    </button>
                    <button type="button" onClick={() => setReviewing(null)}>
                      Cancel
                    </button>
                  </div>
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** Picks a file of the company's shared files room (top level and its folders). */
function SubmitForm({
  companyId,
  busy,
  onSubmit,
}: {
  companyId: string;
  busy: boolean;
  onSubmit: (body: { fileId: string; title?: string }) => void;
}) {
  const { api, me } = useWorkspace();
  const files = useAsync(
    async (signal) => {
      const rooms: Room[] = PARTNER_ROLES.includes(me.role)
        ? me.rooms
        : await api.get<Room[]>(apiPaths.rooms(companyId), signal);
      const room = rooms.find((r) => r.kind === 'files' && r.enabled);
      if (!room) return [];
      const all: SharedFile[] = [];
      for (const folder of (await filesApi.folders(api, room.id, signal)).slice(0, 30)) {
        for (const entry of await filesApi.children(api, folder.id, signal))
          if (entry.type === 'file' && entry.file.currentVersion) all.push(entry.file);
      }
      return all.sort((a, b) => a.name.localeCompare(b.name));
    },
    [api, companyId],
  );
  const [fileId, setFileId] = useState('');
  const [title, setTitle] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (fileId) onSubmit({ fileId, ...(title.trim() ? { title: title.trim() } : {}) });
  };
  return (
    <form className="inline-task-form" onSubmit={submit} aria-label="Submit a deliverable">
      <label>
        <span>File from shared files</span>
        <select value={fileId} onChange={(e) => setFileId(e.target.value)} disabled={!files.data?.length}>
          <option value="">
            {files.data ? (files.data.length ? 'Choose a file' : 'No files yet') : 'Loading…'}
          </option>
          {(files.data ?? []).map((f) => (
            <option key={f.id} value={f.id}>
              {f.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>Title (optional)</span>
        <input value={title} onChange={(e) => setTitle(e.target.value)} maxLength={300} />
      </label>
      <button type="submit" disabled={busy || !fileId}>
        Submit for review
      </button>
    </form>
  );
}
