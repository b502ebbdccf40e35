import { Column, Entity, Generated, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Who may read an entry besides vendor staff: `all` (everyone who may enter the room), `vendor` (vendor
 * staff only), `owner` (the entry's `ownerId`, the partner user a lead or deal is registered to, and the
 * partner users who see all of their company's leads and deals: see `seesCompanyWide`).
 */
export type ActivityAudience = 'all' | 'vendor' | 'owner';

/** The append-only log of every committed change; `seq` orders it in commit order per workspace. */
@Entity('activity')
@Index(['workspaceId', 'seq'])
@Index(['companyId', 'seq'])
@Index(['roomId', 'seq'])
export class Activity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index({ unique: true })
  @Column({ type: 'bigint' })
  @Generated('increment')
  seq!: string;

  @Column({ type: 'uuid' })
  workspaceId!: string;

  @Column({ type: 'uuid', nullable: true })
  companyId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  roomId!: string | null;

  @Column({ type: 'uuid', nullable: true })
  actorId!: string | null;

  /** e.g. `company.created`, `plan.updated`, `deal.won`. */
  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'text' })
  entity!: string;

  @Column({ type: 'uuid', nullable: true })
  entityId!: string | null;

  @Column({ type: 'text', default: '' })
  summary!: string;

  @Column({ type: 'jsonb', default: {} })
  data!: Record<string, unknown>;

  @Column({ type: 'text', default: 'all' })
  audience!: ActivityAudience;

  /** With audience `owner`: the one partner user (besides those who see company-wide) it is for. */
  @Column({ type: 'uuid', nullable: true })
  ownerId!: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at!: Date;
}
