import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Auth } from '../../core/auth/auth.decorators';
import type { AuthUser } from '../../core/auth/auth-user';
import { PageQueryDto } from '../../core/http/pagination';
import { UuidPipe } from '../../core/http/uuid.pipe';
import { CreateDiscussionMessageDto, DiscussionMessageDto, DiscussionPageDto } from './goal-discussions.dto';
import { GoalDiscussionsService } from './goal-discussions.service';

@ApiTags('plans')
@ApiBearerAuth()
@Controller('plans')
export class GoalDiscussionsController {
  constructor(private readonly discussions: GoalDiscussionsService) {}

  @Get(':id/goals/:goalId/discussion')
  @ApiOkResponse({
    type: DiscussionPageDto,
    description: 'The goal’s thread, oldest first; read by exactly those who may read the plan',
  })
  list(
    @Auth() auth: AuthUser,
    @Param('id', UuidPipe) id: string,
    @Param('goalId', UuidPipe) goalId: string,
    @Query() query: PageQueryDto,
  ) {
    return this.discussions.list(auth, id, goalId, query);
  }

  @Post(':id/goals/:goalId/discussion')
  @ApiCreatedResponse({
    type: DiscussionMessageDto,
    description:
      'A message in the goal’s thread: mentions, unread counts, search and notifications as in messages',
  })
  add(
    @Auth() auth: AuthUser,
    @Param('id', UuidPipe) id: string,
    @Param('goalId', UuidPipe) goalId: string,
    @Body() dto: CreateDiscussionMessageDto,
  ) {
    return this.discussions.add(auth, id, goalId, dto);
  }
}
