import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { AuthUser } from '../../core/auth/auth-user';
import { UnitOfWork } from '../../core/database/unit-of-work';
import { genericEmail } from '../../core/notifications/email-templates';
import { MailerService } from '../../core/notifications/mailer.service';
import { NotificationSettingsService } from '../../core/notifications/notification-settings.service';
import { NotificationsService } from '../../core/notifications/notifications.service';
import { Role } from '../../core/access/roles';
import { ConversationContext } from './conversation-access';
import { Message } from './message.entity';
import { AlertKind, MessageAlert } from './message-alert.entity';
import { MessageFanout } from './message-fanout';
import { ReadStateService } from './read-state.service';

/** The clock the digest reads, replaceable in tests. */
export const MESSAGES_CLOCK = Symbol('MESSAGES_CLOCK');
export type Clock = () => Date;

export const DIGEST_DELAY_MS = 10 * 60_000;
const DIGEST_POLL_MS = 60_000;

interface DueRow {
  id: string;
  user_id: string;
  kind: AlertKind;
  conversation_id: string;
  seq: number;
  body: string;
  deleted: boolean;
  conversation_name: string | null;
  last_read_seq: number;
  email: string;
  status: string;
  author_name: string;
  workspace_id: string;
}

function excerpt(body: string, max = 200): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * Mentions and direct messages for people who are away: an in-app notification at once, and after ten
 * minutes still unread one digest email per user (as their notification settings allow). Tabs that are open get
 * their new counts live instead.
 */
