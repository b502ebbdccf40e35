import type { EntityManager } from 'typeorm';
import { readEach, readTogether } from './read-together';

/** Reads that record how many of them were running at once, each finishing only when released. */
function tracked() {
  let running = 0;
  let most = 0;
  const read =
    <T>(value: T) =>
    async (): Promise<T> => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setImmediate(resolve));
      running--;
      return value;
    };
  return { read, most: () => most };
}

const pooled = {} as EntityManager;
const bound = { queryRunner: {} } as EntityManager;

describe('readTogether', () => {
  it('runs reads side by side on the pool', async () => {
    const t = tracked();
    expect(await readTogether(pooled, [t.read(1), t.read('two'), t.read(true)])).toEqual([1, 'two', true]);
    expect(t.most()).toBe(3);
  });

  it('runs reads one after another on a transaction connection, answers in order', async () => {
    const t = tracked();
    expect(await readTogether(bound, [t.read(1), t.read('two'), t.read(true)])).toEqual([1, 'two', true]);
    expect(t.most()).toBe(1);
  });

  it('stops at the first failing read on a transaction connection', async () => {
    const t = tracked();
    let later = false;
    const failing = async () => {
      throw new Error('no such row');
    };
    await expect(
      readTogether(bound, [
        failing,
        async () => {
          later = true;
          return t.read(2)();
        },
      ]),
    ).rejects.toThrow('no such row');
    expect(later).toBe(false);
  });
});

describe('readEach', () => {
  it('maps items side by side on the pool and one at a time on a transaction connection', async () => {
    const pool = tracked();
    expect(await readEach(pooled, [1, 2, 3], (n) => pool.read(n * 10)())).toEqual([10, 20, 30]);
    expect(pool.most()).toBe(3);
    const tx = tracked();
    expect(await readEach(bound, [1, 2, 3], (n) => tx.read(n * 10)())).toEqual([10, 20, 30]);
    expect(tx.most()).toBe(1);
  });
});
