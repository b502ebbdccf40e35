import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** How far one user has read one conversation. */
@Entity('conversation_reads')
export class ConversationRead {
  @PrimaryColumn({ type: 'uuid' })
  conversationId!: string;

  @PrimaryColumn({ type: 'uuid' })
  userId!: string;

  @Column({ type: 'integer', default: 0 })
  lastReadSeq!: number;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
