import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ConversationKind } from '../../core/access/policies/message.policy';

@Entity('conversations')
@Index(['roomId', 'lastMessageAt'])
@Index(['companyId', 'lastMessageAt'])
@Index(['entityType', 'entityId'], { unique: true, where: '"entity_type" IS NOT NULL' })
export class Conversation {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  workspaceId!: string;

  @Column({ type: 'uuid' })
  companyId!: string;

  /** The company's messages room or a custom room; fixed after create. */
  @Column({ type: 'uuid' })
  roomId!: string;

  @Column({ type: 'text' })
  kind!: ConversationKind;

  /** Channels only; direct conversations are named by their participants. */
  @Column({ type: 'text', nullable: true })
  name!: string | null;

  @Column({ type: 'text', default: '' })
  topic!: string;

  /** Internal threads (e.g. vendor deal notes) partners never see. */
  @Column({ type: 'boolean', default: false })
  vendorOnly!: boolean;

  /** An entity thread: the deal, lead, plan goal, file or task this conversation is about. */
  @Column({ type: 'text', nullable: true })
  entityType!: string | null;

  @Column({ type: 'uuid', nullable: true })
  entityId!: string | null;

  /** The last allocated message `seq`; bumped under the row lock of the sending transaction. */
  @Column({ type: 'integer', default: 0 })
  lastSeq!: number;

  @Column({ type: 'timestamptz', nullable: true })
  lastMessageAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  createdById!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  archivedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
