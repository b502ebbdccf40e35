import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Auth } from '../../core/auth/auth.decorators';
import type { AuthUser } from '../../core/auth/auth-user';
import { UuidPipe } from '../../core/http/uuid.pipe';
import {
  CreateActionDto,
  CreateReviewDto,
  CreateTargetAccountDto,
  CreateTaskDto,
  ReviewDto,
  TargetAccountDto,
  TaskDto,
  UpdateActionDto,
  UpdateTargetAccountDto,
  UpdateTaskDto,
} from './plan-work.dto';
import { PlanWorkService } from './plan-work.service';

@ApiTags('plans')
@ApiBearerAuth()
@Controller('plans/:id')
export class PlanWorkController {
  constructor(private readonly work: PlanWorkService) {}

  @Get('tasks')
  @ApiOkResponse({ type: [TaskDto] })
  tasks(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string) {
    return this.work.tasks(auth, id);
  }

  @Post('tasks')
  @ApiCreatedResponse({ type: TaskDto })
  createTask(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string, @Body() dto: CreateTaskDto) {
    return this.work.createTask(auth, id, dto);
  }

  @Patch('tasks/:tid')
  @ApiOkResponse({ type: TaskDto })
  updateTask(
    @Auth() auth: AuthUser,
    @Param('id', UuidPipe) id: string,
    @Param('tid', UuidPipe) tid: string,
    @Body() dto: UpdateTaskDto,
  ) {
    return this.work.updateTask(auth, id, tid, dto);
  }

  @Get('target-accounts')
  @ApiOkResponse({ type: [TargetAccountDto] })
  targetAccounts(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string) {
    return this.work.targetAccounts(auth, id);
  }

  @Post('target-accounts')
  @ApiCreatedResponse({ type: TargetAccountDto })
  createTargetAccount(
    @Auth() auth: AuthUser,
    @Param('id', UuidPipe) id: string,
    @Body() dto: CreateTargetAccountDto,
  ) {
    return this.work.createTargetAccount(auth, id, dto);
  }

  @Patch('target-accounts/:aid')
  @ApiOkResponse({ type: TargetAccountDto })
  updateTargetAccount(
    @Auth() auth: AuthUser,
    @Param('id', UuidPipe) id: string,
    @Param('aid', UuidPipe) aid: string,
    @Body() dto: UpdateTargetAccountDto,
  ) {
    return this.work.updateTargetAccount(auth, id, aid, dto);
  }

  @Get('reviews')
  @ApiOkResponse({ type: [ReviewDto] })
  reviews(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string) {
    return this.work.reviews(auth, id);
  }

  @Post('reviews')
  @ApiCreatedResponse({
    type: ReviewDto,
    description: 'Freezes the scorecard and carries open actions forward',
  })
  createReview(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string, @Body() dto: CreateReviewDto) {
    return this.work.createReview(auth, id, dto);
  }

  @Get('reviews/:rid')
  @ApiOkResponse({ type: ReviewDto })
  review(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string, @Param('rid', UuidPipe) rid: string) {
    return this.work.review(auth, id, rid);
  }

  @Post('reviews/:rid/actions')
  @ApiCreatedResponse({ type: ReviewDto })
  addAction(
    @Auth() auth: AuthUser,
    @Param('id', UuidPipe) id: string,
    @Param('rid', UuidPipe) rid: string,
    @Body() dto: CreateActionDto,
  ) {
    return this.work.addAction(auth, id, rid, dto);
  }

  @Patch('reviews/:rid/actions/:aid')
  @ApiOkResponse({ type: ReviewDto })
  updateAction(
    @Auth() auth: AuthUser,
    @Param('id', UuidPipe) id: string,
    @Param('rid', UuidPipe) rid: string,
    @Param('aid', UuidPipe) aid: string,
    @Body() dto: UpdateActionDto,
  ) {
    return this.work.updateAction(auth, id, rid, aid, dto);
  }
}
