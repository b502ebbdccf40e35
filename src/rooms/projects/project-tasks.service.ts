import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuthUser } from '../../core/auth/auth-user';
import { Tx, UnitOfWork } from '../../core/database/unit-of-work';
import { BadInputException, ConflictError } from '../../core/http/errors';
import { NotificationsService } from '../../core/notifications/notifications.service';
import { ProjectAccess, ProjectContext } from './project-access';
import { ProjectTask, ProjectTaskDependency } from './project-task.entity';
import { Project, ProjectMember } from './project.entity';
import {
  CreateProjectTaskDto,
  mapProjectTask,
  percent,
  ProjectTaskDto,
  TimelineDto,
  UpdateProjectTaskDto,
} from './projects.dto';
import { ProjectsService } from './projects.service';
import { closesCycle, edgeMap } from './task-graph';
import { readTogether } from '../../core/database/read-together';

export const PROJECTS_CLOCK = Symbol('PROJECTS_CLOCK');
export type Clock = () => Date;

/** Assignees hear about a task this many days before it is due. */
export const DUE_SOON_DAYS = 2;

function day(date: Date, plusDays = 0): string {
  return new Date(date.getTime() + plusDays * 86_400_000).toISOString().slice(0, 10);
}

/** An open task due soon, as a company's overview lists it. */
export interface DueTask {
  id: string;
  projectId: string;
  projectName: string;
  title: string;
  dueDate: string;
  status: string;
  assigneeId: string | null;
}

