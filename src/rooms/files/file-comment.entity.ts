import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity('file_comments')
@Index(['fileId', 'createdAt'])
export class FileComment {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  fileId!: string;

  @Column({ type: 'uuid', nullable: true })
  authorId!: string | null;

  @Column({ type: 'text' })
  body!: string;

  @Column({ type: 'uuid', array: true, default: '{}' })
  mentions!: string[];

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;
}
