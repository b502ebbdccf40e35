import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

/** A vendor user assigned to a partner company with a partnership role, e.g. "Technical support". */
@Entity('contact_assignments')
@Index(['companyId', 'userId'], { unique: true })
export class ContactAssignment {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid' })
  workspaceId!: string;

  @Column({ type: 'uuid' })
  companyId!: string;

  @Index()
  @Column({ type: 'uuid' })
  userId!: string;

  @Column({ type: 'text' })
  partnershipRole!: string;

  @Column({ type: 'uuid' })
  assignedById!: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt!: Date;
}

/** What a person says they look after; the rest of their contact card lives on the user. */
@Entity('contact_profiles')
export class ContactProfile {
  @PrimaryColumn({ type: 'uuid' })
  userId!: string;

  @Column({ type: 'text', default: '' })
  responsibilities!: string;
}
