import { EntityManager, EntityTarget, In, ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/** A sortable column of a list: its SQL expression and the cursor value a row gives for it. */
export interface SortColumn<T> {
  expr: string;
  cursor: (row: T) => string | number;
}

export type KeysetAfter = [string | number | null, string | number | null] | null;

/** `-name` sorts descending; a missing sort takes the fallback. */
export function resolveSort<T>(
  columns: Record<string, SortColumn<T>>,
  sort: string | undefined,
  fallback: string,
): { column: SortColumn<T>; direction: 'ASC' | 'DESC' } {
  const given = sort ?? fallback;
  return {
    column: columns[given.replace(/^-/, '')],
    direction: given.startsWith('-') ? 'DESC' : 'ASC',
  };
}

/**
 * One keyset page of a filtered query selecting `${alias}.id`: ids in sort order after the cursor (the
 * sort value, then the id as tie-break), then the entities loaded by id and returned in that order.
 */
export async function keysetPage<T extends ObjectLiteral & { id: string }>(
  manager: EntityManager,
  entity: EntityTarget<T>,
  qb: SelectQueryBuilder<ObjectLiteral>,
  alias: string,
  sort: { column: SortColumn<T>; direction: 'ASC' | 'DESC' },
  after: KeysetAfter,
  take: number,
): Promise<T[]> {
  const { column, direction } = sort;
  if (after) {
    const op = direction === 'ASC' ? '>' : '<';
    qb.andWhere(`(${column.expr}, ${alias}.id) ${op} (:cv, :cid)`, { cv: after[0], cid: after[1] });
  }
  qb.orderBy(column.expr, direction).addOrderBy(`${alias}.id`, direction).limit(take);
  const ids = (await qb.getRawMany<{ id: string }>()).map((r) => r.id);
  if (ids.length === 0) return [];
  const rows = await manager.find(entity, { where: { id: In(ids) } as never });
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id)!);
}
