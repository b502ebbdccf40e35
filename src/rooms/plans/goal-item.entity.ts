import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A checklist goal's item; ticking stamps who and when, and every tick and un-tick is kept in goal_item_events. */
@Entity('goal_items')
@Index(['goalId', 'position'])
export class GoalItem {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  goalId!: string;

  @Column({ type: 'text' })
  text!: string;

  @Column({ type: 'integer', default: 0 })
  position!: number;

  @Column({ type: 'timestamptz', nullable: true })
  completedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  completedById!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}

@Entity('goal_item_events')
@Index(['itemId', 'at'])
export class GoalItemEvent {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  itemId!: string;

  @Column({ type: 'text' })
  action!: 'completed' | 'uncompleted';

  @Column({ type: 'uuid' })
  userId!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at!: Date;
}
