import { Column, Entity, Generated, Index, PrimaryGeneratedColumn } from 'typeorm';

export type ActivityAudience = 'all' | 'vendor';

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

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at!: Date;
}
