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

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
