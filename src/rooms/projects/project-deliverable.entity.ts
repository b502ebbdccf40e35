import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const DELIVERABLE_STATUSES = ['submitted', 'approved', 'changes_requested'] as const;
export type DeliverableStatus = (typeof DELIVERABLE_STATUSES)[number];
export type Side = 'vendor' | 'partner';

@Entity('project_deliverables')
@Index(['projectId', 'createdAt'])
export class ProjectDeliverable {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  projectId!: string;

  @Column({ type: 'text' })
  title!: string;

  /** The shared file and the version under review. */
  @Column({ type: 'uuid' })
  fileId!: string;

  @Column({ type: 'uuid' })
  versionId!: string;

  @Column({ type: 'text' })
  fileName!: string;

  @Column({ type: 'text', default: 'submitted' })
  status!: DeliverableStatus;

  @Column({ type: 'uuid' })
  submittedById!: string;

  /** The submitter's side; the reviewer must be from the other one. */
  @Column({ type: 'text' })
  submittedSide!: Side;

  @Column({ type: 'timestamptz' })
  submittedAt!: Date;

  @Column({ type: 'uuid', nullable: true })
  reviewedById!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  reviewedAt!: Date | null;

  @Column({ type: 'text', default: '' })
  reviewComment!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
