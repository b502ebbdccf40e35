import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../../core/access/access.service';
import { LeadAction, leadPolicy, seesCompanyWide } from '../../core/access/policies/lead.policy';
import { isPartnerRelation, Relation } from '../../core/access/relation';
import { AuthUser } from '../../core/auth/auth-user';
import { Room } from '../../core/workspace/room.entity';
import { roomRelation } from '../deals/deal-access';
import { Lead } from './lead.entity';

export interface LeadContext {
  lead: Lead;
  relation: Relation;
  partner: boolean;
}

/** The leads room's door: every lead route resolves its lead through here. */
@Injectable()
export class LeadAccess {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessService,
  ) {}

  /**
   * 404 when the caller may not know the lead exists (another partner, a partner member's colleague's
   * lead, a disabled room), 403 when they see it but may not do `action`.
   */
  async require(
    auth: AuthUser,
    leadId: string,
    action: LeadAction,
    manager: EntityManager = this.dataSource.manager,
    lock = false,
  ): Promise<LeadContext> {
    const qb = manager
      .createQueryBuilder(Lead, 'l')
      .where('l.id = :leadId AND l.workspaceId = :ws', { leadId, ws: auth.workspaceId });
    if (lock) qb.setLock('pessimistic_write');
    const lead = await qb.getOne();
    if (!lead) throw new NotFoundException('Lead not found');
    const relation = await this.relationFor(auth, lead.companyId, manager);
    if (!relation || !leadPolicy.read.includes(relation)) throw new NotFoundException('Lead not found');
    if (!seesCompanyWide(relation) && lead.registeredById !== auth.id)
      throw new NotFoundException('Lead not found');
    if (!leadPolicy[action].includes(relation))
      throw new ForbiddenException(`Your role may not ${action} this lead`);
    return { lead, relation, partner: isPartnerRelation(relation) };
  }

  relationFor(auth: AuthUser, companyId: string, manager: EntityManager = this.dataSource.manager) {
    return roomRelation(this.access, manager, auth, companyId, 'leads');
  }

  async leadsRoomId(manager: EntityManager, companyId: string): Promise<string | null> {
    const room = await manager.findOne(Room, { select: { id: true }, where: { companyId, kind: 'leads' } });
    return room?.id ?? null;
  }
}
