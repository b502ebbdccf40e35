import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export interface ChannelChoice {
  inApp: boolean;
  email: boolean;
}

/** One row per user who changed anything; a missing row or kind means everything on. */
@Entity('notification_settings')
export class NotificationSettings {
  @PrimaryColumn({ type: 'uuid' })
  userId!: string;

  @Column({ type: 'jsonb', default: {} })
  settings!: Partial<Record<string, ChannelChoice>>;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
