import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useWorkspace } from '../../app/session-context';
import { errorMessage } from '../../pages/form-field';
import { Composer } from './composer';
import { MessageItem } from './message-item';
import {
  firstSeqOf,
  isLocal,
  lastSeqOf,
  localMessage,
  markFailed,
  markPending,
  mergeMessages,
  typingLabel,
  typingNames,
  unreadTail,
} from './message-store';
import {
  messagePaths,
  type Attachment,
  type Conversation,
  type Message,
  type MessagePage,
  type ReadState,
  type SendAck,
  type ShownMessage,
  type TypingEvent,
} from './messages-types';

const TYPING_TTL_MS = 5_000;
const NEAR_BOTTOM_PX = 120;

export function newClientId(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return `web-${Date.now().toString(36)}-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * One open conversation: the latest page, older pages as the reader scrolls up (`before=`), live
 * `message:*` events, a catch-up (`after=`) after every reconnect, optimistic sends over the socket with a
 * clientId, read marks while it is on screen, who is typing, and the thread panel of one message.
 */
export function ConversationView({
  companyId,
  conversation,
  title,
  threadId,
  nameOf,
  onOpenThread,
  onRead,
}: {
  companyId: string;
  conversation: Conversation;
  title: string;
  threadId: string | null;
  nameOf: (userId: string) => string;
  onOpenThread: (messageId: string | null) => void;
  onRead: (state: ReadState) => void;
}) {
  const { api, realtime, me } = useWorkspace();
  const conversationId = conversation.id;
  const [messages, setMessages] = useState<ShownMessage[]>([]);
  const [loaded, setLoaded] = useState(false);
  const [hasOlder, setHasOlder] = useState(false);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [typing, setTyping] = useState<Map<string, number>>(new Map());
  const [now, setNow] = useState(() => Date.now());
  const messagesRef = useRef(messages);
  messagesRef.current = messages;
  const readSeq = useRef(conversation.lastReadSeq);
  const list = useRef<HTMLDivElement>(null);
  const scroll = useRef({ nearBottom: true, prependFrom: null as number | null, lastId: '' });

  const merge = useCallback((incoming: Message[]) => setMessages((all) => mergeMessages(all, incoming)), []);

  // The latest page, then live events and catch-ups.
  useEffect(() => {
    const controller = new AbortController();
    api.get<MessagePage>(messagePaths.history(conversationId, { limit: 50 }), controller.signal).then(
      (page) => {
        merge(page.items);
        setHasOlder(page.nextCursor !== null);
        setLoaded(true);
      },
      (reason: unknown) => {
        if (!controller.signal.aborted) setError(reason);
      },
    );
    const mineEvent = (message: Message) => message.conversationId === conversationId;
    const catchUp = async () => {
      let after = lastSeqOf(messagesRef.current);
      for (let pages = 0; pages < 20; pages++) {
        const page = await api.get<MessagePage>(messagePaths.history(conversationId, { after, limit: 200 }));
        merge(page.items);
        if (!page.nextCursor || page.items.length === 0) break;
        after = page.items[page.items.length - 1].seq;
      }
    };
    const offs = [
      realtime.on<Message>('message:new', (message) => {
        if (!mineEvent(message)) return;
        merge([message]);
        setTyping((all) => {
          if (!all.has(message.authorId)) return all;
          const next = new Map(all);
          next.delete(message.authorId);
          return next;
        });
      }),
      realtime.on<Message>('message:updated', (message) => mineEvent(message) && merge([message])),
      realtime.on<Message>('message:deleted', (message) => mineEvent(message) && merge([message])),
      realtime.on<TypingEvent>('typing', (event) => {
        if (event.conversationId !== conversationId || event.userId === me.user.id) return;
        setTyping((all) => new Map(all).set(event.userId, Date.now() + TYPING_TTL_MS));
      }),
      realtime.onReconnect(() => {
        catchUp().catch((reason: unknown) => setError(reason));
      }),
    ];
    return () => {
      controller.abort();
      for (const off of offs) off();
    };
  }, [api, realtime, me.user.id, conversationId, merge]);

  // Typing hints fade out on their own.
  useEffect(() => {
    if (typing.size === 0) return;
    const timer = setInterval(() => {
      const at = Date.now();
      setNow(at);
      setTyping((all) => {
        const live = [...all].filter(([, until]) => until > at);
        return live.length === all.size ? all : new Map(live);
      });
    }, 1000);
    return () => clearInterval(timer);
  }, [typing.size]);

  // Read marks: whatever is on screen while the tab is visible.
  useEffect(() => {
    const mark = () => {
      if (document.visibilityState !== 'visible') return;
      const tail = unreadTail(messagesRef.current, me.user.id, readSeq.current);
      if (!tail) return;
      readSeq.current = tail.seq;
      api
        .post<ReadState>(`/conversations/${conversationId}/read`, { messageId: tail.id })
        .then(onRead, () => {
          readSeq.current = Math.min(readSeq.current, tail.seq - 1);
        });
    };
    mark();
    document.addEventListener('visibilitychange', mark);
    return () => document.removeEventListener('visibilitychange', mark);
  }, [api, me.user.id, conversationId, messages, onRead]);

  const loadOlder = useCallback(async () => {
    const before = firstSeqOf(messagesRef.current);
    if (before === null || before <= 1) return setHasOlder(false);
    setLoadingOlder(true);
    try {
      const page = await api.get<MessagePage>(messagePaths.history(conversationId, { before, limit: 50 }));
      scroll.current.prependFrom = list.current?.scrollHeight ?? null;
      merge(page.items);
      setHasOlder(page.nextCursor !== null);
    } catch (reason) {
      setError(reason);
    } finally {
      setLoadingOlder(false);
    }
  }, [api, conversationId, merge]);

  // Keep the reader's place: older pages keep the view still, new messages follow only a reader at the end.
  useLayoutEffect(() => {
    const el = list.current;
    if (!el) return;
    const state = scroll.current;
    if (state.prependFrom !== null) {
      el.scrollTop += el.scrollHeight - state.prependFrom;
      state.prependFrom = null;
      return;
    }
    const top = messages.filter((m) => m.parentId === null);
    const last = top[top.length - 1];
    if (last && last.id !== state.lastId) {
      state.lastId = last.id;
      if (state.nearBottom || last.authorId === me.user.id) el.scrollTop = el.scrollHeight;
    }
  }, [messages, me.user.id]);

  const onScroll = () => {
    const el = list.current;
    if (!el) return;
    scroll.current.nearBottom = el.scrollHeight - el.scrollTop - el.clientHeight < NEAR_BOTTOM_PX;
    if (el.scrollTop < 80 && hasOlder && !loadingOlder && loaded) void loadOlder();
  };

  const deliver = async (local: ShownMessage) => {
    const clientId = local.clientId!;
    try {
      const ack = await realtime.request<SendAck>('message:send', {
        conversationId,
        body: local.body,
        ...(local.parentId ? { parentId: local.parentId } : {}),
        ...(local.attachments.length ? { attachmentIds: local.attachments.map((a) => a.id) } : {}),
        clientId,
      });
      if (!ack.ok || !ack.message) throw new Error(ack.error?.message ?? 'The server refused the message');
      merge([ack.message]);
    } catch (reason) {
      const text =
        reason instanceof Error && reason.message === 'operation has timed out' ? 'no answer' : null;
      setMessages((all) => markFailed(all, clientId, text ?? errorMessage(reason)));
    }
  };

  const send = (parentId: string | null) => (body: string, attachments: Attachment[]) => {
    const local = localMessage(
      { conversationId, body, parentId, clientId: newClientId() },
      me.user.id,
      attachments,
    );
    scroll.current.nearBottom = true;
    setMessages((all) => [...all, local]);
    void deliver(local);
  };

  const retry = (message: ShownMessage) => {
    setMessages((all) => markPending(all, message.clientId!));
    void deliver(message);
  };

  const topLevel = messages.filter((m) => m.parentId === null);
  const parent = threadId ? messages.find((m) => m.id === threadId && !isLocal(m)) : undefined;
  const typingText = typingLabel(typingNames(typing, now, nameOf));

  return (
    <div className={`conversation ${threadId ? 'with-thread' : ''}`}>
      <section className="conversation-main" aria-label={title}>
        <header className="conversation-header">
          <h2>{title}</h2>
          {conversation.topic && <p className="muted">{conversation.topic}</p>}
        </header>
        <div
          className="message-list"
          ref={list}
          onScroll={onScroll}
          tabIndex={0}
          role="log"
          aria-label="Messages"
        >
          {hasOlder && (
            <button
              type="button"
              className="link-button load-older"
              disabled={loadingOlder}
              onClick={loadOlder}
            >
              {loadingOlder ? 'Loading older messages…' : 'Load older messages'}
            </button>
          )}
          {!loaded && !error && <p className="muted">Loading messages…</p>}
          {loaded && topLevel.length === 0 && <p className="muted">No messages yet. Say hello!</p>}
          {topLevel.map((message) => (
            <MessageItem
              key={message.id}
              message={message}
              nameOf={nameOf}
              onChanged={(m) => merge([m])}
              onThread={isLocal(message) ? undefined : () => onOpenThread(message.id)}
              onRetry={() => retry(message)}
            />
          ))}
        </div>
        {error !== null && (
          <p className="form-error" role="alert">
            {errorMessage(error)}
          </p>
        )}
        <p className="typing" aria-live="polite">
          {typingText}
        </p>
        <Composer
          key={conversationId}
          companyId={companyId}
          conversationId={conversationId}
          label={`Message ${title}`}
          onSend={send(null)}
        />
      </section>
      {threadId && (
        <ThreadPanel
          key={threadId}
          companyId={companyId}
          conversationId={conversationId}
          parentId={threadId}
          parent={parent}
          replies={messages.filter((m) => m.parentId === threadId)}
          nameOf={nameOf}
          merge={merge}
          onSend={send(threadId)}
          onRetry={retry}
          onClose={() => onOpenThread(null)}
        />
      )}
    </div>
  );
}

function ThreadPanel({
  companyId,
  conversationId,
  parentId,
  parent,
  replies,
  nameOf,
  merge,
  onSend,
  onRetry,
  onClose,
}: {
  companyId: string;
  conversationId: string;
  parentId: string;
  parent: ShownMessage | undefined;
  replies: ShownMessage[];
  nameOf: (userId: string) => string;
  merge: (messages: Message[]) => void;
  onSend: (body: string, attachments: Attachment[]) => void;
  onRetry: (message: ShownMessage) => void;
  onClose: () => void;
}) {
  const { api } = useWorkspace();
  const [error, setError] = useState<unknown>(null);
  // Loaded once per thread; the parent's later updates arrive through the shared store.
  const [known] = useState(parent !== undefined);

  useEffect(() => {
    const controller = new AbortController();
    const load = async () => {
      if (!known) merge([await api.get<Message>(`/messages/${parentId}`, controller.signal)]);
      let cursor: string | undefined;
      for (let pages = 0; pages < 10; pages++) {
        const page = await api.get<MessagePage>(
          messagePaths.history(conversationId, { parentId, after: 0, limit: 200, cursor }),
          controller.signal,
        );
        merge(page.items);
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
    };
    load().catch((reason: unknown) => {
      if (!controller.signal.aborted) setError(reason);
    });
    return () => controller.abort();
  }, [api, conversationId, parentId, merge, known]);

  return (
    <aside className="thread-panel" aria-label="Thread">
      <header className="thread-header">
        <h2>Thread</h2>
        <button type="button" onClick={onClose}>
          Close thread
        </button>
      </header>
      {parent && (
        <MessageItem
          message={parent}
          nameOf={nameOf}
          onChanged={(m) => merge([m])}
          onRetry={() => undefined}
        />
      )}
      <ol className="thread-replies" aria-label="Replies">
        {replies.map((reply) => (
          <li key={reply.id}>
            <MessageItem
              message={reply}
              nameOf={nameOf}
              onChanged={(m) => merge([m])}
              onRetry={() => onRetry(reply)}
            />
          </li>
        ))}
      </ol>
      {error !== null && (
        <p className="form-error" role="alert">
          {errorMessage(error)}
        </p>
      )}
      <Composer
        companyId={companyId}
        conversationId={conversationId}
        label="Reply in thread"
        onSend={onSend}
      />
    </aside>
  );
}
