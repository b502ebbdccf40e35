import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import type { Page, PresenceUser, Room } from '../../api/types';
import { navigate, useLocation } from '../../app/router';
import { useWorkspace } from '../../app/session-context';
import { useAsync } from '../../app/use-async';
import { errorMessage } from '../../pages/form-field';
import { roomPath } from '../../shell/room-paths';
import { useRoomActivity } from '../use-room-activity';
import { ConversationView } from './conversation-view';
import { Highlight } from './markdown-view';
import { applyNewMessage, conversationTitle, sortConversations } from './message-store';
import {
  messagePaths,
  type Conversation,
  type Message,
  type Person,
  type ReadState,
  type SearchHit,
} from './messages-types';
import './messages.css';

const CHANNEL_CREATORS = [
  'admin',
  'channel_manager',
  'vendor_member',
  'partner_executive',
  'partner_manager',
];

/** The messages room: conversations with live unread and mention badges, the open one, search. */
export default function MessagesPage({ room, companyId }: { room: Room; companyId: string }) {
  const { api, realtime, me } = useWorkspace();
  const { path, search } = useLocation();
  const openId = search.get('conversation');
  const threadId = search.get('thread');
  const [conversations, setConversations] = useState<Conversation[] | null>(null);
  const [listError, setListError] = useState<unknown>(null);
  const [names, setNames] = useState<Map<string, string>>(
    () =>
      new Map([
        ...realtime.presenceOf(room.id).map((u): [string, string] => [u.userId, u.name]),
        [me.user.id, me.user.name],
      ]),
  );

  const people = useAsync(
    (signal) => api.get<Person[]>(messagePaths.contacts(companyId), signal).catch(() => [] as Person[]),
    [api, companyId],
  );
  useEffect(() => {
    if (!people.data) return;
    setNames((all) => {
      const next = new Map(all);
      for (const p of people.data ?? []) next.set(p.userId, p.name);
      return next;
    });
  }, [people.data]);
  useEffect(
    () =>
      realtime.onPresence((list: { roomId: string; users: PresenceUser[] }) =>
        setNames((all) => {
          if (list.users.every((u) => all.get(u.userId) === u.name)) return all;
          const next = new Map(all);
          for (const u of list.users) next.set(u.userId, u.name);
          return next;
        }),
      ),
    [realtime],
  );
  const nameOf = useCallback((userId: string) => names.get(userId) ?? 'Someone', [names]);

  const openIdRef = useRef(openId);
  openIdRef.current = openId;
  const listRef = useRef(conversations);
  listRef.current = conversations;

  const applyRead = useCallback((state: ReadState) => {
    setConversations((list) =>
      list
        ? list.map((c) =>
            c.id === state.conversationId
              ? {
                  ...c,
                  unreadCount: state.unreadCount,
                  mentionCount: state.mentionCount,
                  lastReadSeq: state.lastReadSeq,
                }
              : c,
          )
        : list,
    );
  }, []);

  const loadList = useCallback(() => {
    api.get<Page<Conversation>>(messagePaths.conversations(companyId)).then((page) => {
      setConversations(sortConversations(page.items.filter((c) => c.roomId === room.id)));
      setListError(null);
    }, setListError);
  }, [api, companyId, room.id]);

  useEffect(() => {
    loadList();
    const offs = [
      realtime.on<Message>('message:new', (message) => {
        const known = listRef.current;
        if (known && !known.some((c) => c.id === message.conversationId)) return loadList();
        setConversations((list) =>
          list ? applyNewMessage(list, message, me.user.id, openIdRef.current) : list,
        );
      }),
      realtime.on<ReadState>('message:unread', applyRead),
      realtime.onReconnect(loadList),
    ];
    return () => offs.forEach((off) => off());
  }, [api, realtime, me.user.id, loadList, applyRead]);

  const base = roomPath(companyId, room);
  const open = (conversationId: string | null, thread: string | null = null) => {
    const params = new URLSearchParams();
    if (conversationId) params.set('conversation', conversationId);
    if (thread) params.set('thread', thread);
    const query = params.toString();
    navigate(query ? `${base}?${query}` : base);
  };

  // Channels opened, renamed or archived by others.
  useRoomActivity(room.id, (event) => event.entity === 'conversation', loadList);

  // Land on the most recent conversation.
  useEffect(() => {
    if (!openId && conversations && conversations.length > 0 && path === base)
      navigate(`${base}?conversation=${conversations[0].id}`, { replace: true });
  }, [openId, conversations, path, base]);

  const current = conversations?.find((c) => c.id === openId) ?? null;
  const channels = (conversations ?? []).filter((c) => c.kind === 'channel');
  const directs = (conversations ?? []).filter((c) => c.kind === 'direct');
  const titleOf = (c: Conversation) => conversationTitle(c, me.user.id, nameOf);

  return (
    <div className="messages-room">
      <aside className="conversation-sidebar" aria-label="Conversations">
        <SearchBox
          companyId={companyId}
          titleOf={(id) => conversations?.find((c) => c.id === id)}
          onOpen={open}
          nameOf={nameOf}
        />
        {listError !== null && (
          <p className="form-error" role="alert">
            {errorMessage(listError)}
          </p>
        )}
        {!conversations && !listError && <p className="muted">Loading conversations…</p>}
        <ConversationGroup
          title="Channels"
          items={channels}
          openId={openId}
          titleOf={titleOf}
          onOpen={open}
        />
        <ConversationGroup
          title="Direct messages"
          items={directs}
          openId={openId}
          titleOf={titleOf}
          onOpen={open}
        />
        <NewConversation
          companyId={companyId}
          roomId={room.id}
          people={(people.data ?? []).filter((p) => p.userId !== me.user.id)}
          canCreateChannel={CHANNEL_CREATORS.includes(me.role)}
          onCreated={(conversation) => {
            setConversations((list) =>
              sortConversations([conversation, ...(list ?? []).filter((c) => c.id !== conversation.id)]),
            );
            open(conversation.id);
          }}
        />
      </aside>
      <div className="conversation-area">
        {current ? (
          <ConversationView
            key={current.id}
            companyId={companyId}
            conversation={current}
            title={titleOf(current)}
            threadId={threadId}
            nameOf={nameOf}
            onOpenThread={(id) => open(current.id, id)}
            onRead={applyRead}
          />
        ) : conversations && conversations.length === 0 ? (
          <p className="muted">No conversations yet. Start a channel or a direct message.</p>
        ) : openId && conversations ? (
          <p className="muted">This conversation does not exist, or you may not see it.</p>
        ) : null}
      </div>
    </div>
  );
}

