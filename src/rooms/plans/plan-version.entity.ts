import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export interface VersionGoal {
  id: string;
  sectionId: string;
  title: string;
  type: string;
  weight: number;
  target: string | null;
  progress: number;
}

export interface VersionSection {
  id: string;
  title: string;
}

/** A named version of a plan: the narrative's collab version plus the sections and goals as they stood. */
@Entity('plan_versions')
@Index(['planId', 'createdAt'])
export class PlanVersion {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  planId!: string;

  /** The narrative snapshot in collab_versions. */
  @Column({ type: 'uuid' })
  collabVersionId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'jsonb' })
  sections!: VersionSection[];

  @Column({ type: 'jsonb' })
  goals!: VersionGoal[];

  @Column({ type: 'uuid', nullable: true })
  createdById!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
