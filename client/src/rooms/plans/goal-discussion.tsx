import { useEffect, useId, useState, type FormEvent } from 'react';
import type { ApiClient } from '../../api/api-client';
import type { Page } from '../../api/types';
import { useWorkspace } from '../../app/session-context';
import { useAsync } from '../../app/use-async';
import { errorMessage } from '../../pages/form-field';
import { useRoomActivity } from '../use-room-activity';
import { plansApi, type DiscussionMessage } from './plans-api';

const people = new Map<string, Promise<Map<string, string>>>();

/** Names of both sides' people for a company, fetched once; unknown ids read as "Someone". */
function peopleOf(api: ApiClient, companyId: string): Promise<Map<string, string>> {
  let known = people.get(companyId);
  if (!known) {
    known = api
      .get<Array<{ userId: string; name: string }>>(plansApi.contacts(companyId))
      .then((list) => new Map(list.map((p) => [p.userId, p.name])))
      .catch(() => new Map<string, string>());
    people.set(companyId, known);
  }
  return known;
}

/** A goal's discussion thread: read by whoever may read the plan, and written by them too. */
export function GoalDiscussion({
  roomId,
  companyId,
  planId,
  goalId,
  goalTitle,
}: {
  roomId: string;
  companyId: string;
  planId: string;
  goalId: string;
  goalTitle: string;
}) {
  const [open, setOpen] = useState(false);
  return (
    <details className="goal-discussion" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Discussion</summary>
      {open && (
        <Thread roomId={roomId} companyId={companyId} planId={planId} goalId={goalId} goalTitle={goalTitle} />
      )}
    </details>
  );
}

function Thread({
  roomId,
  companyId,
  planId,
  goalId,
  goalTitle,
}: {
  roomId: string;
  companyId: string;
  planId: string;
  goalId: string;
  goalTitle: string;
}) {
  const { api, me } = useWorkspace();
  const id = useId();
  const thread = useAsync(
    (signal) => api.get<Page<DiscussionMessage>>(`${plansApi.discussion(planId, goalId)}?limit=200`, signal),
    [api, planId, goalId],
  );
  const [names, setNames] = useState<Map<string, string>>(new Map());
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    void peopleOf(api, companyId).then((found) => live && setNames(found));
    return () => {
      live = false;
    };
  }, [api, companyId]);
  useRoomActivity(
    roomId,
    (event) => event.type === 'goal.discussed' && event.entityId === planId,
    thread.reload,
  );

  const send = async (event: FormEvent) => {
    event.preventDefault();
    if (!body.trim()) return;
    setBusy(true);
    setError(null);
    try {
      await api.post(plansApi.discussion(planId, goalId), { body: body.trim() });
      setBody('');
      thread.reload();
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  };

  const nameOf = (userId: string) => (userId === me.user.id ? 'You' : (names.get(userId) ?? 'Someone'));
  const items = thread.data?.items ?? [];
  return (
    <div className="discussion">
      {thread.error && !thread.data && <p role="alert">{errorMessage(thread.error)}</p>}
      {!thread.data && !thread.error && <p>Loading discussion…</p>}
      {thread.data && items.length === 0 && <p className="empty-text">No messages yet.</p>}
      {items.length > 0 && (
        <ol className="discussion-list" aria-label={`Discussion of ${goalTitle}`}>
          {items.map((message) => (
            <li key={message.id}>
              <strong>{nameOf(message.authorId)}</strong>{' '}
              <time dateTime={message.createdAt}>{new Date(message.createdAt).toLocaleString()}</time>
              <p>{message.body}</p>
            </li>
          ))}
        </ol>
      )}
      <form className="discussion-form" onSubmit={send}>
        <label htmlFor={`${id}-body`}>Message about {goalTitle}</label>
        <textarea
          id={`${id}-body`}
          rows={2}
          value={body}
          maxLength={10000}
          onChange={(e) => setBody(e.target.value)}
        />
        <button type="submit" disabled={busy || !body.trim()}>
          Post message
        </button>
      </form>
      {error !== null && (
        <p role="alert" className="form-error">
          {errorMessage(error)}
        </p>
      )}
    </div>
  );
}
