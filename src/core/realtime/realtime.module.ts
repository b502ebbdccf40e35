import { Module } from '@nestjs/common';
import { PresenceService } from './presence.service';
import { RealtimeGateway } from './realtime.gateway';

/** Socket.IO on the app's HTTP server; the event bus and Redis connections come from their own modules. */
@Module({ providers: [RealtimeGateway, PresenceService], exports: [RealtimeGateway, PresenceService] })
export class RealtimeModule {}
