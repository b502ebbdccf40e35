import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { DataSourceOptions } from 'typeorm';

type PostgresConnectionOptions = Extract<DataSourceOptions, { type: 'postgres' }>;
import { MIGRATIONS } from '../../../migrations';
import { SnakeNamingStrategy } from './snake-naming.strategy';
import { UnitOfWork } from './unit-of-work';

export interface DatabaseOptions {
  url: string;
  embedded: boolean;
  /** Apply pending migrations while booting (the server does; the migration CLI does not). */
  migrationsRun: boolean;
}

/** Connection options shared by the server and the migration CLI. */
export function connectionOptions(options: DatabaseOptions): PostgresConnectionOptions {
  return {
    type: 'postgres',
    url: options.url,
    synchronize: false,
    migrations: MIGRATIONS,
    migrationsRun: options.migrationsRun,
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    // PGlite serves one connection at a time.
    extra: { max: options.embedded ? 1 : 10, application_name: 'partner-workspace' },
    logging: ['error'],
  };
}

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseOptions): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRoot({
          ...connectionOptions(options),
          autoLoadEntities: true,
          retryAttempts: options.embedded ? 0 : 5,
        }),
      ],
      providers: [UnitOfWork],
      exports: [UnitOfWork],
    };
  }
}
