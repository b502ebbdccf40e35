import { useState, type FormEvent } from 'react';
import type { Page, Room } from '../../api/types';
import { useWorkspace } from '../../app/session-context';
import { useAsync } from '../../app/use-async';
import { useAction } from '../../admin/use-action';
import { errorMessage, FormError } from '../../pages/form-field';
import { ProgressBar } from '../plans/gauge';
import { canAuthorTracks } from '../files/file-permissions';
import { downloadFile } from '../files/download';
import { filesApi, type SharedFile } from '../files/files-api';
import { useRoomActivity } from '../use-room-activity';
import { trackProgress, type Track } from './tracks';

/** The resources room's learning tracks: tick items off as you complete them; vendor staff author them. */
export function LearningTracks({ room, companyId }: { room: Room; companyId: string }) {
  const { api, me } = useWorkspace();
  const author = canAuthorTracks(me.role);
  // Each load remembers when it was asked for, so a track's own answer received later is not hidden by it.
  const tracks = useAsync(
    async (signal) => {
      const askedAt = performance.now();
      const page = await api.get<Page<Track>>(`/learning-tracks?companyId=${companyId}&limit=200`, signal);
      return { page, askedAt };
    },
    [api, companyId],
  );
  const [local, setLocal] = useState<Record<string, { track: Track; at: number }>>({});
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);
  // A ticked box shows at once; the server's answer (or a revert on failure) replaces it.
  const [ticking, setTicking] = useState<string[]>([]);
  useRoomActivity(
    room.id,
    (e) => e.entity === 'learning_track',
    () => tracks.reload(),
  );

  const act = async (key: string, work: () => Promise<Track>) => {
    setBusy(key);
    setError(null);
    try {
      const updated = await work();
      const at = performance.now();
      setLocal((all) => ({ ...all, [updated.id]: { track: updated, at } }));
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(null);
      setTicking((all) => all.filter((id) => id !== key));
    }
  };

  // A completion answered after the list was asked for is newer than the list; one answered before is in it.
  const loaded = tracks.data;
  const list = (loaded?.page.items ?? []).map((t) => {
    const own = local[t.id];
    return own && loaded && own.at > loaded.askedAt ? own.track : t;
  });
  return (
    <section className="tracks" aria-labelledby="tracks-title">
      <h2 id="tracks-title">Learning tracks</h2>
      {author && !creating && (
        <button type="button" onClick={() => setCreating(true)}>
          New learning track
        </button>
      )}
      {creating && (
        <TrackForm
          room={room}
          companyId={companyId}
          onDone={() => {
            setCreating(false);
            tracks.reload();
          }}
        />
      )}
      <FormError error={error} />
      {tracks.error && !tracks.data ? (
        <p role="alert">{errorMessage(tracks.error)}</p>
      ) : !tracks.data ? (
        <p>Loading learning tracks…</p>
      ) : list.length === 0 ? (
        <p className="empty-text">No learning tracks yet.</p>
      ) : (
        list.map((track) => {
          const progress = trackProgress(track);
          return (
            <article key={track.id} className="track" aria-labelledby={`track-${track.id}`}>
              <header className="track-header">
                <h3 id={`track-${track.id}`}>{track.title}</h3>
                <span>
                  {!track.published && <span className="status">Draft</span>}{' '}
                  {track.completedAt ? (
                    <span className="badge">
                      Completed {new Date(track.completedAt).toLocaleDateString()}
                    </span>
                  ) : (
                    `${progress.done} of ${progress.total} done`
                  )}
                </span>
              </header>
              {track.description && <p className="goal-description">{track.description}</p>}
              <ProgressBar value={progress.percent} label={`${track.title} completion`} />
              <ul className="track-items">
                {track.items.map((item) => (
                  <li key={item.id}>
                    <label>
                      <input
                        type="checkbox"
                        checked={item.completed || ticking.includes(item.id)}
                        disabled={item.completed || busy !== null}
                        onChange={() => {
                          setTicking((all) => [...all, item.id]);
                          void act(item.id, () =>
                            api.post<Track>(`/learning-tracks/${track.id}/items/${item.id}/complete`),
                          );
                        }}
                      />{' '}
                      {item.title}
                    </label>
                    {item.kind === 'link' && item.url ? (
                      <a href={item.url} target="_blank" rel="noopener noreferrer">
                        Open link<span className="visually-hidden"> {item.title}</span>
                      </a>
                    ) : item.fileId ? (
                      <button
                        type="button"
                        onClick={() =>
                          downloadFile(api, { id: item.fileId!, name: item.title }).catch(setError)
                        }
                      >
                        Download<span className="visually-hidden"> {item.title}</span>
                      </button>
                    ) : null}
                  </li>
                ))}
              </ul>
              {author && !track.published && (
                <button
                  type="button"
                  disabled={busy !== null}
                  onClick={() =>
                    act(`publish-${track.id}`, () =>
                      api.patch<Track>(`/learning-tracks/${track.id}`, { published: true }),
                    )
                  }
                >
                  Publish {track.title}
                </button>
              )}
            </article>
          );
        })
      )}
    </section>
  );
}

