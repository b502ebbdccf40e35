import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const RESOURCE_CATEGORIES = [
  'training',
  'marketing',
  'sales_tools',
  'technical_docs',
  'announcements',
] as const;
export type ResourceCategory = (typeof RESOURCE_CATEGORIES)[number];

/** `file`: uploaded bytes. `doc`: a collaborative Markdown document (`doc:<id>`), exported as versions. */
export type FileKind = 'file' | 'doc';

/** A named file in a folder; its bytes are its versions. One live file per name and folder. */
@Entity('files')
@Index(['folderId', 'name'], { unique: true, where: '"deleted_at" IS NULL' })
@Index(['companyId'])
@Index(['deletedAt'])
export class SharedFile {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  workspaceId!: string;

  @Column({ type: 'uuid' })
  companyId!: string;

  @Column({ type: 'uuid' })
  roomId!: string;

  @Column({ type: 'uuid' })
  folderId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', default: 'file' })
  kind!: FileKind;

  @Column({ type: 'uuid', nullable: true })
  currentVersionId!: string | null;

  @Column({ type: 'text', nullable: true })
  category!: ResourceCategory | null;

  @Column({ type: 'text', array: true, default: '{}' })
  tags!: string[];

  @Column({ type: 'uuid', nullable: true })
  createdById!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
