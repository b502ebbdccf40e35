import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/** An ordered course in a company's resources room; partners see it once published. */
@Entity('learning_tracks')
@Index(['companyId', 'createdAt'])
export class LearningTrack {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  workspaceId!: string;

  @Column({ type: 'uuid' })
  companyId!: string;

  @Column({ type: 'uuid' })
  roomId!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text', default: '' })
  description!: string;

  @Column({ type: 'boolean', default: false })
  published!: boolean;

  @Column({ type: 'uuid', nullable: true })
  createdById!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

export type TrackItemKind = 'file' | 'link';

@Entity('learning_track_items')
@Index(['trackId', 'position'])
export class LearningTrackItem {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  trackId!: string;

  @Column({ type: 'integer' })
  position!: number;

  @Column({ type: 'text' })
  kind!: TrackItemKind;

  @Column({ type: 'uuid', nullable: true })
  fileId!: string | null;

  @Column({ type: 'text', nullable: true })
  url!: string | null;

  @Column({ type: 'text' })
  title!: string;
}

/** One user finished one item. */
@Entity('learning_item_completions')
@Index(['itemId', 'userId'], { unique: true })
@Index(['trackId', 'userId'])
export class LearningItemCompletion {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  trackId!: string;

  @Column({ type: 'uuid' })
  itemId!: string;

  @Column({ type: 'uuid' })
  userId!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  completedAt!: Date;
}

/** One user finished every item of a track: what the plans room's learning-track goals count. */
@Entity('learning_track_completions')
@Index(['trackId', 'userId'], { unique: true })
@Index(['companyId', 'completedAt'])
export class LearningTrackCompletion {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  trackId!: string;

  @Column({ type: 'uuid' })
  companyId!: string;

  @Column({ type: 'uuid' })
  userId!: string;

  /** Only partner users' completions count towards plan goals. */
  @Column({ type: 'boolean' })
  partner!: boolean;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  completedAt!: Date;
}
