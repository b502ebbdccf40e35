import { createHash } from 'node:crypto';
import type { Pool, PoolClient, QueryResult } from 'pg';
import { EntityManager, QueryFailedError } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import type { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';

const names = new Map<string, string>();
const MAX_NAMES = 1_000;

function nameOf(sql: string): string {
  let name = names.get(sql);
  if (!name) {
    if (names.size >= MAX_NAMES) names.clear();
    name = `q${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
    names.set(sql, name);
  }
  return name;
}

/**
 * Runs `sql` as a named prepared statement on the manager's connection (its transaction's, or one from the
 * pool): Postgres parses and plans it once per connection, not on every call, which halves its work for a
 * short statement run many times a second. The name follows from the text, so a changed text is a new
 * statement. For the hottest statements only; everything else goes through `manager.query`.
 */
export async function queryPrepared<T>(manager: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  const statement = { name: nameOf(sql), text: sql };
  let result: QueryResult;
  try {
    if (manager.queryRunner) {
      const client = (await (manager.queryRunner as PostgresQueryRunner).connect()) as PoolClient;
      result = await client.query({ ...statement, values: params });
    } else {
      const pool = (manager.connection.driver as PostgresDriver).master as Pool;
      result = await pool.query({ ...statement, values: params });
    }
  } catch (error) {
    throw new QueryFailedError(sql, params, error as Error);
  }
  return result.rows as T[];
}
