import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type AlertKind = 'mention' | 'direct';
export type AlertStatus = 'pending' | 'emailed' | 'skipped';

/** A mention or direct message that reached a user while away; one digest email covers the pending ones. */
@Entity('message_alerts')
@Index(['status', 'createdAt'])
export class MessageAlert {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  workspaceId!: string;

  @Column({ type: 'uuid' })
  userId!: string;

  @Column({ type: 'uuid' })
  conversationId!: string;

  @Column({ type: 'uuid' })
  messageId!: string;

  @Column({ type: 'text' })
  kind!: AlertKind;

  @Column({ type: 'text', default: 'pending' })
  status!: AlertStatus;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
