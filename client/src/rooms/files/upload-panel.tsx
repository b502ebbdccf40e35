import { useCallback, useEffect, useRef, useState, type DragEvent } from 'react';
import { useWorkspace } from '../../app/session-context';
import { errorMessage } from '../../pages/form-field';
import { ProgressBar } from '../plans/gauge';
import { formatBytes, type SharedFile } from './files-api';
import { uploadFile, type UploadDeps, type UploadPhase } from './upload';
import { xhrSend } from './xhr-send';

export interface UploadItem {
  key: number;
  name: string;
  size: number;
  phase: UploadPhase;
  loaded: number;
  state: 'active' | 'done' | 'failed' | 'cancelled';
  error: string | null;
}

/** Uploads of several files at once, each with its own progress and cancel. */
export function useUploads(onUploaded: (file: SharedFile) => void) {
  const { api } = useWorkspace();
  const [items, setItems] = useState<UploadItem[]>([]);
  const controllers = useRef(new Map<number, AbortController>());
  const nextKey = useRef(1);
  const uploaded = useRef(onUploaded);
  uploaded.current = onUploaded;

  useEffect(() => {
    const all = controllers.current;
    return () => {
      for (const controller of all.values()) controller.abort();
    };
  }, []);

  const deps: UploadDeps = {
    send: xhrSend,
    token: () => api.freshAccessToken(),
    refresh: (stale) => api.refresh(stale),
  };

  const update = (key: number, patch: Partial<UploadItem>) =>
    setItems((all) => all.map((item) => (item.key === key ? { ...item, ...patch } : item)));

  const start = (files: File[], folderId: string) => {
    for (const file of files) {
      const key = nextKey.current++;
      const controller = new AbortController();
      controllers.current.set(key, controller);
      setItems((all) => [
        ...all,
        {
          key,
          name: file.name,
          size: file.size,
          phase: 'uploading',
          loaded: 0,
          state: 'active',
          error: null,
        },
      ]);
      uploadFile(
        file,
        { folderId },
        deps,
        (progress) => update(key, { phase: progress.phase, loaded: progress.loaded }),
        controller.signal,
      )
        .then(
          (created) => {
            update(key, { state: 'done', loaded: file.size });
            uploaded.current(created);
          },
          (error: unknown) => {
            const cancelled = error instanceof DOMException && error.name === 'AbortError';
            update(key, {
              state: cancelled ? 'cancelled' : 'failed',
              error: cancelled ? null : errorMessage(error),
            });
          },
        )
        .finally(() => controllers.current.delete(key));
    }
  };

  const cancel = (key: number) => controllers.current.get(key)?.abort();
  const clearFinished = useCallback(() => setItems((all) => all.filter((i) => i.state === 'active')), []);
  return { items, start, cancel, clearFinished };
}

function stateText(item: UploadItem): string {
  switch (item.state) {
    case 'done':
      return 'Uploaded';
    case 'cancelled':
      return 'Cancelled';
    case 'failed':
      return `Failed: ${item.error ?? 'unknown error'}`;
    default:
      if (item.phase === 'hashing') return 'Preparing…';
      if (item.phase === 'finishing') return 'Finishing…';
      return `${formatBytes(item.loaded)} of ${formatBytes(item.size)}`;
  }
}

/** Drop zone plus a labelled file picker; both take several files. */
export function DropZone({ onFiles, disabled }: { onFiles: (files: File[]) => void; disabled?: boolean }) {
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const hasFiles = (event: DragEvent) => Array.from(event.dataTransfer.types).includes('Files');
  return (
    <div
      className={`drop-zone ${over ? 'over' : ''}`}
      onDragEnter={(e) => {
        if (!hasFiles(e) || disabled) return;
        e.preventDefault();
        setOver(true);
      }}
      onDragOver={(e) => {
        if (!hasFiles(e) || disabled) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        if (disabled) return;
        e.preventDefault();
        setOver(false);
        const files = Array.from(e.dataTransfer.files);
        if (files.length) onFiles(files);
      }}
    >
      <p>Drop files here to upload them to this folder, or</p>
      <label className="file-picker">
        <span>Choose files</span>
        <input
          ref={input}
          type="file"
          multiple
          disabled={disabled}
          aria-label="Upload files"
          onChange={(e) => {
            const files = Array.from(e.target.files ?? []);
            if (files.length) onFiles(files);
            if (input.current) input.current.value = '';
          }}
        />
      </label>
    </div>
  );
}

export function UploadList({
  items,
  onCancel,
  onClear,
}: {
  items: UploadItem[];
  onCancel: (key: number) => void;
  onClear: () => void;
}) {
  if (items.length === 0) return null;
  return (
    <section className="uploads" aria-label="Uploads">
      <ul>
        {items.map((item) => (
          <li key={item.key} className={`upload upload-${item.state}`}>
            <span className="upload-name">{item.name}</span>
            <ProgressBar
              value={item.state === 'done' ? 100 : item.size ? (item.loaded / item.size) * 100 : 0}
              label={`Upload of ${item.name}`}
            />
            <span className="upload-state" role={item.state === 'failed' ? 'alert' : undefined}>
              {stateText(item)}
            </span>
            {item.state === 'active' && (
              <button
                type="button"
                onClick={() => onCancel(item.key)}
                aria-label={`Cancel upload of ${item.name}`}
              >
                Cancel
              </button>
            )}
          </li>
        ))}
      </ul>
      {items.some((i) => i.state !== 'active') && (
        <button type="button" onClick={onClear}>
          Clear finished uploads
        </button>
      )}
    </section>
  );
}
