import { ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { AccessService } from '../../core/access/access.service';
import { commissionPolicy, commissionTransitions } from '../../core/access/policies/lead.policy';
import { ActivityService } from '../../core/activity/activity.service';
import { AuthUser } from '../../core/auth/auth-user';
import { Tx, UnitOfWork } from '../../core/database/unit-of-work';
import { BadInputException } from '../../core/http/errors';
import { decodeCursor, pageLimit, toPage } from '../../core/http/pagination';
import { NotificationsService } from '../../core/notifications/notifications.service';
import { User } from '../../core/workspace/user.entity';
import { Commission } from './commission.entity';
import { Deal } from './deal.entity';
import { roomRelation, scopeToCaller } from './deal-access';
import {
  CommissionDto,
  CommissionPageDto,
  CommissionQueryDto,
  CommissionTotalsDto,
  CommissionTransitionDto,
  mapCommission,
} from './deals.dto';
import { commissionOf, fromCents, toCents } from './money';
import { Room } from '../../core/workspace/room.entity';
import { Company } from '../../core/workspace/company.entity';

/** The commission ledger: earned on won deals, approved and paid (or declined) by the vendor. */
@Injectable()
export class CommissionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly activity: ActivityService,
    private readonly notifications: NotificationsService,
  ) {}

  /** The ledger row of a deal just won, inside the winning transaction. */
  async earn(tx: Tx, deal: Deal, companyRate: string | null): Promise<Commission> {
    const rate = deal.commissionRate ?? companyRate ?? '0';
    const existing = await tx.manager.findOne(Commission, { where: { dealId: deal.id } });
    if (existing) return existing;
    return tx.manager.save(
      tx.manager.create(Commission, {
        workspaceId: deal.workspaceId,
        companyId: deal.companyId,
        dealId: deal.id,
        dealValue: deal.value,
        rate,
        amount: commissionOf(deal.value, rate),
        currency: deal.currency,
        status: 'pending',
      }),
    );
  }

  async list(auth: AuthUser, query: CommissionQueryDto): Promise<CommissionPageDto> {
    if (query.companyId) {
      const relation = await roomRelation(
        this.access,
        this.dataSource.manager,
        auth,
        query.companyId,
        'deals',
      );
      if (!relation || !commissionPolicy.read.includes(relation))
        throw new NotFoundException('Company not found');
    }
    const limit = pageLimit(query);
    const base = () => {
      const qb = this.dataSource
        .createQueryBuilder()
        .from(Commission, 'k')
        .innerJoin(Deal, 'd', 'd.id = k.deal_id')
        .innerJoin(Company, 'c', 'c.id = k.company_id AND c.deleted_at IS NULL')
        .where('k.workspace_id = :ws', { ws: auth.workspaceId });
      scopeToCaller(qb, 'd', auth, this.access, 'deals');
      if (query.companyId) qb.andWhere('k.company_id = :companyId', { companyId: query.companyId });
      return qb;
    };
    const qb = base().select('k.id', 'id');
    if (query.status) qb.andWhere('k.status = :status', { status: query.status });
    const cursor = decodeCursor(query.cursor, 2);
    if (cursor) qb.andWhere('(k.created_at, k.id) < (:at, :cid)', { at: cursor[0], cid: cursor[1] });
    const ids = (
      await qb
        .orderBy('k.created_at', 'DESC')
        .addOrderBy('k.id', 'DESC')
        .limit(limit + 1)
        .getRawMany<{ id: string }>()
    ).map((r) => r.id);
    const rows = ids.length ? await this.dataSource.manager.find(Commission, { where: { id: In(ids) } }) : [];
    const byId = new Map(rows.map((r) => [r.id, r]));
    const ordered = ids.map((id) => byId.get(id)!);

    const totals = new Map<string, CommissionTotalsDto>();
    const totalOf = (currency: string) => {
      const key = currency.trim();
      if (!totals.has(key))
        totals.set(key, {
          currency: key,
          expected: '0.00',
          pending: '0.00',
          approved: '0.00',
          paid: '0.00',
          declined: '0.00',
        });
      return totals.get(key)!;
    };
    const sums = await base()
      .select('k.currency', 'currency')
      .addSelect('k.status', 'status')
      .addSelect('sum(k.amount)::text', 'amount')
      .groupBy('k.currency')
      .addGroupBy('k.status')
      .getRawMany<{
        currency: string;
        status: 'pending' | 'approved' | 'paid' | 'declined';
        amount: string;
      }>();
    for (const sum of sums) totalOf(sum.currency)[sum.status] = fromCents(toCents(sum.amount));
    const open = this.dataSource
      .createQueryBuilder()
      .select('d.currency', 'currency')
      .addSelect('d.value', 'value')
      .addSelect('COALESCE(d.commission_rate, c.commission_rate, 0)::text', 'rate')
      .from(Deal, 'd')
      .innerJoin(Company, 'c', 'c.id = d.company_id AND c.deleted_at IS NULL')
      .where('d.workspace_id = :ws', { ws: auth.workspaceId })
      .andWhere(`d.stage NOT IN ('closed_won', 'closed_lost')`);
    scopeToCaller(open, 'd', auth, this.access, 'deals');
    if (query.companyId) open.andWhere('d.company_id = :companyId', { companyId: query.companyId });
    for (const deal of await open.getRawMany<{ currency: string; value: string; rate: string }>()) {
      const total = totalOf(deal.currency);
      total.expected = fromCents(toCents(total.expected) + toCents(commissionOf(deal.value, deal.rate)));
    }
    const page = toPage(ordered, limit, (r) => [r.createdAt.toISOString(), r.id], mapCommission);
    return { ...page, totals: [...totals.values()] };
  }

  async transition(auth: AuthUser, id: string, dto: CommissionTransitionDto): Promise<CommissionDto> {
    return this.uow.run(async (tx) => {
      const row = await tx.manager
        .createQueryBuilder(Commission, 'k')
        .where('k.id = :id AND k.workspaceId = :ws', { id, ws: auth.workspaceId })
        .setLock('pessimistic_write')
        .getOne();
      if (!row) throw new NotFoundException('Commission not found');
      const relation = await roomRelation(this.access, tx.manager, auth, row.companyId, 'deals');
      const deal = await tx.manager.findOneByOrFail(Deal, { id: row.dealId });
      if (!relation || (relation === 'partner_member' && deal.registeredById !== auth.id)) {
        throw new NotFoundException('Commission not found');
      }
      if (!(commissionTransitions[row.status] ?? []).includes(dto.to)) {
        throw new ConflictException(`A ${row.status} commission cannot become ${dto.to}`);
      }
      if (!commissionPolicy.decide.includes(relation))
        throw new ForbiddenException('Only the vendor decides on commissions');
      if (dto.to === 'declined' && !dto.reason) {
        throw new BadInputException('Say why the commission is declined', [
          { field: 'reason', problem: 'is required to decline' },
        ]);
      }
      const from = row.status;
      row.status = dto.to;
      row.decidedById = auth.id;
      row.reason = dto.to === 'declined' ? dto.reason! : row.reason;
      if (dto.to === 'approved') row.approvedAt = new Date();
      if (dto.to === 'paid') row.paidAt = new Date();
      await tx.manager.save(row);
      if (deal.registeredById) {
        const user = await tx.manager.findOne(User, { where: { id: deal.registeredById, status: 'active' } });
        if (user) {
          await this.notifications.notify(tx, {
            workspaceId: row.workspaceId,
            userId: user.id,
            kind: `commission.${dto.to}`,
            title: `Commission on ${deal.name} ${dto.to}`,
            body: dto.to === 'declined' ? dto.reason : `${row.amount} ${row.currency.trim()}`,
            link: `/deals/${deal.id}`,
            data: { commissionId: row.id, dealId: deal.id },
          });
        }
      }
      const room = await tx.manager.findOne(Room, {
        select: { id: true },
        where: { companyId: row.companyId, kind: 'deals' },
      });
      await this.activity.record(tx, {
        workspaceId: row.workspaceId,
        companyId: row.companyId,
        roomId: room?.id ?? null,
        actorId: auth.id,
        type: `commission.${dto.to}`,
        entity: 'commission',
        entityId: row.id,
        summary: `${auth.name} marked the commission on ${deal.name} ${dto.to}`,
        data: { dealId: deal.id, from, to: dto.to },
        audience: 'owner',
        ownerId: deal.registeredById,
      });
      return mapCommission(row);
    });
  }
}
