import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { AccessService } from '../../core/access/access.service';
import {
  isEditable,
  partnerCanEdit,
  partnerCanSee,
  PlanAction,
  planPolicy,
} from '../../core/access/policies/plan.policy';
import { isPartnerRelation, Relation } from '../../core/access/relation';
import { AuthUser } from '../../core/auth/auth-user';
import { Room } from '../../core/workspace/room.entity';
import { Plan } from './plan.entity';

export interface PlanContext {
  plan: Plan;
  relation: Relation;
  partner: boolean;
}

/** The plans room's door: every plan route and the plan document resolve the plan through here. */
@Injectable()
export class PlanAccess {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessService,
  ) {}

  /**
   * The plan, if the caller may see it; 404 when they may not know it exists (other company, a partner and a
   * vendor-only outline, a role that cannot enter the plans room, a disabled room), 403 when they may see it
   * but not do `action`, 409 when the plan's status forbids changes.
   */
  async require(
    auth: AuthUser,
    planId: string,
    action: PlanAction,
    manager: EntityManager = this.dataSource.manager,
    lock = false,
  ): Promise<PlanContext> {
    const qb = manager
      .createQueryBuilder(Plan, 'p')
      .where('p.id = :planId AND p.workspaceId = :ws AND p.deletedAt IS NULL', {
        planId,
        ws: auth.workspaceId,
      });
    if (lock) qb.setLock('pessimistic_write');
    const plan = await qb.getOne();
    if (!plan) throw new NotFoundException('Plan not found');
    const relation = await this.relationFor(auth, plan.companyId, manager);
    if (!relation) throw new NotFoundException('Plan not found');
    const partner = isPartnerRelation(relation);
    if (partner && !partnerCanSee(plan.status)) throw new NotFoundException('Plan not found');
    if (action === 'read') return { plan, relation, partner };
    if (!planPolicy[action].includes(relation))
      throw new ForbiddenException(`Your role may not ${action} this plan`);
    if ((action === 'edit' || action === 'progress') && !isEditable(plan.status)) {
      throw new ConflictException(`A ${plan.status} plan cannot be changed`);
    }
    if (action === 'edit' && partner && !partnerCanEdit(plan.status)) {
      throw new ForbiddenException('Partners edit a plan while it is shared for review');
    }
    return { plan, relation, partner };
  }

  /** The caller's relation to the company if they may enter its plans room, else null. */
  async relationFor(auth: AuthUser, companyId: string, manager?: EntityManager): Promise<Relation | null> {
    const relation = (await this.access.companyRelations(auth, [companyId], manager)).get(companyId);
    if (!relation || !planPolicy.read.includes(relation)) return null;
    if (isPartnerRelation(relation)) {
      const room = await (manager ?? this.dataSource.manager).findOne(Room, {
        where: { companyId, kind: 'plans' },
      });
      if (!room || !room.enabled) return null;
    }
    return relation;
  }

  async plansRoomId(manager: EntityManager, companyId: string): Promise<string | null> {
    const room = await manager.findOne(Room, { select: { id: true }, where: { companyId, kind: 'plans' } });
    return room?.id ?? null;
  }

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  async liveFor(manager: EntityManager, planId: string): Promise<Plan | null> {
    return manager.findOne(Plan, { where: { id: planId, deletedAt: IsNull() } });
  }
}