function TrackForm({ room, companyId, onDone }: { room: Room; companyId: string; onDone: () => void }) {
  const { api } = useWorkspace();
  const files = useAsync(
    async (signal) => {
      const folders = await filesApi.folders(api, room.id, signal);
      const all: SharedFile[] = [];
      for (const folder of folders.slice(0, 30)) {
        for (const entry of await filesApi.children(api, folder.id, signal)) {
          if (entry.type === 'file') all.push(entry.file);
        }
      }
      return all.sort((a, b) => a.name.localeCompare(b.name));
    },
    [api, room.id],
  );
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [published, setPublished] = useState(true);
  const [chosen, setChosen] = useState<string[]>([]);
  const [linkUrl, setLinkUrl] = useState('');
  const [linkTitle, setLinkTitle] = useState('');
  const { busy, error, run } = useAction();

  const items = [
    ...chosen.map((fileId) => ({ kind: 'file' as const, fileId })),
    ...(linkUrl.trim()
      ? [{ kind: 'link' as const, url: linkUrl.trim(), title: linkTitle.trim() || linkUrl.trim() }]
      : []),
  ];
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const ok = await run(async () => {
      await api.post('/learning-tracks', {
        companyId,
        title: title.trim(),
        ...(description.trim() ? { description: description.trim() } : {}),
        published,
        items,
      });
    });
    if (ok) onDone();
  };

  return (
    <form className="track-form" onSubmit={submit} aria-label="New learning track">
      <label>
        <span>Track title</span>
        <input value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={200} />
      </label>
      <label>
        <span>Description</span>
        <textarea value={description} onChange={(e) => setDescription(e.target.value)} rows={2} />
      </label>
      <fieldset>
        <legend>Files in the track</legend>
        {!files.data ? (
          <p>Loading files…</p>
        ) : files.data.length === 0 ? (
          <p className="empty-text">Upload files to this room first, or add a link.</p>
        ) : (
          files.data.map((file) => (
            <label key={file.id} className="check">
              <input
                type="checkbox"
                checked={chosen.includes(file.id)}
                onChange={(e) =>
                  setChosen((all) =>
                    e.target.checked ? [...all, file.id] : all.filter((id) => id !== file.id),
                  )
                }
              />
              {file.name}
            </label>
          ))
        )}
      </fieldset>
      <label>
        <span>Link (optional)</span>
        <input
          type="url"
          value={linkUrl}
          onChange={(e) => setLinkUrl(e.target.value)}
          placeholder="https://"
        />
      </label>
      <label>
        <span>Link title</span>
        <input value={linkTitle} onChange={(e) => setLinkTitle(e.target.value)} maxLength={200} />
      </label>
      <label className="check">
        <input type="checkbox" checked={published} onChange={(e) => setPublished(e.target.checked)} />
        Published (partners see it)
      </label>
      <FormError error={error} />
      <div className="file-actions">
        <button type="submit" className="primary" disabled={busy || !title.trim() || items.length === 0}>
          Create track
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
