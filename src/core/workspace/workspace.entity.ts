import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity('workspaces')
export class Workspace {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'char', length: 3, default: 'USD' })
  defaultCurrency!: string;

  @Column({ type: 'smallint', default: 1 })
  fiscalYearStartMonth!: number;

  @Column({ type: 'integer', default: 90 })
  leadProtectionDays!: number;

  /** Bumped by Postgres when a change to the company directory commits (migration DirectoryVersion). */
  @Column({ type: 'bigint', default: '0', select: false, insert: false, update: false })
  directoryVersion!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
