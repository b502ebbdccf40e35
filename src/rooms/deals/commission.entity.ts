import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { CommissionStatus } from '../../core/access/policies/lead.policy';

/** One ledger row: what a partner earned on a won deal, and where its payment stands. */
@Entity('commissions')
@Index(['workspaceId', 'companyId', 'createdAt'])
export class Commission {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  workspaceId!: string;

  @Column({ type: 'uuid' })
  companyId!: string;

  @Index({ unique: true })
  @Column({ type: 'uuid' })
  dealId!: string;

  @Column({ type: 'numeric', precision: 18, scale: 2 })
  dealValue!: string;

  @Column({ type: 'numeric', precision: 5, scale: 2 })
  rate!: string;

  @Column({ type: 'numeric', precision: 18, scale: 2 })
  amount!: string;

  @Column({ type: 'char', length: 3 })
  currency!: string;

  @Column({ type: 'text', default: 'pending' })
  status!: CommissionStatus;

  @Column({ type: 'text', nullable: true })
  reason!: string | null;

  @Column({ type: 'uuid', nullable: true })
  decidedById!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  approvedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  paidAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
