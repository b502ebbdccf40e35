import { useMemo, useState, type ReactNode } from 'react';
import type { Room } from '../../api/types';
import { Link, navigate, useLocation } from '../../app/router';
import { useWorkspace } from '../../app/session-context';
import { useAsync } from '../../app/use-async';
import { errorMessage, FormError } from '../../pages/form-field';
import { roomPath } from '../../shell/room-paths';
import { useRoomActivity } from '../use-room-activity';
import { canWriteFiles } from './file-permissions';
import { categoryLabel, ConfirmDelete, FilePanel, MoveForm, RenameForm } from './file-panel';
import {
  filesApi,
  folderPath,
  folderTree,
  formatBytes,
  moveTargets,
  RESOURCE_CATEGORIES,
  type FolderEntry,
} from './files-api';
import { downloadFile } from './download';
import { FolderTree } from './folder-tree';
import { DropZone, UploadList, useUploads } from './upload-panel';
import './files.css';

type FolderMode = 'view' | 'new' | 'rename' | 'move' | 'delete';

/**
 * A file room (shared files, resources, brand, a custom room's folder): the folder tree, the open folder's
 * entries, uploads by drag-and-drop or picker, and the selected file's details. Live through `activity`.
 */
export default function FileRoomPage({
  room,
  companyId,
  children,
}: {
  room: Room;
  companyId: string;
  /** Room-specific parts below the files (the resources room's learning tracks). */
  children?: ReactNode;
}) {
  const { api, me } = useWorkspace();
  const { search } = useLocation();
  const canWrite = canWriteFiles(me.role, room.kind);
  const resources = room.kind === 'resources';

  const folders = useAsync((signal) => filesApi.folders(api, room.id, signal), [api, room.id]);
  const people = useAsync((signal) => filesApi.people(api, companyId, signal), [api, companyId]);
  const names = useMemo(
    () => new Map((people.data ?? []).map((p) => [p.userId, p.name] as const)),
    [people.data],
  );
  const list = folders.data ?? [];
  const root = list.find((f) => f.parentId === null) ?? null;
  const requested = search.get('folder');
  const current = list.find((f) => f.id === requested) ?? root;
  const currentId = current?.id ?? null;
  const fileId = search.get('file');

  const entries = useAsync<FolderEntry[] | null>(
    (signal) => (currentId ? filesApi.children(api, currentId, signal) : Promise.resolve(null)),
    [api, currentId],
  );
  const [liveTick, setLiveTick] = useState(0);
  const [category, setCategory] = useState('');
  const [mode, setMode] = useState<FolderMode>('view');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const refresh = () => {
    folders.reload();
    entries.reload();
    setLiveTick((n) => n + 1);
  };
  useRoomActivity(room.id, (e) => e.entity === 'file' || e.entity === 'folder', refresh);
  const uploads = useUploads(() => entries.reload());

  const base = roomPath(companyId, room);
  const hrefFor = (folderId: string, file?: string) =>
    `${base}?folder=${folderId}${file ? `&file=${file}` : ''}`;

  const run = async (work: () => Promise<unknown>, after?: () => void) => {
    setBusy(true);
    setError(null);
    try {
      await work();
      setMode('view');
      refresh();
      after?.();
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  };

  if (folders.error && !folders.data) return <p role="alert">{errorMessage(folders.error)}</p>;
  if (!folders.data) return <p>Loading files…</p>;
  if (!current || !root) return <p className="empty-text">This room has no folder yet.</p>;
  const tree = folderTree(list);
  const path = folderPath(list, current.id);
  const isRoot = current.id === root.id;
  const shown = (entries.data ?? []).filter(
    (entry) => !category || (entry.type === 'file' && entry.file.category === category),
  );

  return (
    <div className={`file-room ${fileId ? 'with-panel' : ''}`}>
      {tree && <FolderTree tree={tree} currentId={current.id} hrefFor={(id) => hrefFor(id)} />}
      <section className="file-main" aria-labelledby="folder-title">
        <nav aria-label="Breadcrumb" className="breadcrumb">
          <ol>
            {path.map((folder, index) => (
              <li key={folder.id}>
                {index === path.length - 1 ? (
                  <span id="folder-title" aria-current="page">
                    {index === 0 ? 'All files' : folder.name}
                  </span>
                ) : (
                  <Link href={hrefFor(folder.id)}>{index === 0 ? 'All files' : folder.name}</Link>
                )}
              </li>
            ))}
          </ol>
        </nav>
        {canWrite && (
          <div className="folder-toolbar">
            <button type="button" onClick={() => setMode('new')} disabled={busy}>
              New folder
            </button>
            {!isRoot && (
              <>
                <button type="button" onClick={() => setMode('rename')} disabled={busy}>
                  Rename folder
                </button>
                <button type="button" onClick={() => setMode('move')} disabled={busy}>
                  Move folder
                </button>
                <button type="button" onClick={() => setMode('delete')} disabled={busy}>
                  Delete folder
                </button>
              </>
            )}
          </div>
        )}
        {mode === 'new' && (
          <RenameForm
            label="Folder name"
            initial=""
            busy={busy}
            onCancel={() => setMode('view')}
            onSubmit={(name) => run(() => filesApi.createFolder(api, current.id, name))}
          />
        )}
        {mode === 'rename' && (
          <RenameForm
            label="New folder name"
            initial={current.name}
            busy={busy}
            onCancel={() => setMode('view')}
            onSubmit={(name) => run(() => filesApi.updateFolder(api, current.id, { name }))}
          />
        )}
        {mode === 'move' && (
          <MoveForm
            all={list}
            folders={moveTargets(list, current.id).filter((f) => f.id !== current.parentId)}
            busy={busy}
            onCancel={() => setMode('view')}
            onSubmit={(parentId) => run(() => filesApi.updateFolder(api, current.id, { parentId }))}
          />
        )}
        {mode === 'delete' && (
          <ConfirmDelete
            question={`Delete the folder ${current.name} and everything in it?`}
            confirmLabel="Delete folder"
            busy={busy}
            onConfirm={() =>
              run(
                () => filesApi.deleteFolder(api, current.id),
                () => navigate(hrefFor(current.parentId ?? root.id)),
              )
            }
            onKeep={() => setMode('view')}
          />
        )}
        <FormError error={error} />
        {canWrite && <DropZone onFiles={(files) => uploads.start(files, current.id)} />}
        <UploadList items={uploads.items} onCancel={uploads.cancel} onClear={uploads.clearFinished} />
        {resources && (
          <label className="category-filter">
            <span>Category</span>
            <select value={category} onChange={(e) => setCategory(e.target.value)}>
              <option value="">All categories</option>
              {RESOURCE_CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {categoryLabel(c)}
                </option>
              ))}
            </select>
          </label>
        )}
        {entries.error && !entries.data ? (
          <p role="alert">{errorMessage(entries.error)}</p>
        ) : !entries.data ? (
          <p>Loading folder…</p>
        ) : shown.length === 0 ? (
          <p className="empty-text">
            {category ? 'No files of this category here.' : 'This folder is empty.'}
          </p>
        ) : (
          <div className="table-scroll">
            <table className="file-table" aria-label="Folder contents">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  {resources && <th scope="col">Category</th>}
                  <th scope="col" className="col-optional">
                    Size
                  </th>
                  <th scope="col">Version</th>
                  <th scope="col" className="col-optional">
                    Updated
                  </th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {shown.map((entry) =>
                  entry.type === 'folder' ? (
                    <tr key={entry.folder.id}>
                      <td>
                        <Link href={hrefFor(entry.folder.id)}>{entry.folder.name}</Link>
                      </td>
                      <td colSpan={resources ? 4 : 3} className="entry-kind">
                        Folder
                      </td>
                      <td />
                    </tr>
                  ) : (
                    <tr key={entry.file.id} aria-selected={entry.file.id === fileId}>
                      <td>
                        <Link href={hrefFor(current.id, entry.file.id)}>{entry.file.name}</Link>
                      </td>
                      {resources && <td>{entry.file.category ? categoryLabel(entry.file.category) : '—'}</td>}
                      <td className="col-optional">
                        {entry.file.currentVersion ? formatBytes(entry.file.currentVersion.size) : '—'}
                      </td>
                      <td>
                        {entry.file.currentVersion ? `v${entry.file.currentVersion.number}` : 'document'}
                      </td>
                      <td className="col-optional">
                        <time dateTime={entry.file.updatedAt}>
                          {new Date(entry.file.updatedAt).toLocaleDateString()}
                        </time>
                      </td>
                      <td>
                        {entry.file.currentVersion && (
                          <button
                            type="button"
                            aria-label={`Download ${entry.file.name}`}
                            onClick={() =>
                              downloadFile(api, entry.file).then(() => setLiveTick((n) => n + 1), setError)
                            }
                          >
                            Download
                          </button>
                        )}
                      </td>
                    </tr>
                  ),
                )}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {fileId && (
        <FilePanel
          key={fileId}
          fileId={fileId}
          roomKind={room.kind}
          folders={list}
          canWrite={canWrite}
          names={names}
          version={liveTick}
          onChanged={() => entries.reload()}
          onClose={() => navigate(hrefFor(current.id))}
        />
      )}
      {children}
    </div>
  );
}
