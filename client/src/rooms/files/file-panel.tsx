import { useState, type FormEvent } from 'react';
import type { RoomKind } from '../../api/types';
import { useWorkspace } from '../../app/session-context';
import { useAsync } from '../../app/use-async';
import { useAction } from '../../admin/use-action';
import { errorMessage, FormError } from '../../pages/form-field';
import {
  filesApi,
  folderLabel,
  formatBytes,
  RESOURCE_CATEGORIES,
  type Folder,
  type ResourceCategory,
  type SharedFile,
} from './files-api';
import { downloadFile } from './download';
import { canSeeDownloads } from './file-permissions';

const when = (iso: string) => new Date(iso).toLocaleString();

/** One file: rename, move and delete (writers), versions with restore, download history and comments. */
export function FilePanel({
  fileId,
  roomKind,
  folders,
  canWrite,
  names,
  version,
  onChanged,
  onClose,
}: {
  fileId: string;
  roomKind: RoomKind;
  folders: Folder[];
  canWrite: boolean;
  names: Map<string, string>;
  /** Bumped by the page on every live change of this file. */
  version: number;
  onChanged: () => void;
  onClose: () => void;
}) {
  const { api, me } = useWorkspace();
  const showDownloads = canSeeDownloads(me.role);
  const details = useAsync(
    async (signal) => {
      const [file, versions, comments, downloads] = await Promise.all([
        filesApi.file(api, fileId, signal),
        filesApi.versions(api, fileId, signal),
        filesApi.comments(api, fileId, signal),
        showDownloads ? filesApi.downloads(api, fileId, signal) : Promise.resolve(null),
      ]);
      return { file, versions: versions.items, comments, downloads: downloads?.items ?? null };
    },
    [api, fileId, version, showDownloads],
  );
  const action = useAction();
  const { busy, error } = action;
  const [mode, setMode] = useState<'view' | 'rename' | 'move' | 'delete'>('view');

  const run = async (work: () => Promise<unknown>, after?: () => void) => {
    await action.run(async () => {
      await work();
      setMode('view');
      details.reload();
      onChanged();
      after?.();
    });
  };

  const nameOf = (id: string | null) =>
    id ? (names.get(id) ?? (id === me.user.id ? me.user.name : 'Someone')) : 'Someone';

  if (details.error && !details.data)
    return (
      <aside className="file-panel" aria-label="File details">
        <p role="alert">{errorMessage(details.error)}</p>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </aside>
    );
  if (!details.data)
    return (
      <aside className="file-panel" aria-label="File details">
        <p>Loading file…</p>
      </aside>
    );
  const { file, versions, comments, downloads } = details.data;
  const current = file.currentVersion;

  return (
    <aside className="file-panel" aria-labelledby="file-panel-title">
      <header className="file-panel-header">
        <h2 id="file-panel-title">{file.name}</h2>
        <button type="button" onClick={onClose} aria-label="Close file details">
          Close
        </button>
      </header>
      <p className="file-meta">
        {current
          ? `Version ${current.number} · ${formatBytes(current.size)} · ${when(current.createdAt)}`
          : 'No version yet'}
      </p>
      <div className="file-actions">
        {current && (
          <button
            type="button"
            className="primary"
            onClick={() => run(() => downloadFile(api, file))}
            disabled={busy}
          >
            Download
          </button>
        )}
        {canWrite && (
          <>
            <button type="button" onClick={() => setMode('rename')} disabled={busy}>
              Rename
            </button>
            <button type="button" onClick={() => setMode('move')} disabled={busy || folders.length < 2}>
              Move
            </button>
            <button type="button" onClick={() => setMode('delete')} disabled={busy}>
              Delete
            </button>
          </>
        )}
      </div>
      {mode === 'rename' && (
        <RenameForm
          label="New file name"
          initial={file.name}
          busy={busy}
          onCancel={() => setMode('view')}
          onSubmit={(name) => run(() => filesApi.updateFile(api, file.id, { name }))}
        />
      )}
      {mode === 'move' && (
        <MoveForm
          all={folders}
          folders={folders.filter((f) => f.id !== file.folderId)}
          busy={busy}
          onCancel={() => setMode('view')}
          onSubmit={(folderId) => run(() => filesApi.updateFile(api, file.id, { folderId }))}
        />
      )}
      {mode === 'delete' && (
        <ConfirmDelete
          question={`Delete ${file.name}? Its versions go with it.`}
          confirmLabel="Delete file"
          busy={busy}
          onConfirm={() => run(() => filesApi.deleteFile(api, file.id), onClose)}
          onKeep={() => setMode('view')}
        />
      )}
      {roomKind === 'resources' && (
        <ResourceFields
          file={file}
          canWrite={canWrite}
          busy={busy}
          onSave={(body) => run(() => filesApi.updateFile(api, file.id, body))}
        />
      )}
      <FormError error={error} />

      <section aria-labelledby="versions-title">
        <h3 id="versions-title">Versions</h3>
        <ol className="version-list" aria-label="Versions">
          {versions.map((v) => (
            <li key={v.id}>
              <div>
                <strong>Version {v.number}</strong>
                {current?.id === v.id && <span className="badge">current</span>}
                <span className="version-meta">
                  {' '}
                  {formatBytes(v.size)} · {nameOf(v.uploaderId)} · {when(v.createdAt)}
                </span>
                {v.comment && <p className="version-comment">{v.comment}</p>}
              </div>
              <div className="version-actions">
                <button
                  type="button"
                  disabled={busy}
                  onClick={() => run(() => downloadFile(api, file, v.number))}
                  aria-label={`Download version ${v.number}`}
                >
                  Download
                </button>
                {canWrite && current?.id !== v.id && (
                  <button
                    type="button"
                    disabled={busy}
                    onClick={() => run(() => filesApi.restore(api, file.id, v.id))}
                    aria-label={`Restore version ${v.number}`}
                  >
                    Restore
                  </button>
                )}
              </div>
            </li>
          ))}
        </ol>
      </section>

      {downloads && (
        <section aria-labelledby="downloads-title">
          <h3 id="downloads-title">Download history</h3>
          {downloads.length === 0 ? (
            <p className="empty-text">Nobody has downloaded this file yet.</p>
          ) : (
            <ul className="download-list" aria-label="Download history">
              {downloads.map((d) => (
                <li key={d.id}>
                  {nameOf(d.userId)} downloaded version {d.versionNumber} ·{' '}
                  <time dateTime={d.at}>{when(d.at)}</time>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}

      <Comments
        comments={comments}
        nameOf={nameOf}
        onPost={(body) => run(() => filesApi.comment(api, file.id, body))}
        busy={busy}
      />
    </aside>
  );
}

function ResourceFields({
  file,
  canWrite,
  busy,
  onSave,
}: {
  file: SharedFile;
  canWrite: boolean;
  busy: boolean;
  onSave: (body: { category: ResourceCategory | null; tags: string[] }) => void;
}) {
  const [category, setCategory] = useState<string>(file.category ?? '');
  const [tags, setTags] = useState(file.tags.join(', '));
  if (!canWrite)
    return (
      <p className="file-meta">
        {file.category ? `Category: ${categoryLabel(file.category)}` : 'No category'}
        {file.tags.length > 0 && ` · Tags: ${file.tags.join(', ')}`}
      </p>
    );
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        onSave({
          category: (category || null) as ResourceCategory | null,
          tags: tags
            .split(',')
            .map((t) => t.trim())
            .filter(Boolean),
        });
      }}
    >
      <label>
        <span>Category</span>
        <select value={category} onChange={(e) => setCategory(e.target.value)}>
          <option value="">None</option>
          {RESOURCE_CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {categoryLabel(c)}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>Tags (comma-separated)</span>
        <input value={tags} onChange={(e) => setTags(e.target.value)} />
      </label>
      <button type="submit" disabled={busy}>
        Save category and tags
      </button>
    </form>
  );
}

export function categoryLabel(category: string): string {
  const text = category.replace(/_/g, ' ');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function Comments({
  comments,
  nameOf,
  onPost,
  busy,
}: {
  comments: { id: string; authorId: string | null; body: string; createdAt: string }[];
  nameOf: (id: string | null) => string;
  onPost: (body: string) => Promise<void>;
  busy: boolean;
}) {
  const [body, setBody] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim()) return;
    await onPost(body.trim());
    setBody('');
  };
  return (
    <section aria-labelledby="comments-title">
      <h3 id="comments-title">Comments</h3>
      {comments.length === 0 ? (
        <p className="empty-text">No comments yet.</p>
      ) : (
        <ul className="comment-list" aria-label="Comments">
          {comments.map((c) => (
            <li key={c.id}>
              <strong>{nameOf(c.authorId)}</strong> <time dateTime={c.createdAt}>{when(c.createdAt)}</time>
              <p>{c.body}</p>
            </li>
          ))}
        </ul>
      )}
      <form className="comment-form" onSubmit={submit}>
        <label>
          <span>Comment</span>
          <textarea value={body} onChange={(e) => setBody(e.target.value)} rows={2} maxLength={10000} />
        </label>
        <button type="submit" disabled={busy || !body.trim()}>
          Post comment
        </button>
      </form>
    </section>
  );
}

export function RenameForm({
  label,
  initial,
  busy,
  onSubmit,
  onCancel,
}: {
  label: string;
  initial: string;
  busy: boolean;
  onSubmit: (name: string) => void;
  onCancel: () => void;
}) {
  const [name, setName] = useState(initial);
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (name.trim()) onSubmit(name.trim());
      }}
    >
      <label>
        <span>{label}</span>
        <input value={name} onChange={(e) => setName(e.target.value)} autoFocus required maxLength={255} />
      </label>
      <button type="submit" className="primary" disabled={busy || !name.trim()}>
        Save
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}

export function MoveForm({
  all,
  folders,
  busy,
  onSubmit,
  onCancel,
}: {
  all: Folder[];
  folders: Folder[];
  busy: boolean;
  onSubmit: (folderId: string) => void;
  onCancel: () => void;
}) {
  const [target, setTarget] = useState(folders[0]?.id ?? '');
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (target) onSubmit(target);
      }}
    >
      <label>
        <span>Move to folder</span>
        <select value={target} onChange={(e) => setTarget(e.target.value)}>
          {folders.map((f) => (
            <option key={f.id} value={f.id}>
              {folderLabel(all, f.id)}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="primary" disabled={busy || !target}>
        Move
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}

/** The "are you sure" step of a delete: the question, the delete button and a way back. */
export function ConfirmDelete({
  question,
  confirmLabel,
  busy,
  onConfirm,
  onKeep,
}: {
  question: string;
  confirmLabel: string;
  busy: boolean;
  onConfirm: () => void;
  onKeep: () => void;
}) {
  return (
    <div className="confirm" role="group" aria-label="Confirm delete">
      <p>{question}</p>
      <button type="button" className="danger" disabled={busy} onClick={onConfirm}>
        {confirmLabel}
      </button>
      <button type="button" onClick={onKeep}>
        Keep it
      </button>
    </div>
  );
}
