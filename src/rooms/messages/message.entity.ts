import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { AttachmentSummary } from '../../core/storage/attachments';

export const MAX_BODY_LENGTH = 10_000;

@Entity('messages')
@Index(['conversationId', 'seq'], { unique: true })
@Index(['conversationId', 'parentId', 'seq'])
@Index(['authorId', 'clientId'], { unique: true, where: '"client_id" IS NOT NULL' })
// Built by hand in the migration (GIN); declared so schema diffs leave it alone.
@Index('IDX_messages_search_vector', { synchronize: false })
export class Message {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  workspaceId!: string;

  @Column({ type: 'uuid' })
  companyId!: string;

  @Column({ type: 'uuid' })
  conversationId!: string;

  /** Per conversation, gap-free, in commit order. */
  @Column({ type: 'integer' })
  seq!: number;

  @Column({ type: 'uuid' })
  authorId!: string;

  /** Markdown as written; empty once deleted. */
  @Column({ type: 'text' })
  body!: string;

  /** One level of threads: a reply's parent is always a top-level message. */
  @Column({ type: 'uuid', nullable: true })
  parentId!: string | null;

  @Column({ type: 'integer', default: 0 })
  replyCount!: number;

  @Column({ type: 'timestamptz', nullable: true })
  lastReplyAt!: Date | null;

  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  mentions!: string[];

  @Column({ type: 'jsonb', default: () => "'[]'" })
  attachments!: AttachmentSummary[];

  /** Emoji → ids of the users who reacted, in reaction order. */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  reactions!: Record<string, string[]>;

  /** The sender's retry key (socket `clientId` or REST idempotency); released after 24 h. */
  @Column({ type: 'text', nullable: true })
  clientId!: string | null;

  /** Kept current by a trigger from `body` (see the MessagesRoom migration). */
  @Column({ type: 'tsvector', nullable: true, select: false, insert: false, update: false })
  searchVector!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  editedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
