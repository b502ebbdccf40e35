import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const TASK_STATUSES = ['todo', 'in_progress', 'done'] as const;
export type PlanTaskStatus = (typeof TASK_STATUSES)[number];

@Entity('plan_tasks')
@Index(['planId', 'position'])
export class PlanTask {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  planId!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text', default: '' })
  description!: string;

  /** A vendor or partner user of the partnership. */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  assigneeId!: string | null;

  @Column({ type: 'date', nullable: true })
  dueDate!: string | null;

  @Column({ type: 'text', default: 'todo' })
  status!: PlanTaskStatus;

  @Column({ type: 'integer', default: 0 })
  position!: number;

  @Column({ type: 'uuid' })
  createdById!: string;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
