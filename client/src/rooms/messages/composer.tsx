import { useId, useRef, useState, type DragEvent, type FormEvent, type KeyboardEvent } from 'react';
import { useWorkspace } from '../../app/session-context';
import { errorMessage } from '../../pages/form-field';
import { attachmentFolder, uploadAttachment } from './attachments';
import { formatBytes } from './message-store';
import type { Attachment } from './messages-types';

const TYPING_EVERY_MS = 2_000;

interface Upload {
  key: string;
  name: string;
  attachment?: Attachment;
  error?: string;
}

/**
 * The message box: Enter sends, Shift+Enter breaks the line, files dropped on it (or picked) upload through
 * the files API and go with the message, and typing tells the others at most every two seconds.
 */
export function Composer({
  companyId,
  conversationId,
  label,
  onSend,
}: {
  companyId: string;
  conversationId: string;
  label: string;
  onSend: (body: string, attachments: Attachment[]) => void;
}) {
  const { api, realtime } = useWorkspace();
  const [body, setBody] = useState('');
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [dragging, setDragging] = useState(false);
  const lastTyping = useRef(0);
  const folder = useRef<Promise<string> | null>(null);
  const picker = useRef<HTMLInputElement>(null);
  const id = useId();

  const busy = uploads.some((u) => !u.attachment && !u.error);
  const ready = uploads.flatMap((u) => (u.attachment ? [u.attachment] : []));

  const upload = (files: File[]) => {
    for (const file of files) {
      const key = `${file.name}:${Date.now()}:${Math.random()}`;
      setUploads((all) => [...all, { key, name: file.name }]);
      folder.current ??= attachmentFolder(api, companyId);
      const done = folder.current.then((folderId) => uploadAttachment(api, folderId, file));
      done.then(
        (attachment) => setUploads((all) => all.map((u) => (u.key === key ? { ...u, attachment } : u))),
        (error: unknown) => {
          folder.current = null;
          setUploads((all) => all.map((u) => (u.key === key ? { ...u, error: errorMessage(error) } : u)));
        },
      );
    }
  };

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (busy || (body.trim() === '' && ready.length === 0)) return;
    onSend(body, ready);
    setBody('');
    setUploads([]);
  };

  const onKey = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  const onChange = (value: string) => {
    setBody(value);
    const now = Date.now();
    if (value.trim() && now - lastTyping.current > TYPING_EVERY_MS) {
      lastTyping.current = now;
      realtime.request('typing', { conversationId }).catch(() => undefined);
    }
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const files = [...event.dataTransfer.files];
    if (files.length) upload(files);
  };

  return (
    <form
      className={`composer ${dragging ? 'dragging' : ''}`}
      onSubmit={submit}
      onDragOver={(event) => {
        if (!event.dataTransfer.types.includes('Files')) return;
        event.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
    >
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <textarea
        id={id}
        value={body}
        rows={2}
        placeholder={`${label}…`}
        title="Enter sends, Shift+Enter starts a new line; drop files here to attach them"
        aria-describedby={`${id}-hint`}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={onKey}
      />
      <p id={`${id}-hint`} className="visually-hidden">
        Enter sends, Shift+Enter starts a new line. Drop files here to attach them.
      </p>
      {uploads.length > 0 && (
        <ul className="upload-list" aria-label="Attachments">
          {uploads.map((u) => (
            <li key={u.key}>
              <span>{u.name}</span>{' '}
              {u.error ? (
                <span className="form-error">{u.error}</span>
              ) : u.attachment ? (
                <span className="muted">{formatBytes(u.attachment.size)}</span>
              ) : (
                <span className="muted">uploading…</span>
              )}{' '}
              <button
                type="button"
                className="link-button"
                aria-label={`Remove ${u.name}`}
                onClick={() => setUploads((all) => all.filter((x) => x.key !== u.key))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="composer-actions">
        <input
          ref={picker}
          type="file"
          multiple
          hidden
          onChange={(e) => {
            upload([...(e.target.files ?? [])]);
            e.target.value = '';
          }}
        />
        <button type="button" onClick={() => picker.current?.click()}>
          Attach files
        </button>
        <button type="submit" className="primary" disabled={busy}>
          Send
        </button>
      </div>
    </form>
  );
}