@Injectable()
export class ProjectTasksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly projects: ProjectAccess,
    private readonly projectService: ProjectsService,
    private readonly notifications: NotificationsService,
    @Inject(PROJECTS_CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Open tasks of a company's projects due by `until` (overdue ones included), soonest first, with how
   * many there are in all. The caller has let the reader into the company's projects room already (its
   * overview); one statement.
   */
  async dueOf(
    companyId: string,
    until: string,
    limit: number,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ total: number; items: DueTask[] }> {
    const rows = await manager.query<Array<DueTask & { total: number }>>(
      `SELECT t.id, t.project_id AS "projectId", p.name AS "projectName", t.title,
              to_char(t.due_date, 'YYYY-MM-DD') AS "dueDate", t.status, t.assignee_id AS "assigneeId",
              COUNT(*) OVER ()::int AS total
         FROM project_tasks t JOIN projects p ON p.id = t.project_id
        WHERE p.company_id = $1 AND t.status <> 'done' AND t.due_date <= $2
        ORDER BY t.due_date, t.position
        LIMIT $3`,
      [companyId, until, limit],
    );
    return { total: rows[0]?.total ?? 0, items: rows.map(({ total: _total, ...task }) => task) };
  }

  async list(auth: AuthUser, projectId: string): Promise<ProjectTaskDto[]> {
    await this.projects.require(auth, projectId, 'read');
    return this.load(this.dataSource.manager, projectId);
  }

  async create(auth: AuthUser, projectId: string, dto: CreateProjectTaskDto): Promise<ProjectTaskDto> {
    return this.uow.run(async (tx) => {
      const ctx = await this.projects.require(auth, projectId, 'work', tx.manager, true);
      if (dto.assigneeId) await this.checkMember(tx.manager, projectId, dto.assigneeId);
      const dependsOn = [...new Set(dto.dependsOn ?? [])];
      const tasks = await this.tasksOf(tx.manager, projectId, dependsOn);
      const status = dto.status ?? 'todo';
      if (status === 'done') this.checkDependenciesDone(tasks);
      const last = await tx.manager
        .createQueryBuilder(ProjectTask, 't')
        .select('COALESCE(MAX(t.position), -1)::int', 'max')
        .where('t.projectId = :projectId', { projectId })
        .getRawOne<{ max: number }>();
      const task = await tx.manager.save(
        tx.manager.create(ProjectTask, {
          projectId,
          title: dto.title,
          description: dto.description ?? '',
          assigneeId: dto.assigneeId ?? null,
          dueDate: dto.dueDate ?? null,
          status,
          milestone: dto.milestone ?? false,
          weight: dto.weight ?? 1,
          position: (last?.max ?? -1) + 1,
          createdById: auth.id,
          completedAt: status === 'done' ? this.clock() : null,
        }),
      );
      if (dependsOn.length)
        await tx.manager.insert(
          ProjectTaskDependency,
          dependsOn.map((dependsOnId) => ({ taskId: task.id, dependsOnId, projectId })),
        );
      if (task.assigneeId) await this.assigned(tx, auth, ctx, task);
      await this.projectService.record(
        tx,
        auth,
        ctx,
        task.assigneeId ? 'task.assigned' : 'task.created',
        `${auth.name} added the task ${task.title}`,
        { taskId: task.id, assigneeId: task.assigneeId },
        'task',
        task.id,
      );
      return mapProjectTask(task, dependsOn);
    });
  }

  async update(
    auth: AuthUser,
    projectId: string,
    taskId: string,
    dto: UpdateProjectTaskDto,
  ): Promise<ProjectTaskDto> {
    return this.uow.run(async (tx) => {
      // The project row lock serialises dependency changes, so two edits cannot close a cycle together.
      const ctx = await this.projects.require(auth, projectId, 'work', tx.manager, true);
      const task = await tx.manager.findOne(ProjectTask, { where: { id: taskId, projectId } });
      if (!task) throw new NotFoundException('Task not found');
      const reassigned = dto.assigneeId !== undefined && dto.assigneeId !== task.assigneeId;
      if (dto.assigneeId) await this.checkMember(tx.manager, projectId, dto.assigneeId);
      const edges = await tx.manager.find(ProjectTaskDependency, { where: { projectId } });
      let dependsOn = edges.filter((e) => e.taskId === taskId).map((e) => e.dependsOnId);
      if (dto.dependsOn) {
        dependsOn = [...new Set(dto.dependsOn)];
        await this.tasksOf(tx.manager, projectId, dependsOn);
        if (closesCycle(edgeMap(edges), taskId, dependsOn)) {
          throw new ConflictError('These dependencies would make the task wait on itself', [
            { field: 'dependsOn', problem: 'closes a cycle of dependencies' },
          ]);
        }
      }
      const status = dto.status ?? task.status;
      if (status === 'done' && (task.status !== 'done' || dto.dependsOn)) {
        this.checkDependenciesDone(await this.tasksOf(tx.manager, projectId, dependsOn));
      }
      if (dto.title !== undefined) task.title = dto.title;
      if (dto.description !== undefined) task.description = dto.description;
      if (dto.assigneeId !== undefined) task.assigneeId = dto.assigneeId;
      if (dto.milestone !== undefined) task.milestone = dto.milestone;
      if (dto.weight !== undefined) task.weight = dto.weight;
      if (dto.position !== undefined) task.position = dto.position;
      if (dto.dueDate !== undefined && dto.dueDate !== task.dueDate) {
        task.dueDate = dto.dueDate;
        task.dueSoonNotifiedAt = null;
        task.overdueNotifiedAt = null;
      }
      if (reassigned) {
        task.dueSoonNotifiedAt = null;
        task.overdueNotifiedAt = null;
      }
      if (status !== task.status) {
        task.status = status;
        task.completedAt = status === 'done' ? this.clock() : null;
      }
      await tx.manager.save(task);
      if (dto.dependsOn) {
        await tx.manager.delete(ProjectTaskDependency, { taskId });
        if (dependsOn.length)
          await tx.manager.insert(
            ProjectTaskDependency,
            dependsOn.map((dependsOnId) => ({ taskId, dependsOnId, projectId })),
          );
      }
      if (reassigned && task.assigneeId) await this.assigned(tx, auth, ctx, task);
      const type =
        reassigned && task.assigneeId
          ? 'task.assigned'
          : dto.status === 'done'
            ? 'task.completed'
            : 'task.updated';
      await this.projectService.record(
        tx,
        auth,
        ctx,
        type,
        `${auth.name} updated the task ${task.title}`,
        { taskId, status: task.status, assigneeId: task.assigneeId },
        'task',
        taskId,
      );
      return mapProjectTask(task, dependsOn);
    });
  }

  async timeline(auth: AuthUser, projectId: string): Promise<TimelineDto> {
    const { project } = await this.projects.require(auth, projectId, 'read');
    const tasks = await this.load(this.dataSource.manager, projectId);
    const items = [...tasks].sort(
      (a, b) =>
        (a.dueDate ?? '9999-12-31').localeCompare(b.dueDate ?? '9999-12-31') || a.position - b.position,
    );
    const done = tasks.filter((t) => t.status === 'done').length;
    const milestones = tasks.filter((t) => t.milestone);
    const milestonesDone = milestones.filter((t) => t.status === 'done');
    const weightTotal = milestones.reduce((sum, t) => sum + t.weight, 0);
    const weightDone = milestonesDone.reduce((sum, t) => sum + t.weight, 0);
    return {
      startDate: project.startDate,
      dueDate: project.dueDate,
      items: items.map((t) => ({
        id: t.id,
        title: t.title,
        kind: t.milestone ? 'milestone' : 'task',
        date: t.dueDate,
        status: t.status,
        assigneeId: t.assigneeId,
        dependsOn: t.dependsOn,
      })),
      progress: { done, total: tasks.length, percent: percent(done, tasks.length) },
      milestones: {
        done: milestonesDone.length,
        total: milestones.length,
        weightDone,
        weightTotal,
        percent: percent(weightDone, weightTotal),
      },
    };
  }

  /**
   * Tells assignees about open tasks due within DUE_SOON_DAYS and, once, about overdue ones. One instance
   * acts per run (advisory lock); the stamps on the task make a second run send nothing again.
   */
  async runReminders(now: Date = this.clock()): Promise<{ dueSoon: number; overdue: number }> {
    return this.uow.run(async (tx) => {
      const [{ locked }] = await tx.manager.query<{ locked: boolean }[]>(
        'SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked',
        ['projects-reminders'],
      );
      if (!locked) return { dueSoon: 0, overdue: 0 };
      const today = day(now);
      const soon = day(now, DUE_SOON_DAYS);
      const due = await tx.manager
        .createQueryBuilder(ProjectTask, 't')
        .innerJoinAndMapOne('t.project', Project, 'p', 'p.id = t.projectId')
        .where(`t.status <> 'done' AND t.assigneeId IS NOT NULL AND t.dueDate IS NOT NULL`)
        .andWhere(
          `((t.dueDate < :today AND t.overdueNotifiedAt IS NULL) OR
            (t.dueDate >= :today AND t.dueDate <= :soon AND t.dueSoonNotifiedAt IS NULL))`,
          { today, soon },
        )
        .setLock('pessimistic_write', undefined, ['t'])
        .getMany();
      let dueSoon = 0;
      let overdue = 0;
      for (const task of due as Array<ProjectTask & { project: Project }>) {
        const late = task.dueDate! < today;
        await this.notifications.notify(tx, {
          workspaceId: task.project.workspaceId,
          userId: task.assigneeId!,
          kind: late ? 'task.overdue' : 'task.due_soon',
          title: late ? `“${task.title}” is overdue` : `“${task.title}” is due on ${task.dueDate}`,
          body: `In the project ${task.project.name}`,
          link: `/projects/${task.projectId}`,
          data: { projectId: task.projectId, taskId: task.id, dueDate: task.dueDate },
        });
        if (late) {
          task.overdueNotifiedAt = now;
          overdue += 1;
        } else {
          task.dueSoonNotifiedAt = now;
          dueSoon += 1;
        }
        await tx.manager.update(
          ProjectTask,
          { id: task.id },
          { overdueNotifiedAt: task.overdueNotifiedAt, dueSoonNotifiedAt: task.dueSoonNotifiedAt },
        );
      }
      return { dueSoon, overdue };
    });
  }

  private async load(manager: EntityManager, projectId: string): Promise<ProjectTaskDto[]> {
    const [tasks, edges] = await readTogether(manager, [
      () => manager.find(ProjectTask, { where: { projectId }, order: { position: 'ASC', createdAt: 'ASC' } }),
      () => manager.find(ProjectTaskDependency, { where: { projectId } }),
    ]);
    const map = edgeMap(edges);
    return tasks.map((t) => mapProjectTask(t, map.get(t.id) ?? []));
  }

  private async tasksOf(manager: EntityManager, projectId: string, ids: string[]): Promise<ProjectTask[]> {
    if (!ids.length) return [];
    const tasks = await manager.find(ProjectTask, { where: { id: In(ids), projectId } });
    if (tasks.length !== ids.length) {
      throw new BadInputException('Unknown task in dependsOn', [
        { field: 'dependsOn', problem: 'must list tasks of this project' },
      ]);
    }
    return tasks;
  }

  private checkDependenciesDone(dependencies: ProjectTask[]): void {
    const open = dependencies.filter((t) => t.status !== 'done');
    if (open.length) {
      throw new ConflictError('A task cannot be done while a task it waits on is not', [
        { field: 'status', problem: `waits on ${open.map((t) => t.title).join(', ')}` },
      ]);
    }
  }

  private async checkMember(manager: EntityManager, projectId: string, userId: string): Promise<void> {
    if (!(await manager.exists(ProjectMember, { where: { projectId, userId } }))) {
      throw new BadInputException('The assignee must be a member of the project', [
        { field: 'assigneeId', problem: 'must be a member of the project' },
      ]);
    }
  }

  private async assigned(tx: Tx, auth: AuthUser, ctx: ProjectContext, task: ProjectTask): Promise<void> {
    if (!task.assigneeId || task.assigneeId === auth.id) return;
    await this.notifications.notify(tx, {
      workspaceId: ctx.project.workspaceId,
      userId: task.assigneeId,
      kind: 'task.assigned',
      title: `${auth.name} assigned you “${task.title}”`,
      body: `In the project ${ctx.project.name}`,
      link: `/projects/${ctx.project.id}`,
      data: { projectId: ctx.project.id, taskId: task.id },
    });
  }
}
