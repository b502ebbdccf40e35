import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import {
  CONVERSATION_KINDS,
  DIRECT_MAX_PARTICIPANTS,
  type ConversationKind,
} from '../../core/access/policies/message.policy';
import { PageQueryDto } from '../../core/http/pagination';
import { IsName, IsText, Optional } from '../../core/http/validators';
import type { AttachmentSummary } from '../../core/storage/attachments';
import { Conversation } from './conversation.entity';
import { MAX_BODY_LENGTH, Message } from './message.entity';

const toBoolean = Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value));

export class CreateConversationDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The company; its messages room holds the conversation',
  })
  @Optional()
  @IsUUID()
  companyId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A custom room (or the messages room) instead' })
  @Optional()
  @IsUUID()
  roomId?: string;

  @ApiProperty({ enum: CONVERSATION_KINDS }) @IsIn(CONVERSATION_KINDS) kind!: ConversationKind;

  @ApiPropertyOptional({ description: 'Required for a channel' }) @Optional() @IsName(120) name?: string;

  @ApiPropertyOptional() @Optional() @IsText(1000) topic?: string;

  @ApiPropertyOptional({
    type: [String],
    description: `Direct only: the other participants (the caller is added), 2..${DIRECT_MAX_PARTICIPANTS} in all`,
  })
  @Optional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(DIRECT_MAX_PARTICIPANTS)
  @IsUUID('all', { each: true })
  participantIds?: string[];
}

export class UpdateConversationDto {
  @ApiPropertyOptional() @Optional() @IsName(120) name?: string;
  @ApiPropertyOptional() @Optional() @IsText(1000) topic?: string;
  @ApiPropertyOptional({ description: 'Archive (true) or reopen (false) a channel' })
  @Optional()
  @IsBoolean()
  archived?: boolean;
}

export class ConversationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @Optional() @IsUUID() companyId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @Optional() @IsUUID() roomId?: string;
  @ApiPropertyOptional({ enum: CONVERSATION_KINDS })
  @Optional()
  @IsIn(CONVERSATION_KINDS)
  kind?: ConversationKind;
  @ApiPropertyOptional({ description: 'Archived channels instead of open ones' })
  @Optional()
  @toBoolean
  @IsBoolean()
  archived?: boolean;
}

export class UnreadQueryDto {
  @ApiPropertyOptional({ format: 'uuid' }) @Optional() @IsUUID() companyId?: string;
}

/** Markdown, stored as written; the client renders it safely. */
function IsBody() {
  return applyDecorators(
    IsString(),
    MaxLength(MAX_BODY_LENGTH, { message: `body must be at most ${MAX_BODY_LENGTH} characters` }),
  );
}

export class SendMessageDto {
  @ApiProperty({ maxLength: MAX_BODY_LENGTH, description: 'Markdown; may be empty when files are attached' })
  @IsBody()
  body!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Reply in the thread of this top-level message' })
  @Optional()
  @IsUUID()
  parentId?: string;

  @ApiPropertyOptional({ type: [String], description: 'Shared-file ids, checked by the files room' })
  @Optional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsUUID('all', { each: true })
  attachmentIds?: string[];
}

/** The socket form: `clientId` makes a resend after a lost ack return the first message. */
export class SocketSendDto extends SendMessageDto {
  @IsUUID() conversationId!: string;

  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(/^[A-Za-z0-9_\-:.]+$/, { message: 'clientId must be letters, digits or _ - : .' })
  clientId!: string;
}

export class TypingDto {
  @IsUUID() conversationId!: string;
  /** Older clients name the room too; the conversation decides. */
  @Optional() @IsUUID() roomId?: string;
}

export class EditMessageDto {
  @ApiProperty({ maxLength: MAX_BODY_LENGTH }) @IsBody() body!: string;
}

export class ReactionDto {
  @ApiProperty({ example: '👍' })
  @IsString()
  @MinLength(1)
  @MaxLength(32)
  @Matches(/^\S+$/u, { message: 'emoji must not contain spaces' })
  emoji!: string;
}

export class HistoryQueryDto {
  @ApiPropertyOptional({ description: 'Messages with a greater seq, oldest first (catch-up)' })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  after?: number;

  @ApiPropertyOptional({ description: 'Messages with a smaller seq (older history); default: the latest' })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  before?: number;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only the replies of this thread' })
  @Optional()
  @IsUUID()
  parentId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page; continues in the same direction' })
  @Optional()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}

export class ReadDto {
  @ApiProperty({ format: 'uuid', description: 'The last message read' }) @IsUUID() messageId!: string;
}

export class SearchQueryDto extends PageQueryDto {
  @ApiProperty({ description: 'Words; "quoted phrases", -excluded, OR' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  q!: string;
  @ApiPropertyOptional({ format: 'uuid' }) @Optional() @IsUUID() conversationId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @Optional() @IsUUID() companyId?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @Optional() @IsUUID() authorId?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @Optional() @IsISO8601() from?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @Optional() @IsISO8601() to?: string;
}

export class ReactionView {
  @ApiProperty() emoji!: string;
  @ApiProperty({ type: [String] }) userIds!: string[];
  @ApiProperty() count!: number;
}

export class AttachmentView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) versionId!: string;
  @ApiProperty() name!: string;
  @ApiProperty() size!: number;
  @ApiProperty() contentType!: string;
}

