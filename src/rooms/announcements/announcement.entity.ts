import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { AttachmentSummary } from '../../core/storage/attachments';

@Entity('announcements')
@Index(['workspaceId', 'publishAt'])
export class Announcement {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  workspaceId!: string;

  @Column({ type: 'text' })
  title!: string;

  /** Markdown, rendered by the client. */
  @Column({ type: 'text' })
  body!: string;

  @Column({ type: 'boolean', default: false })
  audienceAll!: boolean;

  @Column({ type: 'uuid', array: true, default: '{}' })
  groupIds!: string[];

  @Column({ type: 'uuid', array: true, default: '{}' })
  companyIds!: string[];

  @Column({ type: 'boolean', default: false })
  pinned!: boolean;

  @Column({ type: 'timestamptz' })
  publishAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  expireAt!: Date | null;

  @Column({ type: 'jsonb', default: [] })
  attachments!: AttachmentSummary[];

  @Column({ type: 'uuid' })
  createdById!: string;

  /** When the in-app notifications went out; null until published. */
  @Column({ type: 'timestamptz', nullable: true })
  notifiedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

@Entity('announcement_reads')
export class AnnouncementRead {
  @PrimaryColumn({ type: 'uuid' })
  announcementId!: string;

  @Index()
  @PrimaryColumn({ type: 'uuid' })
  userId!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  readAt!: Date;
}
