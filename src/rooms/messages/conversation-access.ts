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
    if (!relation || !this.access.canEnterRoom(relation, { kind: row.r_kind, enabled: row.r_enabled })) {
      throw new NotFoundException('Conversation not found');
    }
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

  requireAction(relation: Relation, action: ConversationAction): void {
    if (!messagePolicy[action].includes(relation)) {
      throw new ForbiddenException(`Your role may not ${action.replace('_', ' ')} here`);
    }
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