export class MessageView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) conversationId!: string;
  @ApiProperty({ description: 'Per conversation, gap-free, in commit order' }) seq!: number;
  @ApiProperty({ format: 'uuid' }) authorId!: string;
  @ApiProperty({ description: 'Markdown as written; empty once deleted' }) body!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) parentId!: string | null;
  @ApiProperty() replyCount!: number;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastReplyAt!: string | null;
  @ApiProperty({ type: [String] }) mentions!: string[];
  @ApiProperty({ type: [AttachmentView] }) attachments!: AttachmentSummary[];
  @ApiProperty({ type: [ReactionView] }) reactions!: ReactionView[];
  @ApiProperty({ nullable: true, type: String }) clientId!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) editedAt!: string | null;
  @ApiProperty({ description: 'A deleted message keeps its place in the thread as a placeholder' })
  deleted!: boolean;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class MessagePageView {
  @ApiProperty({ type: [MessageView], description: 'Oldest first' }) items!: MessageView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
  @ApiProperty({ description: 'The conversation’s last seq at the time of reading' }) lastSeq!: number;
}

export class ConversationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) companyId!: string;
  @ApiProperty({ format: 'uuid' }) roomId!: string;
  @ApiProperty({ enum: CONVERSATION_KINDS }) kind!: ConversationKind;
  @ApiProperty({ nullable: true, type: String }) name!: string | null;
  @ApiProperty() topic!: string;
  @ApiProperty({ type: [String], description: 'Direct conversations: the participants' })
  participantIds!: string[];
  @ApiProperty() vendorOnly!: boolean;
  @ApiProperty({ nullable: true, type: String }) entityType!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) entityId!: string | null;
  @ApiProperty() lastSeq!: number;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastMessageAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) archivedAt!: string | null;
  @ApiProperty() lastReadSeq!: number;
  @ApiProperty() unreadCount!: number;
  @ApiProperty() mentionCount!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class ConversationPageView {
  @ApiProperty({ type: [ConversationView] }) items!: ConversationView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class UnreadCountView {
  @ApiProperty() unreadCount!: number;
  @ApiProperty() mentionCount!: number;
}

export class RoomUnreadView extends UnreadCountView {
  @ApiProperty({ format: 'uuid' }) roomId!: string;
}

export class ConversationUnreadView extends RoomUnreadView {
  @ApiProperty({ format: 'uuid' }) conversationId!: string;
  @ApiProperty() lastReadSeq!: number;
}

export class UnreadView {
  @ApiProperty({ type: [RoomUnreadView] }) rooms!: RoomUnreadView[];
  @ApiProperty({ type: [ConversationUnreadView] }) conversations!: ConversationUnreadView[];
}

/** Pushed as `message:unread` to every tab of the user, and the answer of `POST .../read`. */
export class ReadStateView extends ConversationUnreadView {
  @ApiProperty({ type: RoomUnreadView }) room!: RoomUnreadView;
}

export class SearchHitView {
  @ApiProperty({ type: MessageView }) message!: MessageView;
  @ApiProperty({ nullable: true, type: String }) conversationName!: string | null;
  @ApiProperty() rank!: number;
  @ApiProperty({ description: 'HTML-escaped excerpt with <mark> around the matches' }) highlight!: string;
}

export class SearchPageView {
  @ApiProperty({ type: [SearchHitView] }) items!: SearchHitView[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export function mapMessage(row: Message): MessageView {
  const deleted = row.deletedAt !== null;
  return {
    id: row.id,
    conversationId: row.conversationId,
    seq: row.seq,
    authorId: row.authorId,
    body: deleted ? '' : row.body,
    parentId: row.parentId,
    replyCount: row.replyCount,
    lastReplyAt: row.lastReplyAt ? row.lastReplyAt.toISOString() : null,
    mentions: deleted ? [] : row.mentions,
    attachments: deleted ? [] : row.attachments,
    reactions: deleted
      ? []
      : Object.entries(row.reactions)
          .filter(([, userIds]) => userIds.length > 0)
          .map(([emoji, userIds]) => ({ emoji, userIds, count: userIds.length }))
          .sort((a, b) => b.count - a.count || (a.emoji < b.emoji ? -1 : 1)),
    clientId: row.clientId,
    editedAt: row.editedAt ? row.editedAt.toISOString() : null,
    deleted,
    createdAt: row.createdAt.toISOString(),
  };
}

export function mapConversation(
  row: Conversation,
  participantIds: string[],
  read: { lastReadSeq: number; unreadCount: number; mentionCount: number },
): ConversationView {
  return {
    id: row.id,
    companyId: row.companyId,
    roomId: row.roomId,
    kind: row.kind,
    name: row.name,
    topic: row.topic,
    participantIds,
    vendorOnly: row.vendorOnly,
    entityType: row.entityType,
    entityId: row.entityId,
    lastSeq: row.lastSeq,
    lastMessageAt: row.lastMessageAt ? row.lastMessageAt.toISOString() : null,
    archivedAt: row.archivedAt ? row.archivedAt.toISOString() : null,
    lastReadSeq: read.lastReadSeq,
    unreadCount: read.unreadCount,
    mentionCount: read.mentionCount,
    createdAt: row.createdAt.toISOString(),
  };
}
