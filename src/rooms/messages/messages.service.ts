import {
  ConflictException,
  ForbiddenException,
  Inject,
  Injectable,
  Logger,
  NotFoundException,
} from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { messagePolicy } from '../../core/access/policies/message.policy';
import { AuthUser } from '../../core/auth/auth-user';
import { queryPrepared } from '../../core/database/prepared-query';
import { Tx, UnitOfWork } from '../../core/database/unit-of-work';
import { BadInputException, TooManyRequestsException } from '../../core/http/errors';
import {
  decodeCursor,
  encodeCursor,
  Page,
  pageLimit,
  PageQueryDto,
  toPage,
} from '../../core/http/pagination';
import { RateLimiter } from '../../core/http/rate-limiter';
import { Attachments } from '../../core/storage/attachments';
import { ConversationAccess, ConversationContext, ConversationGrant } from './conversation-access';
import { Conversation } from './conversation.entity';
import { EntityThreads } from './entity-threads';
import { Mentionable, resolveMentions } from './mentions';
import { Message } from './message.entity';
import { MessageAlertsService } from './message-alerts.service';
import {
  EditMessageDto,
  HistoryQueryDto,
  mapMessage,
  MessagePageView,
  MessageView,
  SendMessageDto,
} from './messages.dto';
import { Audience, MessageFanout } from './message-fanout';

export interface MessageRate {
  messages: number;
  windowSeconds: number;
}
/** Messages per user per window; a provider so tests that need long histories can raise it. */
export const MESSAGE_RATE = Symbol('MESSAGE_RATE');
export const DEFAULT_MESSAGE_RATE: MessageRate = { messages: 20, windowSeconds: 10 };
const CLIENT_ID_HOURS = 24;
const MAX_REACTIONS = 50;

/** How often a send decides access again when the conversation keeps changing under it. */
const MAX_REGRANTS = 2;

class DuplicateClientId extends Error {}
/** The conversation no longer is what the grant was decided from (see ConversationAccess.requirePost). */
class StaleGrant extends Error {}

/** What another room adds when it posts to its entity's thread. */
export interface SendOptions {
  /** People the room checked itself, instead of the `@` handles of the body. */
  mentions?: string[];
  /** Runs in the message's transaction after the insert, e.g. the room's own activity entry. */
  within?: (tx: Tx, message: Message) => Promise<unknown>;
}

