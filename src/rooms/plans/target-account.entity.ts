import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const TARGET_ACCOUNT_STATUSES = ['prospect', 'engaged', 'won', 'lost'] as const;
export type TargetAccountStatus = (typeof TARGET_ACCOUNT_STATUSES)[number];

/** An end customer the partnership means to win this plan year. */
@Entity('plan_target_accounts')
@Index(['planId', 'name'])
export class TargetAccount {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  planId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', default: '' })
  domain!: string;

  @Column({ type: 'text', default: '' })
  notes!: string;

  @Column({ type: 'text', default: 'prospect' })
  status!: TargetAccountStatus;

  @Column({ type: 'uuid', nullable: true })
  ownerId!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
