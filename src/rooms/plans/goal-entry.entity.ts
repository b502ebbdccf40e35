import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A manual goal's progress entry; the history is the list of entries. */
@Entity('goal_entries')
@Index(['goalId', 'createdAt'])
export class GoalEntry {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  goalId!: string;

  @Column({ type: 'numeric', precision: 18, scale: 2 })
  value!: string;

  @Column({ type: 'text', default: '' })
  note!: string;

  /** Optional period label, e.g. `Q2` or `2027-05`. */
  @Column({ type: 'text', nullable: true })
  period!: string | null;

  @Column({ type: 'uuid' })
  userId!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
