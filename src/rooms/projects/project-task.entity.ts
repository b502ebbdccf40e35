import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

export const PROJECT_TASK_STATUSES = ['todo', 'in_progress', 'blocked', 'done'] as const;
export type ProjectTaskStatus = (typeof PROJECT_TASK_STATUSES)[number];

@Entity('project_tasks')
@Index(['projectId', 'position'])
@Index(['dueDate'], { where: `status <> 'done'` })
export class ProjectTask {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  projectId!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text', default: '' })
  description!: string;

  /** A member of the project, on either side. */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  assigneeId!: string | null;

  @Column({ type: 'date', nullable: true })
  dueDate!: string | null;

  @Column({ type: 'text', default: 'todo' })
  status!: ProjectTaskStatus;

  @Column({ type: 'boolean', default: false })
  milestone!: boolean;

  /** How much a milestone counts towards the project's milestone progress. */
  @Column({ type: 'integer', default: 1 })
  weight!: number;

  @Column({ type: 'integer', default: 0 })
  position!: number;

  @Column({ type: 'uuid' })
  createdById!: string;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  /** Reminders already sent for the current due date; cleared when the date or assignee changes. */
  @Column({ type: 'timestamptz', nullable: true })
  dueSoonNotifiedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  overdueNotifiedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

/** `taskId` waits on `dependsOnId`; both tasks belong to the same project. */
@Entity('project_task_dependencies')
export class ProjectTaskDependency {
  @PrimaryColumn({ type: 'uuid' })
  taskId!: string;

  @Index()
  @PrimaryColumn({ type: 'uuid' })
  dependsOnId!: string;

  @Index()
  @Column({ type: 'uuid' })
  projectId!: string;
}
