import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Auth } from '../../core/auth/auth.decorators';
import type { AuthUser } from '../../core/auth/auth-user';
import { PageQueryDto } from '../../core/http/pagination';
import { UuidPipe } from '../../core/http/uuid.pipe';
import { ProjectTasksService } from './project-tasks.service';
import { ProjectWorkService } from './project-work.service';
import {
  CreateDeliverableDto,
  CreateProjectDto,
  CreateProjectTaskDto,
  CreateProjectUpdateDto,
  DeliverableDto,
  ProjectDto,
  ProjectPageDto,
  ProjectQueryDto,
  ProjectTaskDto,
  ProjectUpdateDto,
  ReviewDeliverableDto,
  TimelineDto,
  UpdateProjectDto,
  UpdateProjectTaskDto,
} from './projects.dto';
import { ProjectsService } from './projects.service';

@ApiTags('projects')
@ApiBearerAuth()
@Controller('projects')
export class ProjectsController {
  constructor(
    private readonly projects: ProjectsService,
    private readonly tasks: ProjectTasksService,
    private readonly work: ProjectWorkService,
  ) {}

  @Get()
  @ApiOkResponse({ type: ProjectPageDto })
  list(@Auth() auth: AuthUser, @Query() query: ProjectQueryDto) {
    return this.projects.list(auth, query);
  }

  @Post()
  @ApiCreatedResponse({ type: ProjectDto })
  create(@Auth() auth: AuthUser, @Body() dto: CreateProjectDto) {
    return this.projects.create(auth, dto);
  }

  @Get(':id')
  @ApiOkResponse({ type: ProjectDto })
  get(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string) {
    return this.projects.get(auth, id);
  }

  @Patch(':id')
  @ApiOkResponse({ type: ProjectDto })
  update(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string, @Body() dto: UpdateProjectDto) {
    return this.projects.update(auth, id, dto);
  }

  @Get(':id/tasks')
  @ApiOkResponse({ type: [ProjectTaskDto] })
  listTasks(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string) {
    return this.tasks.list(auth, id);
  }

  @Post(':id/tasks')
  @ApiCreatedResponse({ type: ProjectTaskDto })
  createTask(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string, @Body() dto: CreateProjectTaskDto) {
    return this.tasks.create(auth, id, dto);
  }

  @Patch(':id/tasks/:tid')
  @ApiOkResponse({ type: ProjectTaskDto, description: '409 when dependencies would form a cycle' })
  updateTask(
    @Auth() auth: AuthUser,
    @Param('id', UuidPipe) id: string,
    @Param('tid', UuidPipe) tid: string,
    @Body() dto: UpdateProjectTaskDto,
  ) {
    return this.tasks.update(auth, id, tid, dto);
  }

  @Get(':id/timeline')
  @ApiOkResponse({ type: TimelineDto })
  timeline(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string) {
    return this.tasks.timeline(auth, id);
  }

  @Get(':id/updates')
  @ApiOkResponse({ description: '{ items: ProjectUpdateDto[], nextCursor }' })
  updates(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string, @Query() query: PageQueryDto) {
    return this.work.updates(auth, id, query);
  }

  @Post(':id/updates')
  @ApiCreatedResponse({ type: ProjectUpdateDto })
  postUpdate(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string, @Body() dto: CreateProjectUpdateDto) {
    return this.work.postUpdate(auth, id, dto);
  }

  @Get(':id/deliverables')
  @ApiOkResponse({ type: [DeliverableDto] })
  deliverables(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string) {
    return this.work.deliverables(auth, id);
  }

  @Post(':id/deliverables')
  @ApiCreatedResponse({ type: DeliverableDto })
  submit(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string, @Body() dto: CreateDeliverableDto) {
    return this.work.submit(auth, id, dto);
  }

  @Post(':id/deliverables/:did/review')
  @HttpCode(200)
  @ApiOkResponse({ type: DeliverableDto, description: 'By someone of the other side than the submitter' })
  review(
    @Auth() auth: AuthUser,
    @Param('id', UuidPipe) id: string,
    @Param('did', UuidPipe) did: string,
    @Body() dto: ReviewDeliverableDto,
  ) {
    return this.work.review(auth, id, did, dto);
  }

  @Post(':id/deliverables/:did/resubmit')
  @HttpCode(200)
  @ApiOkResponse({ type: DeliverableDto })
  resubmit(@Auth() auth: AuthUser, @Param('id', UuidPipe) id: string, @Param('did', UuidPipe) did: string) {
    return this.work.resubmit(auth, id, did);
  }
}
