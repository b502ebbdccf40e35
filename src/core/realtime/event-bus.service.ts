import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter } from 'node:events';

export interface ActivityEvent {
  id: string;
  seq: string;
  workspaceId: string;
  companyId: string | null;
  roomId: string | null;
  type: string;
  entity: string;
  entityId: string | null;
  summary: string;
  actorId: string | null;
  at: string;
  /** Only users who may see this event receive it (e.g. partners never see draft_outline plans). */
  audience: 'all' | 'vendor' | 'owner';
  /** With audience `owner`: the partner user it concerns (see ActivityAudience). */
  ownerId: string | null;
}

export interface NotificationEvent {
  id: string;
  userId: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: string;
}

export interface BusEvents {
  activity: [ActivityEvent];
  notification: [NotificationEvent];
  /** The listed sessions ended: their sockets and collab connections must close. */
  sessionsRevoked: [{ userId: string; sessionIds: string[] | 'all' }];
  /** A user's access changed (disabled, company or role changed): re-check their joins. */
  accessChanged: [{ userId: string }];
}

/**
 * The one place rooms publish to after their transaction commits. Listeners (the Socket.IO gateway,
 * the collab server) fan out; the Socket.IO Redis adapter carries it across instances.
 */
@Injectable()
export class EventBus {
  private readonly logger = new Logger(EventBus.name);
  private readonly emitter = new EventEmitter();

  constructor() {
    this.emitter.setMaxListeners(50);
  }

  on<K extends keyof BusEvents>(event: K, listener: (...args: BusEvents[K]) => void): () => void {
    const wrapped = (...args: BusEvents[K]) => {
      try {
        listener(...args);
      } catch (error) {
        this.logger.error(`listener for ${event} failed: ${(error as Error).message}`);
      }
    };
    this.emitter.on(event, wrapped as (...args: unknown[]) => void);
    return () => this.emitter.off(event, wrapped as (...args: unknown[]) => void);
  }

  activity(event: ActivityEvent): void {
    this.emitter.emit('activity', event);
  }

  notification(event: NotificationEvent): void {
    this.emitter.emit('notification', event);
  }

  sessionsRevoked(userId: string, sessionIds: string[] | 'all'): void {
    this.emitter.emit('sessionsRevoked', { userId, sessionIds });
  }

  accessChanged(userId: string): void {
    this.emitter.emit('accessChanged', { userId });
  }
}
