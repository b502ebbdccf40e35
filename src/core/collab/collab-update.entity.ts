import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One persisted Yjs update, appended before anyone else sees it; compaction folds rows into the snapshot. */
@Entity('collab_updates')
@Index(['docName', 'seq'])
export class CollabUpdate {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  seq!: string;

  @Column({ type: 'text' })
  docName!: string;

  @Column({ type: 'bytea' })
  update!: Buffer;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
