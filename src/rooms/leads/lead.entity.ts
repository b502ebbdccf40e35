import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { LeadStatus } from '../../core/access/policies/lead.policy';

const OPEN = `status IN ('submitted', 'approved', 'qualified', 'demo', 'proposal')`;

export interface ExtensionRequest {
  reason: string;
  days: number;
  requestedById: string;
  requestedAt: string;
  status: 'pending' | 'granted' | 'refused';
  decidedById?: string;
  decidedAt?: string;
  decisionReason?: string;
}

/**
 * A deal registration. `domainKey` and `nameKey` hold the folded customer identity (see customer-keys.ts)
 * so the conflict check is an index lookup; the partial indexes cover open registrations only.
 */
@Entity('leads')
@Index(['workspaceId', 'companyId', 'createdAt'])
@Index(['companyId', 'registeredById', 'createdAt'])
@Index('idx_leads_open_domain', ['workspaceId', 'domainKey'], { where: OPEN })
@Index('idx_leads_open_name', ['workspaceId', 'nameKey', 'country'], { where: OPEN })
@Index('idx_leads_open_email', { synchronize: false })
@Index(['status', 'expiresAt'])
export class Lead {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  workspaceId!: string;

  @Column({ type: 'uuid' })
  companyId!: string;

  @Column({ type: 'text' })
  customerName!: string;

  @Column({ type: 'text', default: '' })
  customerDomain!: string;

  @Column({ type: 'text', nullable: true })
  domainKey!: string | null;

  @Column({ type: 'text', nullable: true })
  nameKey!: string | null;

  /** ISO-3166 alpha-2. */
  @Column({ type: 'char', length: 2 })
  country!: string;

  @Column({ type: 'text' })
  contactName!: string;

  @Column({ type: 'text' })
  contactEmail!: string;

  @Column({ type: 'text', default: '' })
  contactPhone!: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  products!: string[];

  @Column({ type: 'numeric', precision: 18, scale: 2 })
  estimatedValue!: string;

  @Column({ type: 'char', length: 3 })
  currency!: string;

  @Column({ type: 'text', default: '' })
  notes!: string;

  @Column({ type: 'text', default: 'submitted' })
  status!: LeadStatus;

  /** Reason of the last rejection or loss, shown to the partner. */
  @Column({ type: 'text', nullable: true })
  statusReason!: string | null;

  /** Set at submit when an open registration of the same customer existed. */
  @Column({ type: 'boolean', default: false })
  conflict!: boolean;

  /** The partner user who registered it (null when a vendor submitted on behalf of no one). */
  @Column({ type: 'uuid', nullable: true })
  registeredById!: string | null;

  @Column({ type: 'uuid' })
  submittedById!: string;

  @Column({ type: 'timestamptz', nullable: true })
  approvedAt!: Date | null;

  @Column({ type: 'uuid', nullable: true })
  decidedById!: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  qualifiedAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  reminded14At!: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  reminded3At!: Date | null;

  @Column({ type: 'jsonb', nullable: true })
  extension!: ExtensionRequest | null;

  @Column({ type: 'uuid', nullable: true })
  dealId!: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
