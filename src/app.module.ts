import { DynamicModule, Module } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { AccessModule } from './core/access/access.module';
import { ActivityModule } from './core/activity/activity.module';
import { AuthModule } from './core/auth/auth.module';
import { CollabModule } from './core/collab/collab.module';
import { DatabaseModule, DatabaseOptions } from './core/database/database.module';
import { HealthController } from './core/http/health.controller';
import { IdempotencyModule } from './core/http/idempotency.module';
import { RootController } from './core/http/root.controller';
import { NotificationsModule } from './core/notifications/notifications.module';
import { EventBusModule } from './core/realtime/event-bus.module';
import { RealtimeModule } from './core/realtime/realtime.module';
import { RedisModule } from './core/realtime/redis.module';
import { StorageModule } from './core/storage/storage.module';
import { WorkspaceModule } from './core/workspace/workspace.module';
import { MessagesModule } from './rooms/messages/messages.module';
import { FilesModule } from './rooms/files/files.module';
import { PlansModule } from './rooms/plans/plans.module';
import { ResourcesModule } from './rooms/resources/resources.module';
import { DealsModule } from './rooms/deals/deals.module';
import { LeadsModule } from './rooms/leads/leads.module';
import { ProjectsModule } from './rooms/projects/projects.module';
import { ContactsModule } from './rooms/contacts/contacts.module';
import { AnnouncementsModule } from './rooms/announcements/announcements.module';
import { OverviewModule } from './rooms/overview/overview.module';
import { CustomRoomsModule } from './rooms/custom/custom-rooms.module';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, database: DatabaseOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            genReqId: (request, response) => {
              const given = request.headers['x-request-id'];
              const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
              response.setHeader('X-Request-Id', id);
              return id;
            },
            redact: ['req.headers.authorization', 'req.headers.cookie'],
            autoLogging: { ignore: (request) => request.url === '/health' },
          },
        }),
        DatabaseModule.forRoot(database),
        RedisModule,
        EventBusModule,
        AccessModule,
        AuthModule,
        ActivityModule,
        NotificationsModule,
        StorageModule,
        IdempotencyModule,
        WorkspaceModule,
        CollabModule,
        PlansModule,
        DealsModule,
        LeadsModule,
        MessagesModule,
        FilesModule,
        ResourcesModule,
        ProjectsModule,
        ContactsModule,
        AnnouncementsModule,
        OverviewModule,
        CustomRoomsModule,
        RealtimeModule,
      ],
      controllers: [HealthController, RootController],
    };
  }
}
