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

/** What require() decides from: the conversation, its room and company, its participants. */
export interface ConversationFacts {
  conversation: Conversation;
  roomKind: RoomKind;
  roomEnabled: boolean;
  ownerId: string | null;
  participantIds: readonly string[];
}

/** A send's decision, and the facts its write must find unchanged (see requirePost). */
export interface ConversationGrant {
  ctx: ConversationContext;
  facts: ConversationFacts;
}

const FACTS_CACHE = 10_000;

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
  private readonly facts = new Map<string, ConversationFacts>();

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
    return this.judge(auth, await this.read(auth, conversationId, manager), action, manager);
  }

  /**
   * require(auth, id, 'post') for a send, decided from facts kept per conversation and shared by every
   * sender, so a busy conversation is not read again for each message. Kept facts are only as good as the
   * rows they came from: the send's write puts `stillHolds` in its own statement and, when that finds
   * nothing, calls `forget` and asks again. So an archive, a disabled room, a deleted company or a new
   * owner counts from the very next message. The caller's role is theirs as of now (the auth given);
   * entity threads, whose rule reads the entity, are decided afresh every time.
   */
  async requirePost(auth: AuthUser, conversationId: string): Promise<ConversationGrant> {
    const manager = this.dataSource.manager;
    const kept = this.facts.get(conversationId);
    if (kept) {
      try {
        return { ctx: await this.judge(auth, kept, 'post', manager), facts: kept };
      } catch {
        // A refusal is given only from facts read now: the kept ones may be older than a reopening.
        this.facts.delete(conversationId);
      }
    }
    const facts = await this.read(auth, conversationId, manager);
    if (!this.threads.governs(facts.conversation.entityType)) {
      // Shared by every sender: nobody may change what the next one decides from.
      Object.freeze(facts.conversation);
      Object.freeze(facts.participantIds);
      if (this.facts.size >= FACTS_CACHE) this.facts.clear();
      this.facts.set(conversationId, facts);
    }
    return { ctx: await this.judge(auth, facts, 'post', manager), facts };
  }

  forget(conversationId: string): void {
    this.facts.delete(conversationId);
  }

  /**
   * The SQL condition over the conversation alias `c` that `facts` still hold, and for an entity thread
   * that `auth` may still read it. Pushes its values onto `params`, returns it with `$n` placeholders.
   */
  stillHolds(auth: AuthUser, facts: ConversationFacts, params: unknown[]): string {
    const p = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const { conversation } = facts;
    // Row comparisons, which no index serves: the row is found by its primary key alone.
    const conditions = [
      `(c.workspace_id, c.company_id, c.room_id, c.kind, c.vendor_only, c.entity_type, c.entity_id)
         IS NOT DISTINCT FROM (${p(conversation.workspaceId)}::uuid, ${p(conversation.companyId)}::uuid,
           ${p(conversation.roomId)}::uuid, ${p(conversation.kind)}::text, ${p(conversation.vendorOnly)}::boolean,
           ${p(conversation.entityType)}::text, ${p(conversation.entityId)}::uuid)`,
      'c.archived_at IS NULL',
      `EXISTS (SELECT 1 FROM rooms r JOIN companies co ON co.id = c.company_id AND co.deleted_at IS NULL
                WHERE r.id = c.room_id
                  AND (r.kind, r.enabled, co.owner_id) IS NOT DISTINCT FROM
                      (${p(facts.roomKind)}::text, ${p(facts.roomEnabled)}::boolean, ${p(facts.ownerId)}::uuid))`,
    ];
    if (conversation.kind === 'direct') {
      conditions.push(
        `ARRAY(SELECT cm.user_id FROM conversation_members cm WHERE cm.conversation_id = c.id ORDER BY cm.user_id)
           = ARRAY(SELECT u FROM unnest(${p(facts.participantIds)}::uuid[]) AS u ORDER BY u)`,
      );
    }
    if (this.threads.governs(conversation.entityType)) {
      conditions.push(
        this.threads.readable({
          id: `${p(auth.id)}::uuid`,
          role: `${p(auth.role)}::text`,
          companyId: `${p(auth.companyId)}::uuid`,
        }),
      );
    }
    return conditions.join(' AND ');
  }

  /** The facts of a conversation of the caller's workspace whose company is not deleted (404 otherwise). */
  private async read(
    auth: AuthUser,
    conversationId: string,
    manager: EntityManager,
  ): Promise<ConversationFacts> {
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
    const participantIds =
      conversation.kind === 'direct' ? await this.participants(manager, conversationId) : [];
    return {
      conversation,
      roomKind: row.r_kind,
      roomEnabled: row.r_enabled,
      ownerId: row.co_owner_id,
      participantIds,
    };
  }

  private async judge(
    auth: AuthUser,
    facts: ConversationFacts,
    action: ConversationAction,
    manager: EntityManager,
  ): Promise<ConversationContext> {
    const { conversation } = facts;
    if (conversation.workspaceId !== auth.workspaceId) throw new NotFoundException('Conversation not found');
    const relation = relationTo(auth, { id: conversation.companyId, ownerId: facts.ownerId });
    if (!relation) throw new NotFoundException('Conversation not found');
    // An entity thread is read by whoever may read its entity, a room's conversation by who enters the room.
    const readable = this.threads.governs(conversation.entityType)
      ? await this.canReadEntity(auth, conversation.id, manager)
      : this.access.canEnterRoom(relation, { kind: facts.roomKind, enabled: facts.roomEnabled });
    if (!readable) throw new NotFoundException('Conversation not found');
    const participantIds = [...facts.participantIds];
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
