import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An object being written: committed before the first byte is stored and removed in the transaction that
 * adds the version, so an object whose upload failed or whose server died is always found (and deleted)
 * by the orphan sweep. Presigned multipart uploads keep what `complete` must verify here too.
 */
@Entity('file_uploads')
@Index(['createdAt'])
export class FileUpload {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  workspaceId!: string;

  @Column({ type: 'uuid' })
  companyId!: string;

  @Column({ type: 'uuid' })
  folderId!: string;

  @Column({ type: 'uuid' })
  userId!: string;

  @Column({ type: 'text' })
  objectKey!: string;

  /** Set for presigned multipart uploads. */
  @Column({ type: 'text', nullable: true })
  multipartId!: string | null;

  @Column({ type: 'text', default: '' })
  name!: string;

  @Column({ type: 'bigint', nullable: true })
  size!: string | null;

  @Column({ type: 'char', length: 64, nullable: true })
  sha256!: string | null;

  @Column({ type: 'text', default: '' })
  comment!: string;

  @Column({ type: 'integer', default: 0 })
  partSize!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
