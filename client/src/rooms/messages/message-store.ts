import type { Conversation, Message, ShownMessage } from './messages-types';

/**
 * One conversation's messages as the view holds them: confirmed ones by seq, then the sender's own
 * optimistic ones (`local:<clientId>`) in the order typed, until the server's copy with the same clientId
 * replaces them.
 */
export function mergeMessages(list: readonly ShownMessage[], incoming: readonly Message[]): ShownMessage[] {
  if (incoming.length === 0) return list as ShownMessage[];
  const byId = new Map<string, ShownMessage>();
  const local: ShownMessage[] = [];
  for (const m of list) {
    if (isLocal(m)) local.push(m);
    else byId.set(m.id, m);
  }
  const confirmedClientIds = new Set<string>();
  for (const m of incoming) {
    const known = byId.get(m.id);
    // An older copy arriving late (a catch-up page after a live update) never undoes an edit or delete.
    if (known && !newer(m, known)) continue;
    byId.set(m.id, m);
    if (m.clientId) confirmedClientIds.add(m.clientId);
  }
  for (const m of byId.values()) if (m.clientId) confirmedClientIds.add(m.clientId);
  const confirmed = [...byId.values()].sort((a, b) => a.seq - b.seq);
  return [...confirmed, ...local.filter((m) => !m.clientId || !confirmedClientIds.has(m.clientId))];
}

function newer(next: Message, known: Message): boolean {
  if (next.deleted) return true;
  if (known.deleted) return false;
  if (known.editedAt && (!next.editedAt || next.editedAt < known.editedAt)) return false;
  return true;
}

export function isLocal(message: ShownMessage): boolean {
  return message.id.startsWith('local:');
}

/** The optimistic copy of a message being sent. */
export function localMessage(
  draft: { conversationId: string; body: string; parentId: string | null; clientId: string },
  authorId: string,
  attachments: Message['attachments'] = [],
): ShownMessage {
  return {
    id: `local:${draft.clientId}`,
    conversationId: draft.conversationId,
    seq: 0,
    authorId,
    body: draft.body,
    parentId: draft.parentId,
    replyCount: 0,
    lastReplyAt: null,
    mentions: [],
    attachments,
    reactions: [],
    clientId: draft.clientId,
    editedAt: null,
    deleted: false,
    createdAt: new Date().toISOString(),
    pending: true,
  };
}

export function markFailed(list: readonly ShownMessage[], clientId: string, reason: string): ShownMessage[] {
  return list.map((m) =>
    isLocal(m) && m.clientId === clientId ? { ...m, pending: false, failed: reason } : m,
  );
}

export function markPending(list: readonly ShownMessage[], clientId: string): ShownMessage[] {
  return list.map((m) =>
    isLocal(m) && m.clientId === clientId ? { ...m, pending: true, failed: undefined } : m,
  );
}

/** The highest confirmed seq: where a catch-up (`after=`) continues from. */
export function lastSeqOf(list: readonly ShownMessage[]): number {
  let last = 0;
  for (const m of list) if (!isLocal(m) && m.seq > last) last = m.seq;
  return last;
}

/** The lowest confirmed seq: where older history (`before=`) continues from. */
export function firstSeqOf(list: readonly ShownMessage[]): number | null {
  let first: number | null = null;
  for (const m of list) if (!isLocal(m) && (first === null || m.seq < first)) first = m.seq;
  return first;
}

/** The newest confirmed message someone else wrote after `lastReadSeq`: what to mark read. */
export function unreadTail(
  list: readonly ShownMessage[],
  me: string,
  lastReadSeq: number,
): ShownMessage | null {
  let tail: ShownMessage | null = null;
  for (const m of list) {
    if (isLocal(m) || m.seq <= lastReadSeq) continue;
    if (!tail || m.seq > tail.seq) tail = m;
  }
  return tail && list.some((m) => !isLocal(m) && m.seq > lastReadSeq && m.authorId !== me) ? tail : null;
}

/** Conversations most recently active first, as the server lists them. */
export function sortConversations(list: readonly Conversation[]): Conversation[] {
  const at = (c: Conversation) => c.lastMessageAt ?? c.createdAt;
  return [...list].sort((a, b) => (at(a) < at(b) ? 1 : at(a) > at(b) ? -1 : a.id < b.id ? 1 : -1));
}

/** A live `message:new` applied to the list: activity time, and unread counts unless it is mine or open. */
export function applyNewMessage(
  list: readonly Conversation[],
  message: Message,
  me: string,
  openId: string | null,
): Conversation[] {
  const next = list.map((c) => {
    if (c.id !== message.conversationId) return c;
    const counts = message.authorId !== me && c.id !== openId && message.seq > c.lastReadSeq;
    return {
      ...c,
      lastSeq: Math.max(c.lastSeq, message.seq),
      lastMessageAt: message.createdAt,
      unreadCount: c.unreadCount + (counts ? 1 : 0),
      mentionCount: c.mentionCount + (counts && message.mentions.includes(me) ? 1 : 0),
    };
  });
  return sortConversations(next);
}

/** The people typing in a conversation, dropping those whose last signal is older than `ttlMs`. */
export function typingNames(
  typing: ReadonlyMap<string, number>,
  now: number,
  nameOf: (userId: string) => string,
): string[] {
  return [...typing.entries()].filter(([, at]) => at > now).map(([userId]) => nameOf(userId));
}

export function typingLabel(names: string[]): string {
  if (names.length === 0) return '';
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  return `${names.length} people are typing…`;
}

export function conversationTitle(
  conversation: Pick<Conversation, 'kind' | 'name' | 'participantIds'>,
  me: string,
  nameOf: (userId: string) => string,
): string {
  if (conversation.kind === 'channel') return `#${conversation.name ?? 'channel'}`;
  const others = conversation.participantIds.filter((id) => id !== me);
  return others.length ? others.map(nameOf).join(', ') : 'Just you';
}

export function formatBytes(size: number): string {
  if (size < 1024) return `${size} B`;
  if (size < 1024 * 1024) return `${(size / 1024).toFixed(1)} KB`;
  return `${(size / (1024 * 1024)).toFixed(1)} MB`;
}
