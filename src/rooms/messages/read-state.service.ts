import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AuthUser } from '../../core/auth/auth-user';
import { EntityThreads } from './entity-threads';
import { visibleConversations } from './conversation-visibility';
import { ConversationUnreadView, ReadStateView, RoomUnreadView } from './messages.dto';

interface CountRow {
  conversation_id: string;
  room_id: string;
  last_read_seq: number;
  unread: string;
  mentions: string;
}

export interface UnreadFilter {
  conversationIds?: string[];
  roomId?: string;
  companyId?: string;
  /** Leave out conversations read to the end. */
  unreadOnly?: boolean;
}

/**
 * Unread and mention counts: messages after the user's last read seq, by others, not deleted. Counted
 * from the messages themselves, so they are never out of step with what history returns.
 */
@Injectable()
export class ReadStateService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly threads: EntityThreads,
  ) {}

  async counts(
    auth: AuthUser,
    filter: UnreadFilter,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ConversationUnreadView[]> {
    const params: unknown[] = [];
    const where = [visibleConversations(auth, params, this.threads)];
    const p = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (filter.conversationIds) where.push(`c.id = ANY(${p(filter.conversationIds)}::uuid[])`);
    if (filter.roomId) where.push(`c.room_id = ${p(filter.roomId)}`);
    if (filter.companyId) where.push(`c.company_id = ${p(filter.companyId)}`);
    if (filter.unreadOnly) where.push('c.last_seq > COALESCE(r.last_read_seq, 0)');
    const viewer = p(auth.id);
    const rows: CountRow[] = await manager.query(
      `SELECT c.id AS conversation_id, c.room_id, COALESCE(r.last_read_seq, 0) AS last_read_seq,
              COALESCE(u.unread, 0) AS unread, COALESCE(u.mentions, 0) AS mentions
         FROM conversations c
         LEFT JOIN conversation_reads r ON r.conversation_id = c.id AND r.user_id = ${viewer}
         LEFT JOIN LATERAL (
           SELECT count(*) AS unread, count(*) FILTER (WHERE ${viewer} = ANY(m.mentions)) AS mentions
             FROM messages m
            WHERE m.conversation_id = c.id AND m.seq > COALESCE(r.last_read_seq, 0)
              AND m.author_id <> ${viewer} AND m.deleted_at IS NULL
         ) u ON c.last_seq > COALESCE(r.last_read_seq, 0)
        WHERE ${where.join(' AND ')}`,
      params,
    );
    return rows.map((row) => ({
      conversationId: row.conversation_id,
      roomId: row.room_id,
      lastReadSeq: Number(row.last_read_seq),
      unreadCount: Number(row.unread),
      mentionCount: Number(row.mentions),
    }));
  }

  /** Totals per room of the given per-conversation counts. */
  byRoom(counts: ConversationUnreadView[]): RoomUnreadView[] {
    const rooms = new Map<string, RoomUnreadView>();
    for (const c of counts) {
      const room = rooms.get(c.roomId) ?? { roomId: c.roomId, unreadCount: 0, mentionCount: 0 };
      room.unreadCount += c.unreadCount;
      room.mentionCount += c.mentionCount;
      rooms.set(c.roomId, room);
    }
    return [...rooms.values()];
  }

  /** One conversation's counts and its room's totals: what `message:unread` carries. */
  async state(auth: AuthUser, conversationId: string, roomId: string): Promise<ReadStateView> {
    const inRoom = await this.counts(auth, { roomId });
    const own = inRoom.find((c) => c.conversationId === conversationId) ?? {
      conversationId,
      roomId,
      lastReadSeq: 0,
      unreadCount: 0,
      mentionCount: 0,
    };
    const [room] = this.byRoom(inRoom);
    return { ...own, room: room ?? { roomId, unreadCount: 0, mentionCount: 0 } };
  }
}
