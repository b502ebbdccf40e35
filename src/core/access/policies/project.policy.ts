import { OWNER, PARTNER_MANAGERS, PARTNER_USERS, Relation, VENDOR_STAFF } from '../relation';

export const PROJECT_STATUSES = ['planned', 'active', 'on_hold', 'done'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export type ProjectAction = 'read' | 'create' | 'edit' | 'work';

/**
 * Who may do what in the projects room, by relation. `work` is tasks, updates and deliverables; vendor
 * staff who do not own the partnership also work on a project once they are one of its members.
 */
export const projectPolicy: Record<ProjectAction, readonly Relation[]> = {
  read: [...VENDOR_STAFF, ...PARTNER_USERS],
  create: [...OWNER, ...PARTNER_MANAGERS],
  edit: [...OWNER, ...PARTNER_MANAGERS],
  work: [...OWNER, ...PARTNER_USERS],
};

/** Relations that may work on a project they are a member of, though their relation alone would not. */
export const MEMBER_WORK: readonly Relation[] = ['vendor'];
