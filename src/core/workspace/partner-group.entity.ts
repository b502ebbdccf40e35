import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

@Entity('partner_groups')
@Index(['workspaceId', 'name'], { unique: true })
export class PartnerGroup {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  workspaceId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', default: '' })
  description!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

@Entity('company_groups')
export class CompanyGroup {
  @PrimaryColumn({ type: 'uuid' })
  companyId!: string;

  @Index()
  @PrimaryColumn({ type: 'uuid' })
  groupId!: string;
}
