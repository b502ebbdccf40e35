import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { AttachmentSummary } from '../../core/storage/attachments';

@Entity('project_updates')
@Index(['projectId', 'createdAt'])
export class ProjectUpdate {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  projectId!: string;

  @Column({ type: 'uuid' })
  authorId!: string;

  @Column({ type: 'text' })
  body!: string;

  @Column({ type: 'jsonb', default: [] })
  attachments!: AttachmentSummary[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
