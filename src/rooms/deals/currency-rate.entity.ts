import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** How many units of the workspace's base currency one unit of `currency` is worth. */
@Entity('currency_rates')
export class CurrencyRate {
  @PrimaryColumn({ type: 'uuid' })
  workspaceId!: string;

  @PrimaryColumn({ type: 'char', length: 3 })
  currency!: string;

  @Column({ type: 'numeric', precision: 18, scale: 8 })
  rateToBase!: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
