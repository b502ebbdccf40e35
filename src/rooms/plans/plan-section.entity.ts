import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const SECTION_KINDS = ['strategy', 'onboarding', 'training', 'sales', 'marketing', 'custom'] as const;
export type SectionKind = (typeof SECTION_KINDS)[number];

/** A section's rich-text description lives in the plan's Yjs document as `section:<id>`. */
@Entity('plan_sections')
@Index(['planId', 'position'])
export class PlanSection {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  planId!: string;

  @Column({ type: 'text' })
  kind!: SectionKind;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'integer', default: 0 })
  position!: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}
