import { Injectable } from '@nestjs/common';
import { Relation } from '../../core/access/relation';
import { PARTNER_ROLES, Role, RoomKind, VENDOR_ROLES } from '../../core/access/roles';

/** SQL expressions for the person whose access is asked: placeholders for the caller, columns for a users row. */
export interface ViewerSql {
  id: string;
  role: string;
  companyId: string;
}

/**
 * Who may read an entity, in SQL, from the room that owns the entity. Its thread is read by exactly those
 * people, whether or not they may enter the messages room that holds it.
 */
export interface EntityThreadRule {
  /** A condition, true when `viewer` may read the entity whose id is the SQL expression `entityId`. */
  readable(entityId: string, viewer: ViewerSql): string;
}

export const ENTITY_TYPE = /^[a-z][a-z_]{0,39}$/;

/** The relations a role can have to a company (a channel manager owns it or not). */
const RELATIONS_OF: Record<Role, readonly Relation[]> = {
  admin: ['admin'],
  channel_manager: ['owner', 'vendor'],
  vendor_member: ['vendor'],
  partner_executive: ['partner_executive'],
  partner_manager: ['partner_manager'],
  partner_member: ['partner_member'],
};

const quoted = (roles: readonly Role[]) => roles.map((role) => `'${role}'`).join(', ') || 'NULL';

/**
 * An access policy's list of relations as the roles SQL checks: vendor roles that read whatever company
 * they look at, and partner roles (that read their own company). An entity rule states its policy through
 * this, so the SQL follows the one access policy instead of a copy of its role names.
 */
export function policyRoles(relations: readonly Relation[]): { vendor: string; partner: string } {
  const vendor = VENDOR_ROLES.filter((role) => {
    const held = RELATIONS_OF[role].filter((relation) => relations.includes(relation));
    // A rule for owners only would need the company's owner in SQL too; no entity rule has one.
    if (held.length > 0 && held.length < RELATIONS_OF[role].length) {
      throw new Error(`policy reads for some of a ${role}'s companies only`);
    }
    return held.length > 0;
  });
  const partner = PARTNER_ROLES.filter((role) => relations.includes(role));
  return { vendor: quoted(vendor), partner: quoted(partner) };
}

/** The company's room of `kind` is enabled (partners reach an entity only through its open room). */
export function roomOpen(companyId: string, kind: RoomKind): string {
  return `EXISTS (SELECT 1 FROM rooms r WHERE r.company_id = ${companyId} AND r.kind = '${kind}' AND r.enabled)`;
}

/**
 * The rooms that keep their threads here register who may read their entities: deals (`deal`), files
 * (`file`), plans (`plan_goal`), leads (`lead`) and projects (`project_task`).
 * Threads of types nobody registered follow the messages room's rule, as channels do.
 */
@Injectable()
export class EntityThreads {
  private readonly rules = new Map<string, EntityThreadRule>();

  register(type: string, rule: EntityThreadRule): void {
    if (!ENTITY_TYPE.test(type)) throw new Error(`Invalid entity type "${type}"`);
    this.rules.set(type, rule);
  }

  governs(type: string | null): boolean {
    return type !== null && this.rules.has(type);
  }

  types(): string[] {
    return [...this.rules.keys()];
  }

  /**
   * The SQL condition over the conversation alias `c` that a governed thread is readable by `viewer`; false
   * for any other conversation. The type names are checked identifiers, so they are written inline.
   */
  readable(viewer: ViewerSql, alias = 'c'): string {
    if (this.rules.size === 0) return 'FALSE';
    const cases = [...this.rules].map(
      ([type, rule]) =>
        `(${alias}.entity_type = '${type}' AND ${rule.readable(`${alias}.entity_id`, viewer)})`,
    );
    return `(${cases.join(' OR ')})`;
  }

  /** The condition that `c` is not a governed thread (a room's conversation, or a thread of another type). */
  ungoverned(alias = 'c'): string {
    if (this.rules.size === 0) return 'TRUE';
    const types = this.types()
      .map((type) => `'${type}'`)
      .join(', ');
    return `(${alias}.entity_type IS NULL OR ${alias}.entity_type NOT IN (${types}))`;
  }
}
