import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { PlanStatus } from '../../core/access/policies/plan.policy';

@Entity('plans')
@Index(['workspaceId', 'fiscalYear'])
@Index(['companyId', 'fiscalYear'])
export class Plan {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  workspaceId!: string;

  /** Fixed after create. */
  @Column({ type: 'uuid' })
  companyId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', default: '' })
  description!: string;

  @Column({ type: 'integer' })
  fiscalYear!: number;

  @Column({ type: 'date' })
  startDate!: string;

  @Column({ type: 'date' })
  endDate!: string;

  @Column({ type: 'char', length: 3 })
  currency!: string;

  @Column({ type: 'text', default: 'draft_outline' })
  status!: PlanStatus;

  @Column({ type: 'uuid', nullable: true })
  authorId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  templateId!: string | null;

  /** Weighted completion 0..100, kept current whenever an input changes, for sorting the manage table. */
  @Column({ type: 'numeric', precision: 5, scale: 1, default: 0 })
  overallCompletion!: string;

  /** Completion per section title, for the manage table and CSV. */
  @Column({ type: 'jsonb', default: {} })
  sectionCompletion!: Record<string, number>;

  @Column({ type: 'numeric', precision: 18, scale: 2, nullable: true })
  revenueTarget!: string | null;

  @Column({ type: 'numeric', precision: 18, scale: 2, nullable: true })
  revenueActual!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  sharedAt!: Date | null;

  /** Month (YYYY-MM) of the last monthly progress email to the partner. */
  @Column({ type: 'text', nullable: true })
  progressEmailMonth!: string | null;

  /** When the channel manager was last nudged about a plan that stood still. */
  @Column({ type: 'timestamptz', nullable: true })
  staleNudgedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  approvedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  approvedById!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
