import { ForbiddenException, Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthUser } from '../../core/auth/auth-user';
import { AppSocket, RealtimeGateway, roomChannel, vendorChannel } from '../../core/realtime/realtime.gateway';
import { Conversation } from './conversation.entity';
import { ConversationAccess } from './conversation-access';
import { Audience, MessageFanout } from './message-fanout';
import { SocketSendDto, TypingDto } from './messages.dto';
import { MessagesService } from './messages.service';

const TYPING_INTERVAL_MS = 1_000;
/** Events about one conversation, each carrying its `conversationId`. */
const CONVERSATION_EVENTS = new Set([
  'message:new',
  'message:updated',
  'message:deleted',
  'message:unread',
  'typing',
]);

/** The messages room's client events on the shared Socket.IO server: `message:send` and `typing`. */
@Injectable()
export class MessagesGateway implements OnModuleInit {
  private readonly lastTyping = new WeakMap<AppSocket, Map<string, number>>();

  constructor(
    private readonly realtime: RealtimeGateway,
    private readonly messages: MessagesService,
    private readonly fanout: MessageFanout,
    private readonly access: ConversationAccess,
    private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    // Acked once the message has committed (send resolves after commit); a retry with the same
    // clientId answers with the first message.
    this.realtime.addHandler('message:send', SocketSendDto, async (socket, dto) => {
      const { conversationId, clientId, ...send } = dto;
      const auth = await this.realtime.currentUser(socket);
      const message = await this.messages.send(auth, conversationId, send, clientId);
      return { message };
    });
    this.realtime.addHandler('typing', TypingDto, (socket, dto) => this.typing(socket, dto));
    this.realtime.addReplayGuard((_socket, auth, packets) => this.replayable(auth, packets));
  }

  /**
   * A recovered socket gets the conversation events it missed only for conversations its user may still
   * read: access may have gone meanwhile (room disabled, role changed, entity no longer theirs).
   */
  private async replayable(auth: AuthUser, packets: unknown[][]): Promise<unknown[][]> {
    const conversationOf = (data: unknown[]): string | null => {
      if (typeof data[0] !== 'string' || !CONVERSATION_EVENTS.has(data[0])) return null;
      const id = (data[1] as { conversationId?: unknown } | undefined)?.conversationId;
      return typeof id === 'string' ? id : null;
    };
    const ids = [...new Set(packets.map(conversationOf).filter((id): id is string => id !== null))];
    if (ids.length === 0) return packets;
    const readable = await this.access.readableIds(auth, ids);
    return packets.filter((data) => {
      const id = conversationOf(data);
      return id === null || readable.has(id);
    });
  }

  /**
   * Ephemeral and throttled per tab. A socket may type only in a conversation of a room it joined and may
   * read; an unknown conversation gets the same answer, so nothing leaks.
   */
  private async typing(socket: AppSocket, dto: TypingDto): Promise<{ throttled?: boolean }> {
    const auth = await this.realtime.currentUser(socket);
    let audience = await this.audienceFor(dto.conversationId, auth.workspaceId);
    if (audience?.entityThread) {
      // Entity threads are typed in from the entity's page, not the messages room: ask who may read it.
      const ctx = await this.access
        .require(auth, dto.conversationId, 'read')
        .catch(() => Promise.reject(new ForbiddenException('Join the room first')));
      const readers = await this.access.readers(ctx.conversation);
      audience = { ...audience, readerIds: readers.map((r) => r.id) };
    } else {
      const visible =
        audience !== null &&
        socket.rooms.has(roomChannel(audience.roomId)) &&
        (audience.kind === 'channel' || audience.participantIds.includes(auth.id)) &&
        (!audience.vendorOnly || socket.rooms.has(vendorChannel(audience.roomId)));
      if (!visible || !audience) throw new ForbiddenException('Join the room first');
    }
    let mine = this.lastTyping.get(socket);
    if (!mine) this.lastTyping.set(socket, (mine = new Map()));
    const now = Date.now();
    if ((mine.get(dto.conversationId) ?? 0) + TYPING_INTERVAL_MS > now) return { throttled: true };
    mine.set(dto.conversationId, now);
    this.fanout
      .server()
      ?.to(this.fanout.targets(audience))
      .except(`user:${auth.id}`)
      .emit('typing', { conversationId: dto.conversationId, roomId: audience.roomId, userId: auth.id });
    return {};
  }

  private async audienceFor(conversationId: string, workspaceId: string): Promise<Audience | null> {
    const cached = this.fanout.cached(conversationId);
    if (cached) return cached;
    const conversation = await this.dataSource.manager.findOne(Conversation, {
      where: { id: conversationId, workspaceId },
    });
    if (!conversation) return null;
    const participantIds =
      conversation.kind === 'direct'
        ? await this.access.participants(this.dataSource.manager, conversation.id)
        : [];
    return this.fanout.remember(conversation, participantIds);
  }
}
