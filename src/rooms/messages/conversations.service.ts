import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { DIRECT_MAX_PARTICIPANTS, DIRECT_MIN_PARTICIPANTS } from '../../core/access/policies/message.policy';
import { isPartnerRelation } from '../../core/access/relation';
import { isVendorRole, Role } from '../../core/access/roles';
import { ActivityService } from '../../core/activity/activity.service';
import { AuthUser } from '../../core/auth/auth-user';
import { Tx, UnitOfWork } from '../../core/database/unit-of-work';
import { BadInputException } from '../../core/http/errors';
import { decodeCursor, encodeCursor } from '../../core/http/pagination';
import { Conversation } from './conversation.entity';
import { ConversationAccess, RoomContext } from './conversation-access';
import { ConversationMember } from './conversation-member.entity';
import { visibleConversations } from './conversation-visibility';
import { Message } from './message.entity';
import {
  ConversationPageView,
  ConversationQueryDto,
  ConversationView,
  CreateConversationDto,
  mapConversation,
  ReadStateView,
  UnreadQueryDto,
  UnreadView,
  UpdateConversationDto,
} from './messages.dto';
import { MessageFanout } from './message-fanout';
import { ReadStateService } from './read-state.service';

/** What another room attaches a thread to: a deal, lead, plan goal, file or task. */
export interface ThreadEntity {
  type: string;
  id: string;
  /** The thread's name, e.g. the deal's name. */
  title: string;
  /** Internal notes partners never see. */
  vendorOnly?: boolean;
}

const ENTITY_TYPE = /^[a-z][a-z_]{0,39}$/;

