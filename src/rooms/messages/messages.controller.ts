import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Auth } from '../../core/auth/auth.decorators';
import type { AuthUser } from '../../core/auth/auth-user';
import { UuidPipe } from '../../core/http/uuid.pipe';
import { ConversationsService } from './conversations.service';
import { MessageSearchService } from './message-search.service';
import {
  ConversationPageView,
  ConversationQueryDto,
  ConversationView,
  CreateConversationDto,
  EditMessageDto,
  HistoryQueryDto,
  MessagePageView,
  MessageView,
  ReactionDto,
  ReadDto,
  ReadStateView,
  SearchPageView,
  SearchQueryDto,
  SendMessageDto,
  UnreadQueryDto,
  UnreadView,
  UpdateConversationDto,
} from './messages.dto';
import { MessagesService } from './messages.service';

@ApiTags('messages')
@ApiBearerAuth()
@Controller('conversations')
export class ConversationsController {
  constructor(
    private readonly conversations: ConversationsService,
    private readonly messages: MessagesService,
  ) {}

  @Get()
  @ApiOkResponse({
    type: ConversationPageView,
    description: 'Most recently active first, with unread counts',
  })
  list(@Auth() auth: AuthUser, @Query() query: ConversationQueryDto) {
    return this.conversations.list(auth, query);
  }

  @Post()
  @ApiCreatedResponse({ type: ConversationView })
  @ApiOkResponse({
    type: ConversationView,
    description: 'A direct conversation of exactly these people already exists in the room: that one',
  })
  async create(
    @Auth() auth: AuthUser,
    @Body() dto: CreateConversationDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ConversationView> {
    const { conversation, created } = await this.conversations.create(auth, dto);
    if (!created) response.status(200);
    return conversation;
  }

  @Get('unread')
  @ApiOkResponse({ type: UnreadView, description: 'Unread and mention counts per conversation and per room' })
  unread(@Auth() auth: AuthUser, @Query() query: UnreadQueryDto) {
    return this.conversations.unread(auth, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: ConversationView })
  get(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string) {
    return this.conversations.get(auth, id);
  }

  @Patch(':id')
  @ApiOkResponse({
    type: ConversationView,
    description: 'Rename, set the topic, archive or reopen a channel',
  })
  update(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string, @Body() dto: UpdateConversationDto) {
    return this.conversations.update(auth, id, dto);
  }

  @Get(':id/messages')
  @ApiOkResponse({
    type: MessagePageView,
    description: 'Pages of 50 by seq: after= oldest first, before= older',
  })
  history(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string, @Query() query: HistoryQueryDto) {
    return this.messages.history(auth, id, query);
  }

  @Post(':id/messages')
  @ApiCreatedResponse({
    type: MessageView,
    description: 'Send with Idempotency-Key to retry safely; 429 when flooding',
  })
  send(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string, @Body() dto: SendMessageDto) {
    return this.messages.send(auth, id, dto);
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOkResponse({ type: ReadStateView })
  read(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string, @Body() dto: ReadDto) {
    return this.conversations.markRead(auth, id, dto.messageId);
  }
}

@ApiTags('messages')
@ApiBearerAuth()
@Controller('messages')
export class MessagesController {
  constructor(
    private readonly messages: MessagesService,
    private readonly searcher: MessageSearchService,
  ) {}

  @Get('search')
  @ApiOkResponse({ type: SearchPageView })
  search(@Auth() auth: AuthUser, @Query() query: SearchQueryDto) {
    return this.searcher.search(auth, query);
  }

  @Get(':id')
  @ApiOkResponse({ type: MessageView })
  get(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string) {
    return this.messages.get(auth, id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: MessageView })
  edit(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string, @Body() dto: EditMessageDto) {
    return this.messages.edit(auth, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string): Promise<void> {
    await this.messages.remove(auth, id);
  }

  @Post(':id/reactions')
  @HttpCode(200)
  @ApiOkResponse({ type: MessageView })
  react(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string, @Body() dto: ReactionDto) {
    return this.messages.react(auth, id, dto.emoji, true);
  }

  @Delete(':id/reactions/:emoji')
  @ApiOkResponse({ type: MessageView })
  unreact(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string, @Param('emoji') emoji: string) {
    return this.messages.react(auth, id, emoji, false);
  }
}
