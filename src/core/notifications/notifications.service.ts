import { Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { AuthUser } from '../auth/auth-user';
import { Tx, UnitOfWork } from '../database/unit-of-work';
import { decodeCursor, pageLimit, toPage } from '../http/pagination';
import { EventBus } from '../realtime/event-bus.service';
import { EmailContent } from './email-templates';
import { MailerService } from './mailer.service';
import { Notification } from './notification.entity';
import { NotificationSettingsService } from './notification-settings.service';
import {
  mapNotification,
  NotificationDto,
  NotificationPageDto,
  NotificationQueryDto,
} from './notifications.dto';

export interface NotifyInput {
  workspaceId: string;
  userId: string;
  kind: string;
  title: string;
  body?: string;
  link?: string | null;
  data?: Record<string, unknown>;
  /** Also email the user (queued in the outbox, sent after commit). */
  email?: { to: string; content: EmailContent };
}

@Injectable()
export class NotificationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly mailer: MailerService,
    private readonly bus: EventBus,
    private readonly settings: NotificationSettingsService,
  ) {}

  /**
   * In-app notification (and optional email) inside the caller's transaction; pushed live after commit.
   * Channels the user switched off for this kind are skipped; with in-app off the row returned is unsaved.
   */
  async notify(tx: Tx, input: NotifyInput): Promise<Notification> {
    const wants = await this.settings.channelsFor(tx.manager, input.userId, input.kind);
    if (input.email && wants.email) {
      await this.mailer.enqueue(tx, input.email.to, input.email.content, input.workspaceId);
    }
    const draft = tx.manager.create(Notification, {
      workspaceId: input.workspaceId,
      userId: input.userId,
      kind: input.kind,
      title: input.title.slice(0, 300),
      body: (input.body ?? '').slice(0, 2000),
      link: input.link ?? null,
      data: input.data ?? {},
    });
    if (!wants.inApp) return draft;
    const row = await tx.manager.save(draft);
    tx.afterCommit(() =>
      this.bus.notification({
        id: row.id,
        userId: row.userId,
        kind: row.kind,
        title: row.title,
        body: row.body,
        link: row.link,
        createdAt: row.createdAt.toISOString(),
      }),
    );
    return row;
  }

  async list(auth: AuthUser, query: NotificationQueryDto): Promise<NotificationPageDto> {
    const limit = pageLimit(query);
    const qb = this.dataSource
      .getRepository(Notification)
      .createQueryBuilder('n')
      .where('n.userId = :userId', { userId: auth.id })
      .orderBy('n.createdAt', 'DESC')
      .addOrderBy('n.id', 'DESC')
      .take(limit + 1);
    if (query.unread) qb.andWhere('n.readAt IS NULL');
    const cursor = decodeCursor(query.cursor, 2);
    if (cursor) {
      qb.andWhere('(n.createdAt, n.id) < (:at, :id)', { at: cursor[0], id: cursor[1] });
    }
    const [rows, unreadCount] = await Promise.all([
      qb.getMany(),
      this.dataSource.getRepository(Notification).count({ where: { userId: auth.id, readAt: IsNull() } }),
    ]);
    return {
      ...toPage(rows, limit, (row) => [row.createdAt.toISOString(), row.id], mapNotification),
      unreadCount,
    };
  }

  async markRead(auth: AuthUser, id: string): Promise<NotificationDto> {
    return this.uow.run(async ({ manager }) => {
      const row = await manager.findOne(Notification, { where: { id, userId: auth.id } });
      if (!row) throw new NotFoundException('Notification not found');
      if (!row.readAt) {
        row.readAt = new Date();
        await manager.save(row);
      }
      return mapNotification(row);
    });
  }

  async markAllRead(auth: AuthUser): Promise<{ updated: number }> {
    return this.uow.run(async ({ manager }) => {
      const result = await manager.update(
        Notification,
        { userId: auth.id, readAt: IsNull() },
        { readAt: new Date() },
      );
      return { updated: result.affected ?? 0 };
    });
  }
}
