import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../../core/access/access.service';
import {
  canSeeConversation,
  ConversationAction,
  CONVERSATION_ROOM_KINDS,
  messagePolicy,
} from '../../core/access/policies/message.policy';
import { isPartnerRelation, Relation, relationTo } from '../../core/access/relation';
import { RoomKind } from '../../core/access/roles';
import { AuthUser } from '../../core/auth/auth-user';
import { Company } from '../../core/workspace/company.entity';
import { Room } from '../../core/workspace/room.entity';
import { Conversation } from './conversation.entity';
import { ConversationMember } from './conversation-member.entity';
import { rowsOf, visibleConversations } from './conversation-visibility';
import { EntityThreads } from './entity-threads';

export interface ConversationContext {
  conversation: Conversation;
  relation: Relation;
  partner: boolean;
  /** Direct conversations: the participants; channels: empty. */
  participantIds: string[];
}

export interface RoomContext {
  room: Room;
  relation: Relation;
}

interface Row {
  r_kind: RoomKind;
  r_enabled: boolean;
  co_owner_id: string | null;
}

/** The messages room's door: every route, the socket handlers and entity threads resolve through here. */
@Injectable()
export class ConversationAccess {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessService,
    private readonly threads: EntityThreads,
  ) {}

  /**
   * The conversation if the caller may see it: 404 for another company's, a room they may not enter, a
   * direct conversation they are not in, a vendor-only thread for a partner; 403 when they see it but may
   * not do `action`; 409 when posting to an archived channel.
   */
  async require(
    auth: AuthUser,
    conversationId: string,
    action: ConversationAction,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ConversationContext> {
    const { entities, raw } = await manager
      .createQueryBuilder(Conversation, 'c')
      .innerJoin(Room, 'r', 'r.id = c.roomId')
      .innerJoin(Company, 'co', 'co.id = c.companyId AND co.deletedAt IS NULL')
      .addSelect(['r.kind', 'r.enabled', 'co.ownerId'])
      .where('c.id = :conversationId AND c.workspaceId = :ws', { conversationId, ws: auth.workspaceId })
      .getRawAndEntities<Row>();
    const conversation = entities[0];
    const row = raw[0];
    if (!conversation || !row) throw new NotFoundException('Conversation not found');
    const relation = relationTo(auth, { id: conversation.companyId, ownerId: row.co_owner_id });
    if (!relation) throw new NotFoundException('Conversation not found');
    // An entity thread is read by whoever may read its entity, a room's conversation by who enters the room.
    const readable = this.threads.governs(conversation.entityType)
      ? await this.canReadEntity(auth, conversationId, manager)
      : this.access.canEnterRoom(relation, { kind: row.r_kind, enabled: row.r_enabled });
    if (!readable) throw new NotFoundException('Conversation not found');
    const participantIds =
      conversation.kind === 'direct' ? await this.participants(manager, conversationId) : [];
    if (!canSeeConversation(relation, conversation, participantIds.includes(auth.id))) {
      throw new NotFoundException('Conversation not found');
    }
    const context = { conversation, relation, partner: isPartnerRelation(relation), participantIds };
    if (action === 'read') return context;
    const creatorManages = action === 'manage' && conversation.createdById === auth.id;
    if (!messagePolicy[action].includes(relation) && !creatorManages) {
      throw new ForbiddenException(`Your role may not ${action.replace('_', ' ')} in this conversation`);
    }
    if (action === 'post' && conversation.archivedAt) {
      throw new ConflictException('This channel is archived; reopen it to post');
    }
    return context;
  }

  /** A room that holds conversations, if the caller may enter it (404 otherwise). */
  async requireRoom(auth: AuthUser, roomId: string, action: ConversationAction): Promise<RoomContext> {
    const { room, relation } = await this.access.requireRoom(auth, roomId);
    if (!(CONVERSATION_ROOM_KINDS as readonly string[]).includes(room.kind)) {
      throw new NotFoundException('Room not found');
    }
    this.requireAction(relation, action);
    return { room, relation };
  }

  /** The company's messages room, if the caller may enter it (404 otherwise). */
  async requireMessagesRoom(
    auth: AuthUser,
    companyId: string,
    action: ConversationAction,
  ): Promise<RoomContext> {
    const room = await this.dataSource.manager.findOne(Room, {
      where: { companyId, kind: 'messages', workspaceId: auth.workspaceId },
    });
    if (!room) throw new NotFoundException('Company not found');
    try {
      return await this.requireRoom(auth, room.id, action);
    } catch (error) {
      if (error instanceof NotFoundException) throw new NotFoundException('Company not found');
      throw error;
    }
  }

  /**
   * The company's messages room and the caller's relation to the company, whether or not they may enter
   * the room: entity threads live there but follow their entity's rule.
   */
  async messagesRoomOf(auth: AuthUser, companyId: string): Promise<RoomContext> {
    const found = await this.dataSource.manager
      .createQueryBuilder(Room, 'r')
      .innerJoin(Company, 'co', 'co.id = r.companyId AND co.deletedAt IS NULL')
      .addSelect(['co.ownerId'])
      .where('r.companyId = :companyId AND r.kind = :kind AND r.workspaceId = :ws', {
        companyId,
        kind: 'messages',
        ws: auth.workspaceId,
      })
      .getRawAndEntities<{ co_owner_id: string | null }>();
    const room = found.entities[0];
    const relation = room ? relationTo(auth, { id: companyId, ownerId: found.raw[0].co_owner_id }) : null;
    if (!room || !relation) throw new NotFoundException('Company not found');
    return { room, relation };
  }

  requireAction(relation: Relation, action: ConversationAction): void {
    if (!messagePolicy[action].includes(relation)) {
      throw new ForbiddenException(`Your role may not ${action.replace('_', ' ')} here`);
    }
  }

  /** Which of `conversationIds` the user may read now, in one query (visibleConversations). */
  async readableIds(auth: AuthUser, conversationIds: string[]): Promise<Set<string>> {
    if (conversationIds.length === 0) return new Set();
    const params: unknown[] = [];
    const visible = visibleConversations(auth, params, this.threads);
    params.push(conversationIds);
    const rows = rowsOf<{ id: string }>(
      await this.dataSource.query(
        `SELECT c.id FROM conversations c WHERE c.id = ANY($${params.length}::uuid[]) AND ${visible}`,
        params,
      ),
    );
    return new Set(rows.map((row) => row.id));
  }

  /** Whether the caller may read the entity of a thread whose room registered a rule. */
  private async canReadEntity(
    auth: AuthUser,
    conversationId: string,
    manager: EntityManager,
  ): Promise<boolean> {
    const rows = rowsOf<{ ok: boolean }>(
      await manager.query(
        `SELECT EXISTS (SELECT 1 FROM conversations c WHERE c.id = $1 AND ${this.threads.readable({
          id: '$2::uuid',
          role: '$3::text',
          companyId: '$4::uuid',
        })}) AS ok`,
        [conversationId, auth.id, auth.role, auth.companyId],
      ),
    );
    return rows[0]?.ok === true;
  }

  /**
   * The active users who may read an entity thread whose room registered a rule: its events go to them
   * alone, and only they can be mentioned in it.
   */
  async readers(conversation: Conversation, manager: EntityManager = this.dataSource.manager) {
    const rows = rowsOf<{ id: string; name: string; email: string }>(
      await manager.query(
        `SELECT u.id, u.name, u.email FROM users u JOIN conversations c ON c.id = $1
          WHERE u.workspace_id = c.workspace_id AND u.status = 'active'
            AND (NOT c.vendor_only OR u.role IN ('admin', 'channel_manager', 'vendor_member'))
            AND (u.company_id IS NULL OR u.company_id = c.company_id)
            AND ${this.threads.readable({ id: 'u.id', role: 'u.role::text', companyId: 'u.company_id' })}`,
        [conversation.id],
      ),
    );
    return rows;
  }

  async participants(manager: EntityManager, conversationId: string): Promise<string[]> {
    const rows = await manager.find(ConversationMember, {
      select: { userId: true },
      where: { conversationId },
      order: { createdAt: 'ASC', userId: 'ASC' },
    });
    return rows.map((r) => r.userId);
  }
}