@Injectable()
export class ConversationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly access: ConversationAccess,
    private readonly activity: ActivityService,
    private readonly reads: ReadStateService,
    private readonly gateway: MessageFanout,
  ) {}

  async create(auth: AuthUser, dto: CreateConversationDto): Promise<ConversationView> {
    const action = dto.kind === 'channel' ? 'create_channel' : 'create_direct';
    const { room } = await this.roomFor(auth, dto, action);
    if (dto.kind === 'channel') {
      if (!dto.name)
        throw new BadInputException('A channel needs a name', [{ field: 'name', problem: 'is required' }]);
      if (dto.participantIds) {
        throw new BadInputException('Channels are open to the whole room', [
          { field: 'participantIds', problem: 'only direct conversations name participants' },
        ]);
      }
    }
    const participantIds =
      dto.kind === 'direct'
        ? await this.checkParticipants(auth, room.companyId, dto.participantIds ?? [])
        : [];
    const conversation = await this.uow.run(async (tx) => {
      const row = await tx.manager.save(
        tx.manager.create(Conversation, {
          workspaceId: auth.workspaceId,
          companyId: room.companyId,
          roomId: room.id,
          kind: dto.kind,
          name: dto.name ?? null,
          topic: dto.topic ?? '',
          vendorOnly: false,
          createdById: auth.id,
        }),
      );
      if (participantIds.length) {
        await tx.manager.save(
          participantIds.map((userId) =>
            tx.manager.create(ConversationMember, { conversationId: row.id, userId }),
          ),
        );
      }
      // Direct conversations are private: the room's activity log does not announce them.
      if (row.kind === 'channel')
        await this.record(tx, auth, row, 'conversation.created', `${auth.name} opened #${row.name}`);
      return row;
    });
    this.gateway.remember(conversation, participantIds);
    return mapConversation(conversation, participantIds, { lastReadSeq: 0, unreadCount: 0, mentionCount: 0 });
  }

  async list(auth: AuthUser, query: ConversationQueryDto): Promise<ConversationPageView> {
    if (query.companyId) await this.access.requireMessagesRoom(auth, query.companyId, 'read');
    if (query.roomId) await this.access.requireRoom(auth, query.roomId, 'read');
    const limit = query.limit ?? 50;
    const params: unknown[] = [];
    const where = [visibleConversations(auth, params)];
    const p = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    if (query.companyId) where.push(`c.company_id = ${p(query.companyId)}`);
    if (query.roomId) where.push(`c.room_id = ${p(query.roomId)}`);
    if (query.kind) where.push(`c.kind = ${p(query.kind)}`);
    where.push(query.archived ? 'c.archived_at IS NOT NULL' : 'c.archived_at IS NULL');
    const cursor = decodeCursor(query.cursor, 2);
    if (cursor) {
      where.push(
        `(COALESCE(c.last_message_at, c.created_at), c.id) < (${p(cursor[0])}::timestamptz, ${p(cursor[1])}::uuid)`,
      );
    }
    const rows: Array<{ id: string; at: Date }> = await this.dataSource.query(
      `SELECT c.id, COALESCE(c.last_message_at, c.created_at) AS at FROM conversations c
        WHERE ${where.join(' AND ')}
        ORDER BY COALESCE(c.last_message_at, c.created_at) DESC, c.id DESC LIMIT ${limit + 1}`,
      params,
    );
    const more = rows.length > limit;
    const page = rows.slice(0, limit);
    const items = await this.views(
      auth,
      page.map((r) => r.id),
    );
    const last = page[page.length - 1];
    return {
      items,
      nextCursor: more && last ? encodeCursor([new Date(last.at).toISOString(), last.id]) : null,
    };
  }

  async get(auth: AuthUser, id: string): Promise<ConversationView> {
    await this.access.require(auth, id, 'read');
    const [view] = await this.views(auth, [id]);
    return view;
  }

  /** Rename, set the topic, archive or reopen a channel. */
  async update(auth: AuthUser, id: string, dto: UpdateConversationDto): Promise<ConversationView> {
    await this.uow.run(async (tx) => {
      const { conversation } = await this.access.require(auth, id, 'manage', tx.manager);
      if (conversation.kind === 'direct' && (dto.name !== undefined || dto.archived !== undefined)) {
        throw new BadInputException('Direct conversations are neither named nor archived', [
          { field: dto.name !== undefined ? 'name' : 'archived', problem: 'applies to channels only' },
        ]);
      }
      await tx.manager
        .createQueryBuilder(Conversation, 'c')
        .where('c.id = :id', { id })
        .setLock('pessimistic_write')
        .getOne();
      const changes: string[] = [];
      if (dto.name !== undefined && dto.name !== conversation.name) {
        conversation.name = dto.name;
        changes.push('renamed');
      }
      if (dto.topic !== undefined && dto.topic !== conversation.topic) {
        conversation.topic = dto.topic;
        changes.push('topic');
      }
      let type = 'conversation.updated';
      if (dto.archived !== undefined && dto.archived !== (conversation.archivedAt !== null)) {
        conversation.archivedAt = dto.archived ? new Date() : null;
        type = dto.archived ? 'conversation.archived' : 'conversation.reopened';
        changes.push(dto.archived ? 'archived' : 'reopened');
      }
      if (changes.length === 0) return;
      await tx.manager.save(conversation);
      const label = conversation.name ? `#${conversation.name}` : 'a conversation';
      await this.record(
        tx,
        auth,
        conversation,
        type,
        `${auth.name} updated ${label} (${changes.join(', ')})`,
      );
    });
    return this.get(auth, id);
  }

  /** Everything unread the caller may read, per conversation and per room. */
  async unread(auth: AuthUser, query: UnreadQueryDto): Promise<UnreadView> {
    if (query.companyId) await this.access.requireMessagesRoom(auth, query.companyId, 'read');
    const conversations = (
      await this.reads.counts(auth, { companyId: query.companyId, unreadOnly: true })
    ).filter((c) => c.unreadCount > 0 || c.mentionCount > 0);
    return { rooms: this.reads.byRoom(conversations), conversations };
  }

  /** Moves the caller's read mark forward (never back) and tells every tab of theirs. */
  async markRead(auth: AuthUser, id: string, messageId: string): Promise<ReadStateView> {
    const { conversation } = await this.access.require(auth, id, 'read');
    const message = await this.dataSource.manager.findOne(Message, {
      select: { id: true, seq: true },
      where: { id: messageId, conversationId: id },
    });
    if (!message) {
      throw new BadInputException('Unknown message', [
        { field: 'messageId', problem: 'is not a message of this conversation' },
      ]);
    }
    await this.uow.run(({ manager }) =>
      manager.query(
        `INSERT INTO conversation_reads (conversation_id, user_id, last_read_seq, updated_at)
         VALUES ($1, $2, $3, now())
         ON CONFLICT (conversation_id, user_id) DO UPDATE
           SET last_read_seq = GREATEST(conversation_reads.last_read_seq, EXCLUDED.last_read_seq), updated_at = now()`,
        [id, auth.id, message.seq],
      ),
    );
    const state = await this.reads.state(auth, id, conversation.roomId);
    this.gateway.readState(auth.id, state);
    return state;
  }

  /**
   * The conversation attached to an entity of another room, created on first use in the company's
   * messages room. The calling room checks access to its entity first; here the caller must be able to
   * enter the messages room, and partners never get a vendor-only thread.
   */
  async threadFor(auth: AuthUser, companyId: string, entity: ThreadEntity): Promise<ConversationView> {
    if (!ENTITY_TYPE.test(entity.type)) throw new Error(`Invalid entity type "${entity.type}"`);
    const { room, relation } = await this.access.requireMessagesRoom(auth, companyId, 'read');
    if (entity.vendorOnly && isPartnerRelation(relation))
      throw new NotFoundException('Conversation not found');
    const find = () =>
      this.dataSource.manager.findOne(Conversation, {
        where: { entityType: entity.type, entityId: entity.id, workspaceId: auth.workspaceId },
      });
    let conversation = await find();
    if (!conversation) {
      await this.uow.run(async (tx) => {
        // Two first uses at once: one inserts, the other finds it afterwards.
        const inserted = await tx.manager
          .createQueryBuilder()
          .insert()
          .into(Conversation)
          .values({
            workspaceId: auth.workspaceId,
            companyId,
            roomId: room.id,
            kind: 'channel',
            name: entity.title.slice(0, 120),
            topic: '',
            vendorOnly: entity.vendorOnly === true,
            entityType: entity.type,
            entityId: entity.id,
            createdById: auth.id,
          })
          .orIgnore()
          .returning(['id'])
          .execute();
        const [row] = inserted.raw as Array<{ id: string }>;
        if (!row) return;
        const created = await tx.manager.findOneByOrFail(Conversation, { id: row.id });
        await this.record(
          tx,
          auth,
          created,
          'conversation.created',
          `${auth.name} started the thread on ${entity.title}`,
        );
      });
      conversation = await find();
      if (!conversation) throw new NotFoundException('Conversation not found');
    }
    if (conversation.companyId !== companyId) throw new NotFoundException('Conversation not found');
    return this.get(auth, conversation.id);
  }

  private async roomFor(
    auth: AuthUser,
    dto: CreateConversationDto,
    action: 'create_channel' | 'create_direct',
  ): Promise<RoomContext> {
    if (dto.roomId) {
      const context = await this.access.requireRoom(auth, dto.roomId, action);
      if (dto.companyId && dto.companyId !== context.room.companyId) {
        throw new BadInputException('The room belongs to another company', [
          { field: 'roomId', problem: 'is not a room of companyId' },
        ]);
      }
      return context;
    }
    if (!dto.companyId) {
      throw new BadInputException('Name the company or the room', [
        { field: 'companyId', problem: 'companyId or roomId is required' },
      ]);
    }
    return this.access.requireMessagesRoom(auth, dto.companyId, action);
  }

  /** The caller plus the named people: 2..8 active users, each vendor staff or of this company. */
  private async checkParticipants(auth: AuthUser, companyId: string, named: string[]): Promise<string[]> {
    const ids = [...new Set([auth.id, ...named.map((id) => id.toLowerCase())])];
    if (ids.length < DIRECT_MIN_PARTICIPANTS || ids.length > DIRECT_MAX_PARTICIPANTS) {
      throw new BadInputException(
        `A direct conversation has ${DIRECT_MIN_PARTICIPANTS} to ${DIRECT_MAX_PARTICIPANTS} participants, you included`,
        [{ field: 'participantIds', problem: `must name 1 to ${DIRECT_MAX_PARTICIPANTS - 1} other people` }],
      );
    }
    const users: Array<{ id: string; role: Role; company_id: string | null }> = await this.dataSource.query(
      `SELECT id, role, company_id FROM users WHERE id = ANY($1::uuid[]) AND workspace_id = $2 AND status = 'active'`,
      [ids, auth.workspaceId],
    );
    const allowed = new Set(
      users.filter((u) => isVendorRole(u.role) || u.company_id === companyId).map((u) => u.id),
    );
    const refused = ids.filter((id) => !allowed.has(id));
    if (refused.length) {
      throw new BadInputException('Some participants cannot take part in this company’s conversations', [
        {
          field: 'participantIds',
          problem: `not people of this company or vendor staff: ${refused.join(', ')}`,
        },
      ]);
    }
    return ids;
  }

  private async views(auth: AuthUser, ids: string[]): Promise<ConversationView[]> {
    if (ids.length === 0) return [];
    const [rows, members, counts] = await Promise.all([
      this.dataSource.manager.find(Conversation, { where: { id: In(ids) } }),
      this.dataSource.manager.find(ConversationMember, {
        where: { conversationId: In(ids) },
        order: { createdAt: 'ASC' },
      }),
      this.reads.counts(auth, { conversationIds: ids }),
    ]);
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.flatMap((id) => {
      const row = byId.get(id);
      if (!row) return [];
      const count = counts.find((c) => c.conversationId === id);
      return [
        mapConversation(
          row,
          members.filter((m) => m.conversationId === id).map((m) => m.userId),
          count ?? { lastReadSeq: 0, unreadCount: 0, mentionCount: 0 },
        ),
      ];
    });
  }

  private record(tx: Tx, auth: AuthUser, conversation: Conversation, type: string, summary: string) {
    return this.activity.record(tx, {
      workspaceId: auth.workspaceId,
      companyId: conversation.companyId,
      roomId: conversation.roomId,
      actorId: auth.id,
      type,
      entity: 'conversation',
      entityId: conversation.id,
      summary,
      audience: conversation.vendorOnly ? 'vendor' : 'all',
    });
  }
}
