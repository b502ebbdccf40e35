import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { ProjectStatus } from '../../core/access/policies/project.policy';

@Entity('projects')
@Index(['companyId', 'createdAt'])
export class Project {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  workspaceId!: string;

  @Column({ type: 'uuid' })
  companyId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', default: '' })
  description!: string;

  /** The customer deal this implementation is for; a plain id so the projects room needs no deals room. */
  @Column({ type: 'uuid', nullable: true })
  dealId!: string | null;

  @Column({ type: 'text', default: 'planned' })
  status!: ProjectStatus;

  @Column({ type: 'date', nullable: true })
  startDate!: string | null;

  @Column({ type: 'date', nullable: true })
  dueDate!: string | null;

  @Column({ type: 'uuid' })
  createdById!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

@Entity('project_members')
export class ProjectMember {
  @PrimaryColumn({ type: 'uuid' })
  projectId!: string;

  @Index()
  @PrimaryColumn({ type: 'uuid' })
  userId!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  addedAt!: Date;
}
