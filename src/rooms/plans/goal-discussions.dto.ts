import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { Optional } from '../../core/http/validators';
import { MAX_BODY_LENGTH } from '../messages/message.entity';
import type { MessageView } from '../messages/messages.dto';

export class DiscussionMessageDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) planId!: string;
  @ApiProperty({ format: 'uuid' }) goalId!: string;
  @ApiProperty({
    format: 'uuid',
    description: 'The thread in the messages room: reply, react, read state there',
  })
  conversationId!: string;
  @ApiProperty({ format: 'uuid' }) authorId!: string;
  @ApiProperty({ description: 'Markdown as written' }) body!: string;
  @ApiProperty({ type: [String], description: 'Ids of the users mentioned' }) mentions!: string[];
  @ApiProperty({ type: Number, description: 'Replies in the messages room' }) replyCount!: number;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) editedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class DiscussionPageDto {
  @ApiProperty({ type: [DiscussionMessageDto], description: 'Oldest first' }) items!: DiscussionMessageDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class CreateDiscussionMessageDto {
  @ApiProperty({
    maxLength: MAX_BODY_LENGTH,
    description:
      'Markdown; without `mentions`, `@name`, `@email` and `@id` of the plan’s readers mention them',
  })
  @IsString()
  @MaxLength(MAX_BODY_LENGTH)
  @Matches(/\S/, { message: 'body must not be blank' })
  body!: string;

  @ApiPropertyOptional({
    type: [String],
    description: 'Users mentioned, instead of the handles in the body; they must be able to read the plan',
  })
  @Optional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsUUID('all', { each: true })
  mentions?: string[];
}

export function mapDiscussionMessage(
  planId: string,
  goalId: string,
  message: MessageView,
): DiscussionMessageDto {
  return {
    id: message.id,
    planId,
    goalId,
    conversationId: message.conversationId,
    authorId: message.authorId,
    body: message.body,
    mentions: message.mentions,
    replyCount: message.replyCount,
    editedAt: message.editedAt,
    createdAt: message.createdAt,
  };
}
