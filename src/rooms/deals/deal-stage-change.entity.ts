import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { DealStage } from '../../core/access/policies/lead.policy';

@Entity('deal_stage_changes')
@Index(['dealId', 'at'])
export class DealStageChange {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  dealId!: string;

  @Column({ type: 'text', nullable: true })
  fromStage!: DealStage | null;

  @Column({ type: 'text' })
  toStage!: DealStage;

  @Column({ type: 'uuid' })
  byId!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  at!: Date;
}