function ConversationGroup({
  title,
  items,
  openId,
  titleOf,
  onOpen,
}: {
  title: string;
  items: Conversation[];
  openId: string | null;
  titleOf: (c: Conversation) => string;
  onOpen: (id: string) => void;
}) {
  return (
    <section className="conversation-group">
      <h2>{title}</h2>
      {items.length === 0 ? (
        <p className="muted">None yet.</p>
      ) : (
        <ul>
          {items.map((c) => {
            const name = titleOf(c);
            const unread = c.id === openId ? 0 : c.unreadCount;
            const mentions = c.id === openId ? 0 : c.mentionCount;
            return (
              <li key={c.id}>
                <button
                  type="button"
                  className={`conversation-link ${unread ? 'has-unread' : ''}`}
                  aria-current={c.id === openId ? 'true' : undefined}
                  aria-label={`${name}${unread ? `, ${unread} unread` : ''}${mentions ? `, ${mentions} mentioning you` : ''}`}
                  onClick={() => onOpen(c.id)}
                >
                  <span className="conversation-name">{name}</span>
                  {mentions > 0 && <span className="badge mention">@{mentions}</span>}
                  {unread > 0 && <span className="badge">{unread}</span>}
                </button>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function SearchBox({
  companyId,
  titleOf,
  onOpen,
  nameOf,
}: {
  companyId: string;
  titleOf: (conversationId: string) => Conversation | undefined;
  onOpen: (conversationId: string, thread?: string | null) => void;
  nameOf: (userId: string) => string;
}) {
  const { api } = useWorkspace();
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<SearchHit[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!q.trim()) return setHits(null);
    setBusy(true);
    setError(null);
    try {
      setHits((await api.get<Page<SearchHit>>(messagePaths.search(companyId, q.trim()))).items);
    } catch (reason) {
      setError(reason);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="message-search">
      <form role="search" onSubmit={submit}>
        <label htmlFor="message-search" className="visually-hidden">
          Search messages
        </label>
        <input
          id="message-search"
          type="search"
          placeholder="Search messages"
          value={q}
          onChange={(e) => setQ(e.target.value)}
        />
        <button type="submit" disabled={busy}>
          Search
        </button>
      </form>
      {error !== null && (
        <p className="form-error" role="alert">
          {errorMessage(error)}
        </p>
      )}
      {hits && (
        <section aria-label="Search results" className="search-results">
          <p className="muted" aria-live="polite">
            {hits.length === 0
              ? 'No messages match.'
              : `${hits.length} ${hits.length === 1 ? 'match' : 'matches'}`}
          </p>
          <ul>
            {hits.map((hit) => {
              const conversation = titleOf(hit.message.conversationId);
              return (
                <li key={hit.message.id}>
                  <button
                    type="button"
                    className="search-hit"
                    onClick={() => onOpen(hit.message.conversationId, hit.message.parentId)}
                  >
                    <span className="muted">
                      {hit.conversationName
                        ? `#${hit.conversationName}`
                        : conversation
                          ? 'Direct message'
                          : ''}{' '}
                      · {nameOf(hit.message.authorId)}
                    </span>
                    <span className="hit-text">
                      <Highlight html={hit.highlight} />
                    </span>
                  </button>
                </li>
              );
            })}
          </ul>
          <button type="button" className="link-button" onClick={() => setHits(null)}>
            Clear search
          </button>
        </section>
      )}
    </div>
  );
}

function NewConversation({
  companyId,
  roomId,
  people,
  canCreateChannel,
  onCreated,
}: {
  companyId: string;
  roomId: string;
  people: Person[];
  canCreateChannel: boolean;
  onCreated: (conversation: Conversation) => void;
}) {
  const { api } = useWorkspace();
  const [channel, setChannel] = useState('');
  const [person, setPerson] = useState('');
  const [error, setError] = useState<unknown>(null);

  const create = async (body: object) => {
    setError(null);
    try {
      onCreated(await api.post<Conversation>('/conversations', { companyId, roomId, ...body }));
      return true;
    } catch (reason) {
      setError(reason);
      return false;
    }
  };

  return (
    <section className="new-conversation">
      {canCreateChannel && (
        <form
          onSubmit={async (event) => {
            event.preventDefault();
            if (channel.trim() && (await create({ kind: 'channel', name: channel.trim() }))) setChannel('');
          }}
        >
          <label htmlFor="new-channel">New channel</label>
          <div className="inline-form">
            <input id="new-channel" value={channel} onChange={(e) => setChannel(e.target.value)} />
            <button type="submit">Create</button>
          </div>
        </form>
      )}
      {people.length > 0 && (
        <form
          onSubmit={async (event) => {
            event.preventDefault();
            if (person && (await create({ kind: 'direct', participantIds: [person] }))) setPerson('');
          }}
        >
          <label htmlFor="new-direct">Direct message with</label>
          <div className="inline-form">
            <select id="new-direct" value={person} onChange={(e) => setPerson(e.target.value)}>
              <option value="">Choose a person…</option>
              {people.map((p) => (
                <option key={p.userId} value={p.userId}>
                  {p.name}
                </option>
              ))}
            </select>
            <button type="submit">Start</button>
          </div>
        </form>
      )}
      {error !== null && (
        <p className="form-error" role="alert">
          {errorMessage(error)}
        </p>
      )}
    </section>
  );
}
