import { RequestMethod } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { AppConfig } from './config/config';
import { DatabaseHandle, openDatabase } from './core/database/embedded-postgres';
import { AllExceptionsFilter } from './core/http/all-exceptions.filter';
import { serveClient } from './core/http/client-app';
import { createValidationPipe } from './core/http/validation';

export interface RunningApp {
  app: NestExpressApplication;
  database: DatabaseHandle;
  close(): Promise<void>;
}

export const API_PREFIX = 'api/v1';

/** Builds the whole server (database first, embedded when DATABASE_URL is unset) without listening. */
export async function createApp(config: AppConfig, database?: DatabaseHandle): Promise<RunningApp> {
  const db = database ?? (await openDatabase(config.databaseUrl, config.dataDir));
  let app: NestExpressApplication;
  try {
    app = await NestFactory.create<NestExpressApplication>(
      AppModule.forRoot(config, { url: db.url, embedded: db.embedded, migrationsRun: true }),
      { bufferLogs: true, abortOnError: false },
    );
  } catch (error) {
    if (!database) await db.close();
    throw error;
  }
  app.useLogger(app.get(Logger));
  app.set('trust proxy', 'loopback');
  // API responses are not cached by validators; hashing every body for an ETag is pure cost.
  app.set('etag', false);
  app.useBodyParser('json', { limit: '2mb' });
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          // The web client uploads parts to, and downloads from, presigned object-storage URLs.
          connectSrc: ["'self'", 'ws:', 'wss:', ...(config.s3 ? [new URL(config.s3.endpoint).origin] : [])],
          imgSrc: ["'self'", 'data:', 'blob:'],
          styleSrc: ["'self'", "'unsafe-inline'"],
          upgradeInsecureRequests: null,
        },
      },
      crossOriginEmbedderPolicy: false,
    }),
  );
  app.enableCors({
    origin: config.corsOrigins,
    credentials: true,
    exposedHeaders: ['X-Request-Id', 'Retry-After', 'Idempotent-Replayed'],
  });
  serveClient(app);
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'health', method: RequestMethod.GET },
      { path: '/', method: RequestMethod.GET },
    ],
  });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Partner Workspace API')
      .setDescription(
        'Vendor and channel partners share plans, leads, deals, projects, messages and files. ' +
          'Errors: { statusCode, error, message, details[] }. Lists: ?limit&cursor → { items, nextCursor }.',
      )
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });

  return {
    app,
    database: db,
    async close() {
      await app.close();
      if (!database) await db.close();
    },
  };
}
