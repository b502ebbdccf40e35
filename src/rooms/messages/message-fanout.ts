import { Injectable } from '@nestjs/common';
import { RealtimeGateway, roomChannel, vendorChannel } from '../../core/realtime/realtime.gateway';
import { Conversation } from './conversation.entity';
import { EntityThreads } from './entity-threads';
import { MessageView, ReadStateView } from './messages.dto';

/** Where a conversation's events go: fixed for its life, so it is cached. */
export interface Audience {
  roomId: string;
  kind: Conversation['kind'];
  vendorOnly: boolean;
  participantIds: string[];
  /** A thread read by whoever may read its entity: events go only to `readerIds`, looked up per event. */
  entityThread: boolean;
  readerIds?: string[];
}

const AUDIENCE_CACHE = 10_000;

/**
 * Fans committed changes out on the shared Socket.IO server. Channels go to the room's sockets
 * (vendor-only threads to its vendor sockets), direct conversations only to their participants' user
 * channels, entity threads to the user channels of the people who may read the entity.
 */
@Injectable()
export class MessageFanout {
  private readonly audiences = new Map<string, Audience>();

  constructor(
    private readonly realtime: RealtimeGateway,
    private readonly threads: EntityThreads,
  ) {}

  remember(conversation: Conversation, participantIds: string[]): Audience {
    const audience: Audience = {
      roomId: conversation.roomId,
      kind: conversation.kind,
      vendorOnly: conversation.vendorOnly,
      participantIds,
      entityThread: this.threads.governs(conversation.entityType),
    };
    if (this.audiences.size >= AUDIENCE_CACHE) this.audiences.clear();
    this.audiences.set(conversation.id, audience);
    return audience;
  }

  cached(conversationId: string): Audience | undefined {
    return this.audiences.get(conversationId);
  }

  messageNew(audience: Audience, message: MessageView): void {
    this.emit(audience, 'message:new', message);
  }

  messageUpdated(audience: Audience, message: MessageView): void {
    this.emit(audience, 'message:updated', message);
  }

  messageDeleted(audience: Audience, message: MessageView): void {
    this.emit(audience, 'message:deleted', message);
  }

  /** Every tab of the user learns the new counts. */
  readState(userId: string, state: ReadStateView): void {
    this.server()?.to(`user:${userId}`).emit('message:unread', state);
  }

  /** Which of `userIds` have at least one open socket on any instance. */
  async online(userIds: string[]): Promise<Set<string>> {
    const io = this.server();
    if (!io || userIds.length === 0) return new Set();
    const sockets = await io.in(userIds.map((id) => `user:${id}`)).fetchSockets();
    return new Set(sockets.map((socket) => socket.data.auth.id));
  }

  /** The channels an event of this conversation goes to. */
  targets(audience: Audience): string[] {
    if (audience.entityThread) return (audience.readerIds ?? []).map((id) => `user:${id}`);
    if (audience.kind === 'direct') return audience.participantIds.map((id) => `user:${id}`);
    return [audience.vendorOnly ? vendorChannel(audience.roomId) : roomChannel(audience.roomId)];
  }

  server() {
    try {
      return this.realtime.server;
    } catch {
      return null;
    }
  }

  private emit(audience: Audience, event: string, payload: object): void {
    const targets = this.targets(audience);
    if (targets.length) this.server()?.to(targets).emit(event, payload);
  }
}
