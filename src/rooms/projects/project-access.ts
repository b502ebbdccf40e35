import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../../core/access/access.service';
import { MEMBER_WORK, ProjectAction, projectPolicy } from '../../core/access/policies/project.policy';
import { isPartnerRelation, Relation } from '../../core/access/relation';
import { AuthUser } from '../../core/auth/auth-user';
import { Room } from '../../core/workspace/room.entity';
import { Project, ProjectMember } from './project.entity';

export interface ProjectContext {
  project: Project;
  relation: Relation;
  partner: boolean;
  roomId: string | null;
}

/** The projects room's door: every project route resolves its project through here. */
@Injectable()
export class ProjectAccess {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessService,
  ) {}

  /**
   * The project if the caller may see it: 404 for another partner's project or a disabled room (for
   * partners), 403 when they may see it but not do `action`.
   */
  async require(
    auth: AuthUser,
    projectId: string,
    action: ProjectAction,
    manager: EntityManager = this.dataSource.manager,
    lock = false,
  ): Promise<ProjectContext> {
    const qb = manager
      .createQueryBuilder(Project, 'p')
      .where('p.id = :projectId AND p.workspaceId = :ws', { projectId, ws: auth.workspaceId });
    if (lock) qb.setLock('pessimistic_write');
    const project = await qb.getOne();
    if (!project) throw new NotFoundException('Project not found');
    const entry = await this.roomFor(auth, project.companyId, manager);
    if (!entry) throw new NotFoundException('Project not found');
    const context = { project, ...entry, partner: isPartnerRelation(entry.relation) };
    if (projectPolicy[action].includes(entry.relation)) return context;
    if (action === 'work' && MEMBER_WORK.includes(entry.relation)) {
      const member = await manager.exists(ProjectMember, { where: { projectId, userId: auth.id } });
      if (member) return context;
    }
    throw new ForbiddenException(`Your role may not ${action} this project`);
  }

  /** The caller's relation to the company when they may enter its projects room, else null. */
  async roomFor(
    auth: AuthUser,
    companyId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ relation: Relation; roomId: string | null } | null> {
    const relation = (await this.access.companyRelations(auth, [companyId], manager)).get(companyId);
    if (!relation || !projectPolicy.read.includes(relation)) return null;
    const room = await manager.findOne(Room, {
      select: { id: true, enabled: true, kind: true },
      where: { companyId, kind: 'projects' },
    });
    if (isPartnerRelation(relation) && (!room || !this.access.canEnterRoom(relation, room))) return null;
    return { relation, roomId: room?.id ?? null };
  }
}
