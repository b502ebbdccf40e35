import { useState } from 'react';
import { useWorkspace } from '../../app/session-context';
import { errorMessage } from '../../pages/form-field';
import { colorFor, initials } from '../../shell/avatar-colors';
import { downloadAttachment } from './attachments';
import { MarkdownView } from './markdown-view';
import { formatBytes, isLocal } from './message-store';
import type { Message, ShownMessage } from './messages-types';

const QUICK_REACTIONS = ['👍', '🎉', '❤️', '😄', '👀'];

function time(iso: string): string {
  const at = new Date(iso);
  const today = new Date().toDateString() === at.toDateString();
  return today
    ? at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })
    : at.toLocaleString([], { dateStyle: 'short', timeStyle: 'short' });
}

/** One message: author, body, files, reactions, and what the viewer may do with it. */
export function MessageItem({
  message,
  nameOf,
  onChanged,
  onThread,
  onRetry,
}: {
  message: ShownMessage;
  nameOf: (userId: string) => string;
  onChanged: (message: Message) => void;
  onThread?: () => void;
  onRetry: () => void;
}) {
  const { api, me } = useWorkspace();
  const mine = message.authorId === me.user.id;
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(message.body);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [picking, setPicking] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const local = isLocal(message);
  const author = nameOf(message.authorId);

  const act = async (work: () => Promise<Message | void>) => {
    setError(null);
    try {
      const result = await work();
      if (result) onChanged(result);
    } catch (reason) {
      setError(reason);
    }
  };

  const react = (emoji: string, on: boolean) =>
    act(() =>
      on
        ? api.post<Message>(`/messages/${message.id}/reactions`, { emoji })
        : api.request<Message>('DELETE', `/messages/${message.id}/reactions/${encodeURIComponent(emoji)}`),
    );

  const save = () =>
    act(async () => {
      const updated = await api.patch<Message>(`/messages/${message.id}`, { body: draft });
      setEditing(false);
      return updated;
    });

  const remove = () =>
    act(async () => {
      await api.request<void>('DELETE', `/messages/${message.id}`);
      setConfirmDelete(false);
      onChanged({ ...message, deleted: true, body: '', attachments: [], reactions: [] });
    });

  return (
    <article
      className={`message ${message.mentions.includes(me.user.id) ? 'mentioned' : ''} ${local ? 'local' : ''}`}
      aria-label={`${author}, ${time(message.createdAt)}`}
      data-seq={message.seq || undefined}
    >
      <span
        className="avatar small"
        aria-hidden="true"
        style={{ backgroundColor: colorFor(message.authorId) }}
      >
        {initials(author)}
      </span>
      <div className="message-main">
        <header className="message-meta">
          <strong>{author}</strong> <time dateTime={message.createdAt}>{time(message.createdAt)}</time>
          {message.editedAt && !message.deleted && <span className="muted"> (edited)</span>}
          {message.pending && <span className="muted"> Sending…</span>}
        </header>
        {message.deleted ? (
          <p className="muted deleted">This message was deleted.</p>
        ) : editing ? (
          <form
            className="edit-form"
            onSubmit={(event) => {
              event.preventDefault();
              void save();
            }}
          >
            <label>
              <span className="visually-hidden">Edit message</span>
              <textarea value={draft} rows={3} onChange={(e) => setDraft(e.target.value)} autoFocus />
            </label>
            <button type="submit" className="primary">
              Save
            </button>{' '}
            <button type="button" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </form>
        ) : (
          <MarkdownView source={message.body} />
        )}
        {message.attachments.length > 0 && (
          <ul className="attachments" aria-label="Attached files">
            {message.attachments.map((file) => (
              <li key={file.id}>
                <button
                  type="button"
                  className="link-button"
                  onClick={() => act(() => downloadAttachment(api, file))}
                >
                  {file.name}
                </button>{' '}
                <span className="muted">{formatBytes(file.size)}</span>
              </li>
            ))}
          </ul>
        )}
        {message.failed && (
          <p className="form-error" role="alert">
            Not sent: {message.failed}{' '}
            <button type="button" onClick={onRetry}>
              Retry
            </button>
          </p>
        )}
        {!local && !message.deleted && (
          <div className="message-actions">
            {message.reactions.map((r) => {
              const on = r.userIds.includes(me.user.id);
              return (
                <button
                  key={r.emoji}
                  type="button"
                  className="reaction"
                  aria-pressed={on}
                  aria-label={`${r.emoji} ${r.count}, ${on ? 'remove your reaction' : 'react'}`}
                  onClick={() => react(r.emoji, !on)}
                >
                  {r.emoji} {r.count}
                </button>
              );
            })}
            <button
              type="button"
              className="link-button"
              aria-expanded={picking}
              onClick={() => setPicking(!picking)}
            >
              React
            </button>
            {picking &&
              QUICK_REACTIONS.map((emoji) => (
                <button
                  key={emoji}
                  type="button"
                  className="reaction"
                  aria-label={`React with ${emoji}`}
                  onClick={() => {
                    setPicking(false);
                    void react(emoji, true);
                  }}
                >
                  {emoji}
                </button>
              ))}
            {onThread && (
              <button type="button" className="link-button" onClick={onThread}>
                {message.replyCount > 0
                  ? `${message.replyCount} ${message.replyCount === 1 ? 'reply' : 'replies'}`
                  : 'Reply in thread'}
              </button>
            )}
            {mine && !editing && (
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  setDraft(message.body);
                  setEditing(true);
                }}
              >
                Edit
              </button>
            )}
            {mine &&
              (confirmDelete ? (
                <>
                  <button type="button" className="danger" onClick={remove}>
                    Confirm delete
                  </button>
                  <button type="button" className="link-button" onClick={() => setConfirmDelete(false)}>
                    Keep
                  </button>
                </>
              ) : (
                <button type="button" className="link-button" onClick={() => setConfirmDelete(true)}>
                  Delete
                </button>
              ))}
          </div>
        )}
        {error !== null && (
          <p className="form-error" role="alert">
            {errorMessage(error)}
          </p>
        )}
      </div>
    </article>
  );
}