@Injectable()
export class MessagesService {
  private readonly logger = new Logger('Messages');

  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly access: ConversationAccess,
    private readonly gateway: MessageFanout,
    private readonly attachments: Attachments,
    private readonly limiter: RateLimiter,
    private readonly alerts: MessageAlertsService,
    private readonly threads: EntityThreads,
    @Inject(MESSAGE_RATE) private readonly rate: MessageRate,
  ) {}

  /**
   * Posts a message: seq allocated under the conversation's row lock, so it is gap-free and in commit
   * order; the caller gets it only after commit, then it fans out. The same `clientId` from the same user
   * within 24 h returns the first message and writes nothing.
   */
  async send(
    auth: AuthUser,
    conversationId: string,
    dto: SendMessageDto,
    clientId?: string,
    options: SendOptions = {},
  ): Promise<MessageView> {
    let grant = await this.access.requirePost(auth, conversationId);
    try {
      await this.limit(auth);
    } catch (error) {
      // A retry is answered even while the sender is throttled: it writes nothing.
      const first = clientId ? await this.byClientId(auth.id, clientId) : null;
      if (first) return this.replay(first, conversationId);
      throw error;
    }
    const attachmentIds = [...new Set(dto.attachmentIds ?? [])];
    if (dto.body.trim() === '' && attachmentIds.length === 0) {
      throw new BadInputException('A message needs a body or an attachment', [
        { field: 'body', problem: 'must not be empty' },
      ]);
    }
    if (dto.parentId) await this.requireParent(conversationId, dto.parentId);
    const companyId = grant.ctx.conversation.companyId;
    const attachments = await this.attachments.resolve(auth, companyId, attachmentIds);
    let regrants = 0;
    let keyFreed = false;
    for (;;) {
      const values = {
        workspaceId: auth.workspaceId,
        companyId,
        conversationId,
        authorId: auth.id,
        body: dto.body,
        parentId: dto.parentId ?? null,
        mentions: options.mentions ?? (await this.mentionsIn(grant.ctx, dto.body)),
        attachments,
        clientId: clientId ?? null,
      };
      try {
        return await this.insert(auth, grant, await this.audience(grant.ctx), values, options.within);
      } catch (error) {
        if (error instanceof StaleGrant && regrants < MAX_REGRANTS) {
          // What the grant was decided from changed: decide again, which refuses if access is gone.
          this.access.forget(conversationId);
          grant = await this.access.requirePost(auth, conversationId);
          regrants += 1;
          continue;
        }
        if (error instanceof StaleGrant) throw new ConflictException('The conversation changed; send again');
        if (!clientId || !(error instanceof DuplicateClientId)) throw error;
        // A resend (or a concurrent twin) of a message already written: answer with the first one.
        const first = await this.byClientId(auth.id, clientId);
        if (first) return this.replay(first, conversationId);
        if (keyFreed) throw error;
        // The key was last used more than 24 h ago: free it and write the message.
        await this.dataSource.query(
          `UPDATE messages SET client_id = NULL WHERE author_id = $1 AND client_id = $2`,
          [auth.id, clientId],
        );
        keyFreed = true;
      }
    }
  }

  /**
   * The seq bump (holding the conversation's row lock until commit, so seqs are gap-free and in commit
   * order) and the insert in a single statement, which also checks that what the grant was decided from
   * still holds. Alone it is its own transaction: no BEGIN and COMMIT round trips, and the row lock ends
   * with the commit inside Postgres, not a turn of this event loop later. A reply (the parent's counters)
   * or a room's `within` work share a transaction with it.
   */
  private async insert(
    auth: AuthUser,
    grant: ConversationGrant,
    audience: Audience,
    values: Omit<
      Message,
      | 'id'
      | 'seq'
      | 'replyCount'
      | 'lastReplyAt'
      | 'reactions'
      | 'editedAt'
      | 'deletedAt'
      | 'createdAt'
      | 'searchVector'
    >,
    within?: SendOptions['within'],
  ): Promise<MessageView> {
    const params: unknown[] = [
      values.conversationId,
      values.workspaceId,
      values.companyId,
      values.authorId,
      values.body,
      values.parentId,
      values.mentions,
      JSON.stringify(values.attachments),
      values.clientId,
    ];
    // The row lock is taken first and the seq set only if the insert happened: a taken clientId writes
    // nothing and leaves no gap, without failing the statement.
    const sql = `WITH locked AS (
         SELECT c.last_seq + 1 AS seq, c.name FROM conversations c
          WHERE c.id = $1 AND ${this.access.stillHolds(auth, grant.facts, params)}
          FOR UPDATE OF c),
       created AS (
         INSERT INTO messages (workspace_id, company_id, conversation_id, seq, author_id, body, parent_id,
                               mentions, attachments, client_id)
         SELECT $2, $3, $1, locked.seq, $4, $5, $6, $7::uuid[], $8::jsonb, $9 FROM locked
         ON CONFLICT DO NOTHING
         RETURNING id, seq, created_at),
       bumped AS (
         UPDATE conversations SET last_seq = created.seq, last_message_at = now()
           FROM created WHERE conversations.id = $1)
       SELECT created.id, created.seq, created.created_at, locked.name FROM locked LEFT JOIN created ON TRUE`;
    const write = async (manager: EntityManager) => {
      const rows = await queryPrepared<{
        id: string | null;
        seq: number;
        created_at: Date;
        name: string | null;
      }>(manager, sql, params);
      if (rows.length === 0) throw new StaleGrant();
      if (rows[0].id === null) throw new DuplicateClientId();
      const message = Object.assign(new Message(), values, {
        id: rows[0].id,
        seq: Number(rows[0].seq),
        createdAt: new Date(rows[0].created_at),
        replyCount: 0,
        lastReplyAt: null,
        reactions: {},
        editedAt: null,
        deletedAt: null,
      });
      // The grant may be older than a rename; alerts name the conversation as it is now.
      const ctx = { ...grant.ctx, conversation: { ...grant.ctx.conversation, name: rows[0].name } };
      return { message, ctx };
    };
    const published = (
      message: Message,
      view: MessageView,
      ctx: ConversationContext,
      parent: Message | null,
    ) => {
      this.gateway.messageNew(audience, view);
      if (parent) this.gateway.messageUpdated(audience, mapMessage(parent));
      this.alerts
        .afterSend(auth, ctx, message)
        .catch((error: Error) => this.logger.warn(`alerts for ${message.id} failed: ${error.message}`));
    };
    if (!values.parentId && !within) {
      const { message, ctx } = await write(this.dataSource.manager);
      const view = mapMessage(message);
      published(message, view, ctx, null);
      return view;
    }
    return this.uow.run(async (tx) => {
      const { message, ctx } = await write(tx.manager);
      let parent: Message | null = null;
      if (message.parentId) {
        await tx.manager.query(
          `UPDATE messages SET reply_count = reply_count + 1, last_reply_at = $2 WHERE id = $1`,
          [message.parentId, message.createdAt],
        );
        parent = await tx.manager.findOneByOrFail(Message, { id: message.parentId });
      }
      if (within) await within(tx, message);
      const view = mapMessage(message);
      tx.afterCommit(() => published(message, view, ctx, parent));
      return view;
    });
  }

  /** Pages of `limit` (50) by seq: `after` oldest first for catch-up, else the newest before `before`. */
  async history(auth: AuthUser, conversationId: string, query: HistoryQueryDto): Promise<MessagePageView> {
    const { conversation } = await this.access.require(auth, conversationId, 'read');
    const limit = query.limit ?? 50;
    const cursor = decodeCursor(query.cursor, 2);
    const forward = cursor ? cursor[0] === 'after' : query.after !== undefined;
    const from = cursor ? Number(cursor[1]) : forward ? query.after! : (query.before ?? null);
    const qb = this.dataSource
      .getRepository(Message)
      .createQueryBuilder('m')
      .where('m.conversationId = :conversationId', { conversationId });
    if (query.parentId) qb.andWhere('m.parentId = :parentId', { parentId: query.parentId });
    if (forward) qb.andWhere('m.seq > :from', { from }).orderBy('m.seq', 'ASC');
    else {
      if (from !== null) qb.andWhere('m.seq < :from', { from });
      qb.orderBy('m.seq', 'DESC');
    }
    const rows = await qb.take(limit + 1).getMany();
    const more = rows.length > limit;
    const page = rows.slice(0, limit);
    if (!forward) page.reverse();
    const edge = forward ? page[page.length - 1] : page[0];
    return {
      items: page.map(mapMessage),
      nextCursor: more && edge ? encodeCursor([forward ? 'after' : 'before', edge.seq]) : null,
      lastSeq: conversation.lastSeq,
    };
  }

  async get(auth: AuthUser, id: string): Promise<MessageView> {
    const { message } = await this.load(auth, id, 'read');
    return mapMessage(message);
  }

  /** The author edits the body; `editedAt` shows it. Mentions are resolved again; new ones are alerted. */
  async edit(auth: AuthUser, id: string, dto: EditMessageDto): Promise<MessageView> {
    const { ctx } = await this.load(auth, id, 'post');
    const mentions = await this.mentionsIn(ctx, dto.body);
    const audience = await this.audience(ctx);
    return this.uow.run(async (tx) => {
      const message = await this.lockMessage(tx.manager, id);
      if (message.authorId !== auth.id) throw new ForbiddenException('Only the author edits a message');
      if (message.deletedAt) throw new ConflictException('A deleted message cannot be edited');
      if (dto.body.trim() === '' && message.attachments.length === 0) {
        throw new BadInputException('A message needs a body or an attachment', [
          { field: 'body', problem: 'must not be empty' },
        ]);
      }
      const added = mentions.filter((id) => !message.mentions.includes(id));
      message.body = dto.body;
      message.mentions = mentions;
      message.editedAt = new Date();
      await tx.manager.save(message);
      const view = mapMessage(message);
      tx.afterCommit(() => {
        this.gateway.messageUpdated(audience, view);
        if (added.length === 0) return;
        this.alerts
          .afterEdit(auth, ctx, message, added)
          .catch((error: Error) => this.logger.warn(`alerts for ${message.id} failed: ${error.message}`));
      });
      return view;
    });
  }

  /** Soft delete: the body, files and reactions go, the placeholder keeps its seq and thread. */
  async remove(auth: AuthUser, id: string): Promise<void> {
    const { ctx, message: found } = await this.load(auth, id, 'read');
    if (found.authorId !== auth.id && !messagePolicy.moderate.includes(ctx.relation)) {
      throw new ForbiddenException('Only the author or the partner’s channel manager deletes a message');
    }
    const audience = await this.audience(ctx);
    await this.uow.run(async (tx) => {
      const message = await this.lockMessage(tx.manager, id);
      if (message.deletedAt) return;
      message.body = '';
      message.mentions = [];
      message.attachments = [];
      message.reactions = {};
      message.deletedAt = new Date();
      await tx.manager.save(message);
      const view = mapMessage(message);
      tx.afterCommit(() => this.gateway.messageDeleted(audience, view));
    });
  }

  async react(auth: AuthUser, id: string, emoji: string, add: boolean): Promise<MessageView> {
    const { ctx } = await this.load(auth, id, 'post');
    const audience = await this.audience(ctx);
    return this.uow.run(async (tx) => {
      const message = await this.lockMessage(tx.manager, id);
      if (message.deletedAt) throw new ConflictException('A deleted message takes no reactions');
      const users = message.reactions[emoji] ?? [];
      const has = users.includes(auth.id);
      if (add === has) return mapMessage(message);
      if (add && !message.reactions[emoji] && Object.keys(message.reactions).length >= MAX_REACTIONS) {
        throw new ConflictException(`A message takes at most ${MAX_REACTIONS} different reactions`);
      }
      const next = add ? [...users, auth.id] : users.filter((u) => u !== auth.id);
      const reactions = { ...message.reactions };
      if (next.length) reactions[emoji] = next;
      else delete reactions[emoji];
      message.reactions = reactions;
      await tx.manager.save(message);
      const view = mapMessage(message);
      tx.afterCommit(() => this.gateway.messageUpdated(audience, view));
      return view;
    });
  }

  /** The message and its conversation if the caller may see it (404 otherwise, same as unknown ids). */
  async load(auth: AuthUser, id: string, action: 'read' | 'post') {
    const message = await this.dataSource.manager.findOne(Message, {
      where: { id, workspaceId: auth.workspaceId },
    });
    if (!message) throw new NotFoundException('Message not found');
    let ctx: ConversationContext;
    try {
      ctx = await this.access.require(auth, message.conversationId, action);
    } catch (error) {
      if (error instanceof NotFoundException) throw new NotFoundException('Message not found');
      throw error;
    }
    return { message, ctx };
  }

  /** People who may read the conversation, for `@name` / `@email` / `@id`. */
  async mentionsIn(ctx: ConversationContext, body: string): Promise<string[]> {
    if (!body.includes('@')) return [];
    const { conversation } = ctx;
    if (this.threads.governs(conversation.entityType))
      return resolveMentions(body, await this.access.readers(conversation));
    const params: unknown[] = [conversation.workspaceId];
    let where: string;
    if (conversation.kind === 'direct') {
      params.push(ctx.participantIds);
      where = 'u.id = ANY($2::uuid[])';
    } else {
      params.push(conversation.companyId, conversation.roomId);
      const partners = conversation.vendorOnly
        ? 'FALSE'
        : `(u.company_id = $2 AND EXISTS (SELECT 1 FROM rooms r WHERE r.id = $3 AND r.enabled))`;
      where = `((u.company_id IS NULL AND u.role IN ('admin', 'channel_manager', 'vendor_member')) OR ${partners})`;
    }
    const people: Mentionable[] = await this.dataSource.query(
      `SELECT u.id, u.name, u.email FROM users u WHERE u.workspace_id = $1 AND u.status = 'active' AND ${where}`,
      params,
    );
    return resolveMentions(body, people);
  }

  /**
   * Top-level messages of an entity's thread, oldest first, for the room that owns the entity (which has
   * checked access to it); none before the first post.
   */
  async threadOf(
    workspaceId: string,
    entityType: string,
    entityId: string,
    manager: EntityManager = this.dataSource.manager,
    page?: { afterSeq: number; limit: number },
  ): Promise<Message[]> {
    const qb = manager
      .createQueryBuilder(Message, 'm')
      .innerJoin(Conversation, 'c', 'c.id = m.conversationId')
      .where('c.workspaceId = :workspaceId AND c.entityType = :entityType AND c.entityId = :entityId', {
        workspaceId,
        entityType,
        entityId,
      })
      .andWhere('m.parentId IS NULL AND m.deletedAt IS NULL')
      .orderBy('m.seq', 'ASC');
    if (page) qb.andWhere('m.seq > :afterSeq', { afterSeq: page.afterSeq }).take(page.limit);
    return qb.getMany();
  }

  /**
   * An entity's thread oldest first, a page of top-level messages after the cursor (replies stay in the
   * messages room); the calling room has checked that the caller may read the entity.
   */
  async threadPage<T>(
    workspaceId: string,
    entityType: string,
    entityId: string,
    query: PageQueryDto,
    map: (message: MessageView) => T,
  ): Promise<Page<T>> {
    const limit = pageLimit(query);
    const cursor = decodeCursor(query.cursor, 1);
    const rows = await this.threadOf(workspaceId, entityType, entityId, undefined, {
      afterSeq: cursor ? Number(cursor[0]) : 0,
      limit: limit + 1,
    });
    return toPage(
      rows,
      limit,
      (m) => [m.seq],
      (m) => map(mapMessage(m)),
    );
  }

  /** Where this conversation's events go; entity threads ask who may read the entity now. */
  private async audience(ctx: ConversationContext): Promise<Audience> {
    const audience = this.gateway.remember(ctx.conversation, ctx.participantIds);
    if (!audience.entityThread) return audience;
    const readers = await this.access.readers(ctx.conversation);
    return { ...audience, readerIds: readers.map((r) => r.id) };
  }

  private async limit(auth: AuthUser): Promise<void> {
    const window = await this.limiter.hit(`messages:${auth.id}`, this.rate.windowSeconds);
    if (window.count > this.rate.messages) {
      throw new TooManyRequestsException(
        `More than ${this.rate.messages} messages in ${this.rate.windowSeconds} s`,
        window.resetIn,
      );
    }
  }

  private async requireParent(conversationId: string, parentId: string): Promise<void> {
    const parent = await this.dataSource.manager.findOne(Message, {
      select: { id: true, parentId: true, deletedAt: true },
      where: { id: parentId, conversationId },
    });
    if (!parent || parent.parentId !== null || parent.deletedAt) {
      throw new BadInputException('Unknown parent message', [
        { field: 'parentId', problem: 'is not a top-level message of this conversation' },
      ]);
    }
  }

  private async byClientId(authorId: string, clientId: string): Promise<Message | null> {
    return this.dataSource
      .getRepository(Message)
      .createQueryBuilder('m')
      .where('m.authorId = :authorId AND m.clientId = :clientId', { authorId, clientId })
      .andWhere(`m.createdAt > now() - make_interval(hours => :hours)`, { hours: CLIENT_ID_HOURS })
      .getOne();
  }

  private replay(first: Message, conversationId: string): MessageView {
    if (first.conversationId !== conversationId) {
      throw new ConflictException('This clientId was already used for a message in another conversation');
    }
    return mapMessage(first);
  }

  private async lockMessage(manager: EntityManager, id: string): Promise<Message> {
    const message = await manager
      .createQueryBuilder(Message, 'm')
      .where('m.id = :id', { id })
      .setLock('pessimistic_write')
      .getOne();
    if (!message) throw new NotFoundException('Message not found');
    return message;
  }
}
