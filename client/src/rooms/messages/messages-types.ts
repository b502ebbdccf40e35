/** Shapes of the messages room's part of the contract (CONTRACT.md "messages", OpenAPI `messages`). */

export interface Attachment {
  id: string;
  versionId: string;
  name: string;
  size: number;
  contentType: string;
}

export interface Reaction {
  emoji: string;
  userIds: string[];
  count: number;
}

export interface Message {
  id: string;
  conversationId: string;
  seq: number;
  authorId: string;
  body: string;
  parentId: string | null;
  replyCount: number;
  lastReplyAt: string | null;
  mentions: string[];
  attachments: Attachment[];
  reactions: Reaction[];
  clientId: string | null;
  editedAt: string | null;
  deleted: boolean;
  createdAt: string;
}

/** A message shown before the server has it: `pending` while in flight, `failed` when it gave up. */
export interface ShownMessage extends Message {
  pending?: boolean;
  failed?: string;
}

export interface MessagePage {
  items: Message[];
  nextCursor: string | null;
  lastSeq: number;
}

export interface Conversation {
  id: string;
  companyId: string;
  roomId: string;
  kind: 'channel' | 'direct';
  name: string | null;
  topic: string;
  participantIds: string[];
  vendorOnly: boolean;
  entityType: string | null;
  entityId: string | null;
  lastSeq: number;
  lastMessageAt: string | null;
  archivedAt: string | null;
  lastReadSeq: number;
  unreadCount: number;
  mentionCount: number;
  createdAt: string;
}

export interface UnreadCount {
  unreadCount: number;
  mentionCount: number;
}

export interface RoomUnread extends UnreadCount {
  roomId: string;
}

export interface ConversationUnread extends RoomUnread {
  conversationId: string;
  lastReadSeq: number;
}

export interface UnreadSummary {
  rooms: RoomUnread[];
  conversations: ConversationUnread[];
}

/** `message:unread` and the answer of `POST /conversations/:id/read`. */
export interface ReadState extends ConversationUnread {
  room: RoomUnread;
}

export interface TypingEvent {
  conversationId: string;
  roomId?: string;
  userId: string;
}

export interface SearchHit {
  message: Message;
  conversationName: string | null;
  rank: number;
  /** HTML-escaped by the server with <mark> around the matches. */
  highlight: string;
}

export interface Person {
  userId: string;
  name: string;
  email: string;
}

export interface SendAck {
  ok: boolean;
  message?: Message;
  error?: { statusCode?: number; message?: string };
}

export const messagePaths = {
  conversations: (companyId: string) => `/conversations?companyId=${companyId}&limit=200`,
  history: (conversationId: string, query: Record<string, string | number | undefined>) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
    const text = params.toString();
    return `/conversations/${conversationId}/messages${text ? `?${text}` : ''}`;
  },
  unread: (companyId: string) => `/conversations/unread?companyId=${companyId}`,
  contacts: (companyId: string) => `/companies/${companyId}/contacts`,
  search: (companyId: string, q: string) =>
    `/messages/search?companyId=${companyId}&limit=30&q=${encodeURIComponent(q)}`,
};
