import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppModule } from '../app.module';
import { parseConfig, AppConfig } from '../config/config';
import { DatabaseHandle, openDatabase } from '../core/database/embedded-postgres';

export interface CliContext {
  config: AppConfig;
  database: DatabaseHandle;
  app: INestApplicationContext;
  dataSource: DataSource;
  close(): Promise<void>;
}

/** The application without listening, on the same database `npm start` would use. */
export async function openCli(migrationsRun: boolean): Promise<CliContext> {
  const config = parseConfig({ LOG_LEVEL: 'warn', ...process.env, PWS_WORKERS: 'off' });
  const database = await openDatabase(config.databaseUrl, config.dataDir);
  // A full application that never listens: the realtime and collab servers attach to its HTTP server.
  const app = await NestFactory.create(
    AppModule.forRoot(config, { url: database.url, embedded: database.embedded, migrationsRun }),
    { logger: ['error', 'warn'] },
  );
  await app.init();
  return {
    config,
    database,
    app,
    dataSource: app.get(DataSource),
    async close() {
      await app.close();
      await database.close();
    },
  };
}
