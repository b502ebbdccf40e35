import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** One immutable version of a file. A restored version shares the object of the one it came from. */
@Entity('file_versions')
@Index(['fileId', 'number'], { unique: true })
@Index(['objectKey'])
export class FileVersion {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  fileId!: string;

  @Column({ type: 'integer' })
  number!: number;

  @Column({ type: 'text' })
  objectKey!: string;

  @Column({ type: 'bigint' })
  size!: string;

  @Column({ type: 'text' })
  contentType!: string;

  @Column({ type: 'char', length: 64 })
  sha256!: string;

  @Column({ type: 'uuid', nullable: true })
  uploaderId!: string | null;

  @Column({ type: 'text', default: '' })
  comment!: string;

  @Column({ type: 'integer', nullable: true })
  restoredFrom!: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
