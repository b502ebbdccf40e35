import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Where a user's last look at a company's overview ended, so the next one shows what came after. */
@Entity('overview_visits')
export class OverviewVisit {
  @PrimaryColumn({ type: 'uuid' })
  userId!: string;

  @PrimaryColumn({ type: 'uuid' })
  companyId!: string;

  @Column({ type: 'timestamptz' })
  visitedAt!: Date;

  /** The company's last activity `seq` at that visit. */
  @Column({ type: 'bigint', default: 0 })
  lastSeq!: string;
}
