import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import { DataSource, In } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { Tx } from '../database/unit-of-work';
import { EmailOutbox } from './email-outbox.entity';
import { EmailContent } from './email-templates';

const MAX_ATTEMPTS = 6;
const BATCH = 20;
const POLL_MS = 15000;

/**
 * Sends the email outbox. Enqueueing happens inside the caller's transaction; sending happens after
 * commit, outside any transaction, so a slow or failing SMTP server never blocks or breaks a request.
 * Rows are claimed with SKIP LOCKED, so several instances share the work.
 */
@Injectable()
export class MailerService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Mailer');
  private readonly transport: Transporter | null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.transport = config.smtpUrl ? createTransport(config.smtpUrl) : null;
  }

  async enqueue(tx: Tx, to: string, content: EmailContent, workspaceId: string | null): Promise<EmailOutbox> {
    const row = await tx.manager.save(
      tx.manager.create(EmailOutbox, {
        workspaceId,
        to,
        subject: content.subject,
        text: content.text,
        html: content.html,
        template: content.template,
      }),
    );
    tx.afterCommit(() => this.kick());
    return row;
  }

  onApplicationBootstrap(): void {
    if (!this.config.runWorkers) return;
    this.timer = setInterval(() => this.kick(), POLL_MS);
    this.timer.unref();
    this.kick();
  }

  /** Before the database closes: stop claiming and let the pass under way finish. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running;
    this.transport?.close();
  }

  /** Starts a pass over the outbox unless one is running (then one more pass follows it). */
  kick(): void {
    if (this.stopped || !this.config.runWorkers) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((error: Error) => this.logger.warn(`outbox pass failed: ${error.message}`))
      .finally(() => {
        this.running = null;
        if (this.again && !this.stopped) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Resolves when the outbox has nothing due; for tests and shutdown. */
  async flush(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      const claimed = await this.claim();
      if (claimed.length === 0) return;
      for (const mail of claimed) await this.deliver(mail);
    }
  }

  private async claim(): Promise<EmailOutbox[]> {
    const rows = await this.dataSource.query<{ id: string }[]>(
      `WITH claimed AS (
         UPDATE email_outbox SET status = 'sending', attempts = attempts + 1,
                next_attempt_at = now() + interval '2 minutes'
          WHERE id IN (SELECT id FROM email_outbox
                        WHERE status IN ('queued', 'sending') AND next_attempt_at <= now()
                        ORDER BY next_attempt_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
          RETURNING id)
       SELECT id FROM claimed`,
    );
    if (rows.length === 0) return [];
    return this.dataSource.getRepository(EmailOutbox).find({ where: { id: In(rows.map((r) => r.id)) } });
  }

  private async deliver(mail: EmailOutbox): Promise<void> {
    const repo = this.dataSource.getRepository(EmailOutbox);
    if (!this.transport) {
      this.logger.log(`email stored (no SMTP_URL): to=${mail.to} subject="${mail.subject}"`);
      await repo.update({ id: mail.id }, { status: 'stored', sentAt: new Date(), lastError: null });
      return;
    }
    try {
      await this.transport.sendMail({
        from: this.config.mailFrom,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
      });
      await repo.update({ id: mail.id }, { status: 'sent', sentAt: new Date(), lastError: null });
    } catch (error) {
      const message = (error as Error).message.slice(0, 1000);
      const failed = mail.attempts >= MAX_ATTEMPTS;
      const backoffSeconds = Math.min(3600, 30 * 2 ** mail.attempts);
      await repo.update(
        { id: mail.id },
        {
          status: failed ? 'failed' : 'queued',
          lastError: message,
          nextAttemptAt: new Date(Date.now() + backoffSeconds * 1000),
        },
      );
      this.logger.warn(`email to ${mail.to} failed (attempt ${mail.attempts}): ${message}`);
    }
  }
}
