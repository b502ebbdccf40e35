import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
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
import { ENTITY_TYPE, EntityThreads } from './entity-threads';
import { rowsOf, visibleConversations } from './conversation-visibility';
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

@Injectable()
export class ConversationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly access: ConversationAccess,
    private readonly activity: ActivityService,
    private readonly reads: ReadStateService,
    private readonly gateway: MessageFanout,
    private readonly threads: EntityThreads,
  ) {}

  /** A new conversation, or (`created: false`) the direct conversation of the same people in the same room. */
  async create(
    auth: AuthUser,
    dto: CreateConversationDto,
  ): Promise<{ conversation: ConversationView; created: boolean }> {
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
    const result = await this.uow.run(async (tx) => {
      if (dto.kind === 'direct') {
        const existing = await this.sameDirect(tx, room.id, participantIds);
        if (existing) return { row: existing, created: false };
      }
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
      return { row, created: true };
    });
    if (!result.created) return { conversation: await this.get(auth, result.row.id), created: false };
    this.gateway.remember(result.row, participantIds);
    return {
      conversation: mapConversation(result.row, participantIds, {
        lastReadSeq: 0,
        unreadCount: 0,
        mentionCount: 0,
      }),
      created: true,
    };
  }

  /**
   * The room's direct conversation of exactly these people, if there is one. Holds a lock on the set until
   * commit, so two identical requests at once make one conversation.
   */
  private async sameDirect(tx: Tx, roomId: string, participantIds: string[]): Promise<Conversation | null> {
    const sorted = [...participantIds].sort();
    await tx.manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
      `direct:${roomId}:${sorted.join(',')}`,
    ]);
    const [same] = rowsOf<{ id: string }>(
      await tx.manager.query(
        `SELECT c.id FROM conversations c
          WHERE c.room_id = $1 AND c.kind = 'direct'
            AND EXISTS (SELECT 1 FROM conversation_members cm WHERE cm.conversation_id = c.id AND cm.user_id = $2)
            AND (SELECT array_agg(cm.user_id::text ORDER BY cm.user_id::text) FROM conversation_members cm
                  WHERE cm.conversation_id = c.id) = $3::text[]
          ORDER BY c.created_at LIMIT 1`,
        [roomId, sorted[0], sorted],
      ),
    );
    return same ? tx.manager.findOneByOrFail(Conversation, { id: same.id }) : null;
  }

  async list(auth: AuthUser, query: ConversationQueryDto): Promise<ConversationPageView> {
    if (query.companyId) await this.access.requireMessagesRoom(auth, query.companyId, 'read');
    if (query.roomId) await this.access.requireRoom(auth, query.roomId, 'read');
    const limit = query.limit ?? 50;
    const params: unknown[] = [];
    const where = [visibleConversations(auth, params, this.threads)];
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
   * messages room. The calling room checks access to its entity first. A thread whose room registered a
   * rule (EntityThreads) is then read by whoever may read the entity; any other needs the messages room.
   * Partners never get a vendor-only thread.
   */
  async threadFor(auth: AuthUser, companyId: string, entity: ThreadEntity): Promise<ConversationView> {
    if (!ENTITY_TYPE.test(entity.type)) throw new Error(`Invalid entity type "${entity.type}"`);
    const governed = this.threads.governs(entity.type);
    const { room, relation } = governed
      ? await this.access.messagesRoomOf(auth, companyId)
      : await this.access.requireMessagesRoom(auth, companyId, 'read');
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
        // The messages room's activity log would name the entity to people who may not read it.
        if (!row || governed) return;
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

  /** Deletes the threads of entities that are gone for good (a purged file), with everything in them. */
  async dropThreads(manager: EntityManager, entityType: string, entityIds: string[]): Promise<void> {
    if (entityIds.length === 0) return;
    const ids = rowsOf<{ id: string }>(
      await manager.query(
        `SELECT id FROM conversations WHERE entity_type = $1 AND entity_id = ANY($2::uuid[])`,
        [entityType, entityIds],
      ),
    ).map((row) => row.id);
    if (ids.length === 0) return;
    for (const table of ['message_alerts', 'conversation_reads', 'conversation_members', 'messages']) {
      await manager.query(`DELETE FROM ${table} WHERE conversation_id = ANY($1::uuid[])`, [ids]);
    }
    await manager.query(`DELETE FROM conversations WHERE id = ANY($1::uuid[])`, [ids]);
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
