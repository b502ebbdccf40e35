import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, EntityManager, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { AccessService } from '../../core/access/access.service';
import { DealAction, dealPolicy, seesCompanyWide } from '../../core/access/policies/lead.policy';
import { isPartnerRelation, Relation } from '../../core/access/relation';
import type { RoomKind } from '../../core/access/roles';
import { AuthUser } from '../../core/auth/auth-user';
import { Room } from '../../core/workspace/room.entity';
import { Deal } from './deal.entity';

export interface DealContext {
  deal: Deal;
  relation: Relation;
  partner: boolean;
}

/**
 * The caller's relation to a company as seen from one of its rooms: null when they may not know of it
 * (another partner, or a partner whose room is disabled).
 */
export async function roomRelation(
  access: AccessService,
  manager: EntityManager,
  auth: AuthUser,
  companyId: string,
  kind: RoomKind,
): Promise<Relation | null> {
  return access.companyRoomRelation(auth, companyId, kind, manager);
}

/**
 * Restricts a list query over `alias` (a table with company_id and registered_by_id) to what the caller
 * may see: vendor staff everything, partners their company, partner members only what they registered.
 */
export function scopeToCaller(
  qb: SelectQueryBuilder<ObjectLiteral>,
  alias: string,
  auth: AuthUser,
  access: AccessService,
  kind: RoomKind,
): void {
  if (access.isVendor(auth)) return;
  qb.andWhere(`${alias}.company_id = :ownCompany`, { ownCompany: auth.companyId }).andWhere(
    `EXISTS (SELECT 1 FROM rooms r WHERE r.company_id = ${alias}.company_id AND r.kind = :roomKind AND r.enabled)`,
    { roomKind: kind },
  );
  if (auth.role === 'partner_member') qb.andWhere(`${alias}.registered_by_id = :me`, { me: auth.id });
}

/** The deals room's door: every deal route resolves its deal through here. */
@Injectable()
export class DealAccess {
  constructor(
    private readonly dataSource: DataSource,
    private readonly access: AccessService,
  ) {}

  /** 404 when the caller may not know the deal exists, 403 when they see it but may not do `action`. */
  async require(
    auth: AuthUser,
    dealId: string,
    action: DealAction,
    manager: EntityManager = this.dataSource.manager,
    lock = false,
  ): Promise<DealContext> {
    const qb = manager
      .createQueryBuilder(Deal, 'd')
      .where('d.id = :dealId AND d.workspaceId = :ws', { dealId, ws: auth.workspaceId });
    if (lock) qb.setLock('pessimistic_write');
    const deal = await qb.getOne();
    if (!deal) throw new NotFoundException('Deal not found');
    const relation = await roomRelation(this.access, manager, auth, deal.companyId, 'deals');
    if (!relation || !dealPolicy.read.includes(relation)) throw new NotFoundException('Deal not found');
    if (!seesCompanyWide(relation) && deal.registeredById !== auth.id)
      throw new NotFoundException('Deal not found');
    if (!dealPolicy[action].includes(relation))
      throw new ForbiddenException(`Your role may not ${action} this deal`);
    return { deal, relation, partner: isPartnerRelation(relation) };
  }

  async dealsRoomId(manager: EntityManager, companyId: string): Promise<string | null> {
    const room = await manager.findOne(Room, { select: { id: true }, where: { companyId, kind: 'deals' } });
    return room?.id ?? null;
  }
}
