import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const GOAL_TYPES = ['checklist', 'learning_track', 'revenue', 'kpi', 'manual'] as const;
export type GoalType = (typeof GOAL_TYPES)[number];

export const REVENUE_METRICS = ['pipeline_value', 'closed_won_revenue'] as const;
export const KPI_METRICS = [
  'leads_submitted',
  'leads_qualified',
  'deals_registered',
  'deals_qualified',
  'deals_won',
  'course_completions',
] as const;
export type GoalMetric = (typeof REVENUE_METRICS)[number] | (typeof KPI_METRICS)[number];

export interface GoalSettings {
  metric?: GoalMetric;
  period?: 'year' | 'quarter';
  /** Per-quarter targets (decimal strings); absent quarters share the annual target evenly. */
  targets?: Array<string | null>;
  filters?: { status?: string[]; products?: string[] };
  unit?: string;
  aggregate?: 'sum' | 'latest';
  trackId?: string;
  requiredUsers?: number;
}

@Entity('plan_goals')
@Index(['planId', 'sectionId', 'position'])
export class PlanGoal {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  planId!: string;

  @Column({ type: 'uuid' })
  sectionId!: string;

  @Column({ type: 'text' })
  type!: GoalType;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text', default: '' })
  description!: string;

  @Column({ type: 'smallint', default: 1 })
  weight!: number;

  @Column({ type: 'date', nullable: true })
  dueDate!: string | null;

  /** Annual target (decimal string) for revenue, kpi and manual goals. */
  @Column({ type: 'numeric', precision: 18, scale: 2, nullable: true })
  target!: string | null;

  @Column({ type: 'numeric', precision: 18, scale: 2, default: 0 })
  baseline!: string;

  @Column({ type: 'jsonb', default: {} })
  settings!: GoalSettings;

  @Column({ type: 'integer', default: 0 })
  position!: number;

  /** Set by reconcile: the final progress, frozen. */
  @Column({ type: 'numeric', precision: 5, scale: 1, nullable: true })
  finalProgress!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
