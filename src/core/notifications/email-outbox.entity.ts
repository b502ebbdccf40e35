import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type EmailStatus = 'queued' | 'sending' | 'sent' | 'stored' | 'failed';

/**
 * Email written in the same transaction as the change that caused it, sent after commit by the mailer.
 * Without SMTP_URL rows end as `stored` (kept here and logged) instead of `sent`.
 */
@Entity('email_outbox')
@Index(['status', 'nextAttemptAt'])
export class EmailOutbox {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', nullable: true })
  workspaceId!: string | null;

  @Index()
  @Column({ type: 'text' })
  to!: string;

  @Column({ type: 'text' })
  subject!: string;

  @Column({ type: 'text' })
  text!: string;

  @Column({ type: 'text' })
  html!: string;

  /** Template name, for tests and audits: `invitation`, ... */
  @Column({ type: 'text' })
  template!: string;

  @Column({ type: 'text', default: 'queued' })
  status!: EmailStatus;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt!: Date;

  @Column({ type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
