import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** The compacted state of a document: every update it merged has been deleted from collab_updates. */
@Entity('collab_snapshots')
export class CollabSnapshot {
  @PrimaryColumn({ type: 'text' })
  docName!: string;

  @Column({ type: 'bytea' })
  state!: Buffer;

  @Column({ type: 'bigint' })
  seqUpto!: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
