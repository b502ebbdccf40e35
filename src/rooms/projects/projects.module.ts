import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MessagesModule } from '../messages/messages.module';
import { ProjectAccess } from './project-access';
import { ProjectDeliverable } from './project-deliverable.entity';
import { ProjectTask, ProjectTaskDependency } from './project-task.entity';
import { PROJECTS_CLOCK, ProjectTasksService } from './project-tasks.service';
import { ProjectUpdate } from './project-update.entity';
import { ProjectWorkService } from './project-work.service';
import { Project, ProjectMember } from './project.entity';
import { ProjectsController } from './projects.controller';
import { ProjectsScheduler } from './projects-scheduler.service';
import { ProjectsService } from './projects.service';
import { TaskThreads } from './task-threads';

@Module({
  imports: [
    TypeOrmModule.forFeature([
      Project,
      ProjectMember,
      ProjectTask,
      ProjectTaskDependency,
      ProjectUpdate,
      ProjectDeliverable,
    ]),
    MessagesModule,
  ],
  controllers: [ProjectsController],
  providers: [
    ProjectAccess,
    ProjectsService,
    ProjectTasksService,
    ProjectWorkService,
    ProjectsScheduler,
    TaskThreads,
    { provide: PROJECTS_CLOCK, useValue: () => new Date() },
  ],
  exports: [ProjectsService, ProjectTasksService],
})
export class ProjectsModule {}
