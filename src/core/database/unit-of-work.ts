import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** A running transaction plus work that must happen only once it has committed. */
export interface Tx {
  readonly manager: EntityManager;
  afterCommit(task: () => unknown): void;
}

@Injectable()
export class UnitOfWork {
  private readonly logger = new Logger(UnitOfWork.name);

  constructor(private readonly dataSource: DataSource) {}

  /** Runs `work` in one transaction; after-commit tasks run only if it committed, errors in them are logged. */
  async run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const tasks: Array<() => unknown> = [];
    const result = await this.dataSource.transaction((manager) =>
      work({ manager, afterCommit: (task) => void tasks.push(task) }),
    );
    for (const task of tasks) {
      try {
        await task();
      } catch (error) {
        this.logger.error(`after-commit task failed: ${(error as Error).message}`);
      }
    }
    return result;
  }
}
