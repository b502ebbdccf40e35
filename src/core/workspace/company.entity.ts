import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('companies')
@Index(['workspaceId', 'name'])
export class Company {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  workspaceId!: string;

  @Column({ type: 'text' })
  name!: string;

  /** The channel manager who owns the partnership. */
  @Index()
  @Column({ type: 'uuid', nullable: true })
  ownerId!: string | null;

  /** Percent, e.g. "12.50". */
  @Column({ type: 'numeric', precision: 5, scale: 2, nullable: true })
  commissionRate!: string | null;

  @Column({ type: 'char', length: 3 })
  currency!: string;

  @Column({ type: 'integer', nullable: true })
  leadProtectionDays!: number | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;
}
