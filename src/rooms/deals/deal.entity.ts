import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { DealStage } from '../../core/access/policies/lead.policy';

@Entity('deals')
@Index(['workspaceId', 'companyId', 'createdAt'])
@Index(['companyId', 'registeredById', 'createdAt'])
@Index(['companyId', 'stage'])
export class Deal {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  workspaceId!: string;

  @Column({ type: 'uuid' })
  companyId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  customerName!: string;

  @Column({ type: 'text', default: '' })
  customerDomain!: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  products!: string[];

  @Column({ type: 'numeric', precision: 18, scale: 2 })
  value!: string;

  @Column({ type: 'char', length: 3 })
  currency!: string;

  @Column({ type: 'text', default: 'prospecting' })
  stage!: DealStage;

  /** Percent 0..100. */
  @Column({ type: 'smallint', default: 10 })
  probability!: number;

  @Column({ type: 'date', nullable: true })
  expectedCloseDate!: string | null;

  @Column({ type: 'boolean', default: false })
  qualified!: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  qualifiedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  registeredById!: string | null;

  @Column({ type: 'uuid' })
  createdById!: string;

  @Index()
  @Column({ type: 'uuid', nullable: true })
  sourceLeadId!: string | null;

  /** Percent overriding the company's rate for this deal. */
  @Column({ type: 'numeric', precision: 5, scale: 2, nullable: true })
  commissionRate!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
