import type { EntityManager } from 'typeorm';

type Reads<T extends readonly unknown[]> = { readonly [K in keyof T]: () => Promise<T[K]> };

/**
 * Runs independent reads through `manager`: side by side when it draws connections from the pool, one after
 * another when it is bound to one connection (a transaction's). A pg client runs one query at a time anyway,
 * and overlapping calls on one client are deprecated (refused from pg 9), so nothing is lost by waiting.
 */
export async function readTogether<T extends readonly unknown[]>(
  manager: EntityManager,
  reads: readonly [...Reads<T>],
): Promise<T> {
  if (!manager.queryRunner) return (await Promise.all(reads.map((read) => read()))) as unknown as T;
  const results: unknown[] = [];
  for (const read of reads) results.push(await read());
  return results as unknown as T;
}

/** `readTogether` over a list: one read per item, answers in the items' order. */
export async function readEach<I, R>(
  manager: EntityManager,
  items: readonly I[],
  read: (item: I) => Promise<R>,
): Promise<R[]> {
  if (!manager.queryRunner) return Promise.all(items.map(read));
  const results: R[] = [];
  for (const item of items) results.push(await read(item));
  return results;
}
