import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A named, never-garbage-collected snapshot of a document that can be restored as a new update. */
@Entity('collab_versions')
@Index(['docName', 'createdAt'])
export class CollabVersion {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  docName!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'bytea' })
  state!: Buffer;

  @Column({ type: 'uuid', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
