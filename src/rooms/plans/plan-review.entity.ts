import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export interface ScorecardLine {
  goalId: string;
  sectionTitle: string;
  title: string;
  type: string;
  weight: number;
  target: string | null;
  progress: number;
}

export interface Scorecard {
  overallCompletion: number;
  goals: ScorecardLine[];
}

/** A quarterly business review: its scorecard is frozen when the review is recorded. */
@Entity('plan_reviews')
@Index(['planId', 'heldOn'])
export class PlanReview {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  planId!: string;

  @Column({ type: 'smallint' })
  quarter!: number;

  @Column({ type: 'date' })
  heldOn!: string;

  @Column({ type: 'uuid', array: true, default: () => "'{}'" })
  attendeeIds!: string[];

  @Column({ type: 'jsonb' })
  scorecard!: Scorecard;

  @Column({ type: 'uuid' })
  createdById!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

/** An action agreed in a review; open ones are carried into the next review until done. */
@Entity('plan_review_actions')
@Index(['reviewId', 'position'])
export class ReviewAction {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  reviewId!: string;

  @Column({ type: 'text' })
  text!: string;

  @Column({ type: 'uuid', nullable: true })
  ownerId!: string | null;

  @Column({ type: 'boolean', default: false })
  done!: boolean;

  /** The action of an earlier review this one continues. */
  @Column({ type: 'uuid', nullable: true })
  carriedFromId!: string | null;

  @Column({ type: 'integer', default: 0 })
  position!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
