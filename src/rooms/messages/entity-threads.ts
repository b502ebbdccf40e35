import { Injectable } from '@nestjs/common';

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
