import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { AccessService } from '../../core/access/access.service';
import { projectPolicy } from '../../core/access/policies/project.policy';
import { isPartnerRole, isVendorRole, Role } from '../../core/access/roles';
import { ActivityService } from '../../core/activity/activity.service';
import { AuthUser } from '../../core/auth/auth-user';
import { Tx, UnitOfWork } from '../../core/database/unit-of-work';
import { BadInputException } from '../../core/http/errors';
import { decodeCursor, Page, pageLimit, toPage } from '../../core/http/pagination';
import { User } from '../../core/workspace/user.entity';
import { ProjectAccess, ProjectContext } from './project-access';
import { ProjectTask } from './project-task.entity';
import { Project, ProjectMember } from './project.entity';
import {
  CreateProjectDto,
  mapProject,
  ProjectDto,
  ProjectMemberDto,
  ProjectQueryDto,
  UpdateProjectDto,
} from './projects.dto';
import { readTogether } from '../../core/database/read-together';

@Injectable()
export class ProjectsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly projects: ProjectAccess,
    private readonly activity: ActivityService,
  ) {}

  async list(auth: AuthUser, query: ProjectQueryDto): Promise<Page<ProjectDto>> {
    const limit = pageLimit(query);
    const companyIds = await this.readableCompanies(auth, query.companyId);
    if (companyIds !== 'all' && companyIds.length === 0) return { items: [], nextCursor: null };
    const qb = this.dataSource.manager
      .createQueryBuilder(Project, 'p')
      .where('p.workspaceId = :ws', { ws: auth.workspaceId })
      .orderBy('p.createdAt', 'DESC')
      .addOrderBy('p.id', 'DESC')
      .take(limit + 1);
    if (companyIds !== 'all') qb.andWhere('p.companyId IN (:...companyIds)', { companyIds });
    if (query.status) qb.andWhere('p.status = :status', { status: query.status });
    const cursor = decodeCursor(query.cursor, 2);
    if (cursor) qb.andWhere('(p.createdAt, p.id) < (:at, :id)', { at: cursor[0], id: cursor[1] });
    const rows = await qb.getMany();
    const page = toPage(
      rows,
      limit,
      (p) => [p.createdAt.toISOString(), p.id],
      (p) => p,
    );
    const views = await this.views(this.dataSource.manager, page.items);
    return { items: views, nextCursor: page.nextCursor };
  }

  async get(auth: AuthUser, projectId: string): Promise<ProjectDto> {
    const { project } = await this.projects.require(auth, projectId, 'read');
    return (await this.views(this.dataSource.manager, [project]))[0];
  }

  async create(auth: AuthUser, dto: CreateProjectDto): Promise<ProjectDto> {
    return this.uow.run(async (tx) => {
      const entry = await this.projects.roomFor(auth, dto.companyId, tx.manager);
      if (!entry) throw new NotFoundException('Company not found');
      if (!projectPolicy.create.includes(entry.relation)) {
        throw new ForbiddenException('Your role may not create projects for this company');
      }
      checkDates(dto.startDate ?? null, dto.dueDate ?? null);
      const memberIds = [...new Set([auth.id, ...(dto.memberIds ?? [])])];
      await this.checkPeople(tx.manager, auth.workspaceId, dto.companyId, memberIds, 'memberIds');
      const project = await tx.manager.save(
        tx.manager.create(Project, {
          workspaceId: auth.workspaceId,
          companyId: dto.companyId,
          name: dto.name,
          description: dto.description ?? '',
          dealId: dto.dealId ?? null,
          status: dto.status ?? 'planned',
          startDate: dto.startDate ?? null,
          dueDate: dto.dueDate ?? null,
          createdById: auth.id,
        }),
      );
      await tx.manager.insert(
        ProjectMember,
        memberIds.map((userId) => ({ projectId: project.id, userId })),
      );
      await this.record(
        tx,
        auth,
        { project, roomId: entry.roomId },
        'project.created',
        `${auth.name} started the project ${project.name}`,
      );
      return (await this.views(tx.manager, [project]))[0];
    });
  }

  async update(auth: AuthUser, projectId: string, dto: UpdateProjectDto): Promise<ProjectDto> {
    return this.uow.run(async (tx) => {
      const ctx = await this.projects.require(auth, projectId, 'edit', tx.manager, true);
      const { project } = ctx;
      const from = project.status;
      if (dto.name !== undefined) project.name = dto.name;
      if (dto.description !== undefined) project.description = dto.description;
      if (dto.dealId !== undefined) project.dealId = dto.dealId;
      if (dto.status !== undefined) project.status = dto.status;
      if (dto.startDate !== undefined) project.startDate = dto.startDate;
      if (dto.dueDate !== undefined) project.dueDate = dto.dueDate;
      checkDates(project.startDate, project.dueDate);
      await tx.manager.save(project);
      if (dto.memberIds) {
        const memberIds = [...new Set(dto.memberIds)];
        await this.checkPeople(tx.manager, project.workspaceId, project.companyId, memberIds, 'memberIds');
        const assigned = await tx.manager
          .createQueryBuilder(ProjectTask, 't')
          .select('DISTINCT t.assigneeId', 'assigneeId')
          .where('t.projectId = :projectId AND t.assigneeId IS NOT NULL', { projectId })
          .andWhere(memberIds.length ? 't.assigneeId NOT IN (:...memberIds)' : 'TRUE', { memberIds })
          .getRawMany<{ assigneeId: string }>();
        if (assigned.length) {
          throw new BadInputException('Assignees must stay members', [
            { field: 'memberIds', problem: 'would remove a person who has tasks assigned in this project' },
          ]);
        }
        await tx.manager.delete(ProjectMember, { projectId });
        if (memberIds.length)
          await tx.manager.insert(
            ProjectMember,
            memberIds.map((userId) => ({ projectId, userId })),
          );
      }
      const type = from !== project.status ? 'project.status_changed' : 'project.updated';
      await this.record(tx, auth, ctx, type, `${auth.name} updated the project ${project.name}`, {
        from,
        to: project.status,
      });
      return (await this.views(tx.manager, [project]))[0];
    });
  }

  /** Activity of the projects room; call it last in the transaction. */
  async record(
    tx: Tx,
    auth: AuthUser | null,
    ctx: Pick<ProjectContext, 'project' | 'roomId'>,
    type: string,
    summary: string,
    data: Record<string, unknown> = {},
    entity = 'project',
    entityId = ctx.project.id,
  ): Promise<void> {
    await this.activity.record(tx, {
      workspaceId: ctx.project.workspaceId,
      companyId: ctx.project.companyId,
      roomId: ctx.roomId,
      actorId: auth?.id ?? null,
      type,
      entity,
      entityId,
      summary,
      data: { projectId: ctx.project.id, ...data },
    });
  }

  /** Active users who may be on a project of `companyId`: vendor staff or the company's own users. */
  async checkPeople(
    manager: EntityManager,
    workspaceId: string,
    companyId: string,
    ids: string[],
    field: string,
  ): Promise<void> {
    if (!ids.length) return;
    const users = await manager.find(User, {
      select: { id: true, role: true, companyId: true },
      where: { id: In(ids), workspaceId, status: 'active' },
    });
    const ok = users.filter((u) => isVendorRole(u.role) || u.companyId === companyId);
    if (ok.length !== new Set(ids).size) {
      throw new BadInputException('Not a person of this partnership', [
        { field, problem: 'must be active vendor staff or a user of the partner company' },
      ]);
    }
  }

  private async readableCompanies(auth: AuthUser, companyId?: string): Promise<'all' | string[]> {
    if (companyId) return (await this.projects.roomFor(auth, companyId)) ? [companyId] : [];
    if (this.access.isVendor(auth)) return 'all';
    if (!auth.companyId) return [];
    return (await this.projects.roomFor(auth, auth.companyId)) ? [auth.companyId] : [];
  }

  /** Members and task counts of several projects in two queries. */
  private async views(manager: EntityManager, projects: Project[]): Promise<ProjectDto[]> {
    if (!projects.length) return [];
    const ids = projects.map((p) => p.id);
    const [members, counts] = await readTogether(manager, [
      () =>
        manager
          .createQueryBuilder(ProjectMember, 'm')
          .innerJoin(User, 'u', 'u.id = m.userId')
          .select(['m.projectId AS "projectId"', 'u.id AS "userId"', 'u.name AS name', 'u.role AS role'])
          .where('m.projectId IN (:...ids)', { ids })
          .orderBy('u.name', 'ASC')
          .getRawMany<{ projectId: string; userId: string; name: string; role: string }>(),
      () =>
        manager
          .createQueryBuilder(ProjectTask, 't')
          .select('t.projectId', 'projectId')
          .addSelect(`COUNT(*) FILTER (WHERE t.status = 'done')::int`, 'done')
          .addSelect('COUNT(*)::int', 'total')
          .where('t.projectId IN (:...ids)', { ids })
          .groupBy('t.projectId')
          .getRawMany<{ projectId: string; done: number; total: number }>(),
    ]);
    return projects.map((p) => {
      const people: ProjectMemberDto[] = members
        .filter((m) => m.projectId === p.id)
        .map((m) => ({
          userId: m.userId,
          name: m.name,
          role: m.role,
          side: isPartnerRole(m.role as Role) ? 'partner' : 'vendor',
        }));
      const count = counts.find((c) => c.projectId === p.id);
      return mapProject(p, people, { done: count?.done ?? 0, total: count?.total ?? 0 });
    });
  }
}

function checkDates(start: string | null, due: string | null): void {
  if (start && due && due < start) {
    throw new BadInputException('The due date is before the start date', [
      { field: 'dueDate', problem: 'must not be before startDate' },
    ]);
  }
}