@Injectable()
export class MessageAlertsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('MessageAlerts');
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly gateway: MessageFanout,
    private readonly reads: ReadStateService,
    private readonly notifications: NotificationsService,
    private readonly mailer: MailerService,
    private readonly settings: NotificationSettingsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(MESSAGES_CLOCK) private readonly clock: Clock,
  ) {}

  async afterSend(author: AuthUser, ctx: ConversationContext, message: Message): Promise<void> {
    const recipients = new Map<string, AlertKind>();
    for (const id of message.mentions) if (id !== author.id) recipients.set(id, 'mention');
    if (ctx.conversation.kind === 'direct') {
      for (const id of ctx.participantIds)
        if (id !== author.id && !recipients.has(id)) recipients.set(id, 'direct');
    }
    await this.alert(author, ctx, message, recipients);
  }

  /** An edit alerts only the people it newly mentions, as a send would; nobody is alerted twice for it. */
  async afterEdit(
    author: AuthUser,
    ctx: ConversationContext,
    message: Message,
    added: string[],
  ): Promise<void> {
    const recipients = new Map<string, AlertKind>();
    for (const id of added) if (id !== author.id) recipients.set(id, 'mention');
    await this.alert(author, ctx, message, recipients);
  }

  private async alert(
    author: AuthUser,
    ctx: ConversationContext,
    message: Message,
    recipients: Map<string, AlertKind>,
  ): Promise<void> {
    if (recipients.size === 0) return;
    const online = await this.gateway.online([...recipients.keys()]);
    const away = [...recipients].filter(([id]) => !online.has(id));
    for (const id of online) {
      const auth = await this.userAuth(id);
      if (auth)
        this.gateway.readState(
          id,
          await this.reads.state(auth, ctx.conversation.id, ctx.conversation.roomId),
        );
    }
    if (away.length === 0) return;
    const where = ctx.conversation.name ? ` in ${ctx.conversation.name}` : '';
    await this.uow.run(async (tx) => {
      for (const [userId, kind] of away) {
        await this.notifications.notify(tx, {
          workspaceId: message.workspaceId,
          userId,
          kind: `message.${kind}`,
          title:
            kind === 'mention' ? `${author.name} mentioned you${where}` : `${author.name} sent you a message`,
          body: excerpt(message.body),
          link: `${this.config.publicUrl}/conversations/${message.conversationId}?seq=${message.seq}`,
          data: { conversationId: message.conversationId, messageId: message.id, seq: message.seq },
        });
        await tx.manager.save(
          tx.manager.create(MessageAlert, {
            workspaceId: message.workspaceId,
            userId,
            conversationId: message.conversationId,
            messageId: message.id,
            kind,
          }),
        );
      }
    });
  }

  /**
   * Emails one digest per user of the alerts older than ten minutes whose message is still unread and
   * not deleted, as the user's notification settings allow; every alert looked at is settled so none is sent twice.
   */
  async runDigest(now: Date = this.clock()): Promise<number> {
    return this.uow.run(async (tx) => {
      const due: DueRow[] = await tx.manager.query(
        `SELECT a.id, a.user_id, a.kind, a.conversation_id, a.workspace_id, m.seq, m.body,
                m.deleted_at IS NOT NULL AS deleted, c.name AS conversation_name,
                COALESCE(r.last_read_seq, 0) AS last_read_seq,
                u.email, u.status, au.name AS author_name
           FROM message_alerts a
           JOIN messages m ON m.id = a.message_id
           JOIN conversations c ON c.id = a.conversation_id
           JOIN users u ON u.id = a.user_id
           JOIN users au ON au.id = m.author_id
           LEFT JOIN conversation_reads r ON r.conversation_id = a.conversation_id AND r.user_id = a.user_id
          WHERE a.status = 'pending' AND a.created_at <= $1
          ORDER BY a.user_id, a.created_at
          FOR UPDATE OF a SKIP LOCKED`,
        [new Date(now.getTime() - DIGEST_DELAY_MS)],
      );
      const byUser = new Map<string, DueRow[]>();
      for (const row of due) byUser.set(row.user_id, [...(byUser.get(row.user_id) ?? []), row]);
      let sent = 0;
      for (const rows of byUser.values()) {
        const wanted: DueRow[] = [];
        for (const row of rows) {
          if (row.status !== 'active' || row.deleted || Number(row.seq) <= Number(row.last_read_seq))
            continue;
          // The user's notification settings decide which kinds may be emailed.
          const channels = await this.settings.channelsFor(tx.manager, row.user_id, `message.${row.kind}`);
          if (channels.email) wanted.push(row);
        }
        if (wanted.length) {
          const lines = wanted.map(
            (row) =>
              `${row.author_name}${row.kind === 'mention' ? ' mentioned you' : ' wrote'}` +
              `${row.conversation_name ? ` in ${row.conversation_name}` : ''}: ${excerpt(row.body, 300)}`,
          );
          const subject =
            wanted.length === 1 ? 'You have an unread message' : `You have ${wanted.length} unread messages`;
          await this.mailer.enqueue(
            tx,
            wanted[0].email,
            genericEmail(
              'message-digest',
              subject,
              lines,
              `${this.config.publicUrl}/conversations/${wanted[0].conversation_id}`,
            ),
            wanted[0].workspace_id,
          );
          sent += 1;
        }
        const emailed = new Set(wanted.map((row) => row.id));
        await tx.manager.query(
          `UPDATE message_alerts SET status = CASE WHEN id = ANY($1::uuid[]) THEN 'emailed' ELSE 'skipped' END
            WHERE id = ANY($2::uuid[])`,
          [[...emailed], rows.map((row) => row.id)],
        );
      }
      return sent;
    });
  }

  onApplicationBootstrap(): void {
    if (!this.config.runWorkers) return;
    this.timer = setInterval(
      () =>
        void this.runDigest().catch((error: Error) => this.logger.warn(`digest failed: ${error.message}`)),
      DIGEST_POLL_MS,
    );
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Who a user is, for counting what they may read when they are not the caller. */
  private async userAuth(userId: string): Promise<AuthUser | null> {
    const [row] = (await this.dataSource.query(
      `SELECT id, workspace_id, company_id, role, name, email FROM users WHERE id = $1 AND status = 'active'`,
      [userId],
    )) as Array<{
      id: string;
      workspace_id: string;
      company_id: string | null;
      role: Role;
      name: string;
      email: string;
    }>;
    if (!row) return null;
    return {
      id: row.id,
      workspaceId: row.workspace_id,
      companyId: row.company_id,
      role: row.role,
      name: row.name,
      email: row.email,
      sessionId: '',
    };
  }
}
