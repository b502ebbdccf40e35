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

  /** The S3 multipart upload holding the parts: the presigned one, or the one a streamed put started. */
  @Column({ type: 'text', nullable: true })
  multipartId!: string | null;

  /**
   * Streamed uploads: renewed by the server while the upload runs, so a row whose lease ran out belongs
   * to an upload whose server died, and is swept without waiting an hour. Presigned uploads: when part
   * URLs were last issued; swept an hour later.
   */
  @Column({ type: 'timestamptz', nullable: true })
  touchedAt!: Date | null;

  @Column({ type: 'text', default: '' })
  name!: string;

  @Column({ type: 'bigint', nullable: true })
  size!: string | null;

  @Column({ type: 'char', length: 64, nullable: true })
  sha256!: string | null;

  @Column({ type: 'text', default: '' })
  comment!: string;

  /** Presigned uploads only; 0 for streamed ones. */
  @Column({ type: 'integer', default: 0 })
  partSize!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
