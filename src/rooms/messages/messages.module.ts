import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RateLimiter } from '../../core/http/rate-limiter';
import { RealtimeModule } from '../../core/realtime/realtime.module';
import { Conversation } from './conversation.entity';
import { ConversationAccess } from './conversation-access';
import { ConversationMember } from './conversation-member.entity';
import { ConversationRead } from './conversation-read.entity';
import { ConversationsService } from './conversations.service';
import { EntityThreads } from './entity-threads';
import { Message } from './message.entity';
import { MessageAlert } from './message-alert.entity';
import { MessageAlertsService, MESSAGES_CLOCK } from './message-alerts.service';
import { MessageSearchService } from './message-search.service';
import { ConversationsController, MessagesController } from './messages.controller';
import { MessageFanout } from './message-fanout';
import { MessagesGateway } from './messages.gateway';
import { DEFAULT_MESSAGE_RATE, MESSAGE_RATE, MessagesService } from './messages.service';
import { ReadStateService } from './read-state.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([Conversation, ConversationMember, ConversationRead, Message, MessageAlert]),
    RealtimeModule,
  ],
  controllers: [ConversationsController, MessagesController],
  providers: [
    ConversationAccess,
    ConversationsService,
    EntityThreads,
    MessagesService,
    MessageFanout,
    MessagesGateway,
    MessageSearchService,
    MessageAlertsService,
    ReadStateService,
    RateLimiter,
    { provide: MESSAGES_CLOCK, useValue: () => new Date() },
    { provide: MESSAGE_RATE, useValue: { ...DEFAULT_MESSAGE_RATE } },
  ],
  exports: [ConversationsService, MessagesService, EntityThreads],
})
export class MessagesModule {}
