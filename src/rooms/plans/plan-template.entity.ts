import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { GoalSettings, GoalType } from './plan-goal.entity';
import type { SectionKind } from './plan-section.entity';

export interface TemplateGoal {
  type: GoalType;
  title: string;
  description: string;
  weight: number;
  target: string | null;
  settings: GoalSettings;
  items: string[];
}

export interface TemplateSection {
  kind: SectionKind;
  title: string;
  goals: TemplateGoal[];
}

/** A strategy: the shape of a plan (sections, goals, targets) to start partners' plans from. */
@Entity('plan_templates')
@Index(['workspaceId', 'name'])
export class PlanTemplate {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  workspaceId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', default: '' })
  description!: string;

  /** Partner groups the strategy is meant for (informative; apply decides who gets it). */
  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  groupIds!: string[];

  @Column({ type: 'jsonb' })
  sections!: TemplateSection[];

  @Column({ type: 'uuid', nullable: true })
  createdById!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
