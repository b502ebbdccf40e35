import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Who downloaded which version when. */
@Entity('file_downloads')
@Index(['fileId', 'at'])
export class FileDownload {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  fileId!: string;

  @Column({ type: 'uuid' })
  versionId!: string;

  @Column({ type: 'uuid' })
  userId!: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at!: Date;
}
