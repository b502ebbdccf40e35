import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../../core/access/access.service';
import { Permission } from '../../core/access/permission';
import { AuthUser } from '../../core/auth/auth-user';
import { Workspace } from '../../core/workspace/workspace.entity';
import type { GoalMetric } from '../plans/plan-goal.entity';
import { MetricQuery, PlanMetrics, PlanMetricsSource } from '../plans/plan-metrics';
import { CurrencyRate } from './currency-rate.entity';
import type { CurrencyRateDto } from './deals.dto';

export interface CurrencySum {
  currency: string;
  amount: string;
}

const COUNTS: Partial<Record<GoalMetric, { table: 'leads' | 'deals'; at: string; extra?: string }>> = {
  leads_submitted: { table: 'leads', at: 'created_at' },
  leads_qualified: { table: 'leads', at: 'qualified_at' },
  deals_registered: { table: 'deals', at: 'created_at' },
  deals_qualified: { table: 'deals', at: 'qualified_at', extra: 'AND t.qualified' },
  deals_won: { table: 'deals', at: 'closed_at', extra: `AND t.stage = 'closed_won'` },
};

/**
 * The one place that counts and sums the leads and deals rooms by company, period, status, product and
 * currency: the plans room's automated goals, the pipeline summary and the overview all read it.
 */
@Injectable()
export class PartnerMetricsService implements PlanMetricsSource, OnModuleInit {
  readonly metrics: readonly GoalMetric[] = [
    'pipeline_value',
    'closed_won_revenue',
    'leads_submitted',
    'leads_qualified',
    'deals_registered',
    'deals_qualified',
    'deals_won',
  ];

  constructor(
    private readonly dataSource: DataSource,
    private readonly planMetrics: PlanMetrics,
    private readonly access: AccessService,
  ) {}

  onModuleInit(): void {
    this.planMetrics.register(this);
  }

  async measure(query: MetricQuery): Promise<number> {
    const manager = query.manager ?? this.dataSource.manager;
    const from = `${query.from}T00:00:00.000Z`;
    const to = new Date(Date.parse(`${query.to}T00:00:00.000Z`) + 86_400_000).toISOString();
    const params: unknown[] = [query.workspaceId, query.companyId, from, to];
    const filter = (table: 'leads' | 'deals') => {
      let sql = '';
      if (query.filters?.status?.length) {
        params.push(query.filters.status);
        sql += ` AND t.${table === 'leads' ? 'status' : 'stage'} = ANY($${params.length})`;
      }
      if (query.filters?.products?.length) {
        params.push(query.filters.products);
        sql += ` AND t.products && $${params.length}::text[]`;
      }
      return sql;
    };
    const count = COUNTS[query.metric];
    if (count) {
      const sql = `SELECT count(*)::int AS n FROM ${count.table} t
        WHERE t.workspace_id = $1 AND t.company_id = $2 AND t.${count.at} >= $3 AND t.${count.at} < $4
        ${count.extra ?? ''}${filter(count.table)}`;
      const [row] = await manager.query<Array<{ n: number }>>(sql, params);
      return row.n;
    }
    let where: string;
    if (query.metric === 'closed_won_revenue') {
      where = `t.stage = 'closed_won' AND t.closed_at >= $3 AND t.closed_at < $4`;
    } else if (query.metric === 'pipeline_value') {
      // Open deals expected to close in the period (their creation day when no date is set).
      where = `t.stage NOT IN ('closed_won', 'closed_lost')
        AND COALESCE(t.expected_close_date::timestamp AT TIME ZONE 'UTC', t.created_at) >= $3
        AND COALESCE(t.expected_close_date::timestamp AT TIME ZONE 'UTC', t.created_at) < $4`;
    } else {
      return 0;
    }
    const sums = await manager.query<CurrencySum[]>(
      `SELECT t.currency, sum(t.value)::text AS amount FROM deals t
       WHERE t.workspace_id = $1 AND t.company_id = $2 AND ${where}${filter('deals')} GROUP BY t.currency`,
      params,
    );
    return this.convert(manager, query.workspaceId, sums, query.currency);
  }

  /**
   * Sums in several currencies as one figure in `target`, through the workspace's rate table (rates to
   * its base currency; the base itself is 1). A currency without a rate cannot be counted and is left out.
   */
  async convert(
    manager: EntityManager,
    workspaceId: string,
    sums: CurrencySum[],
    target: string,
  ): Promise<number> {
    const wanted = target.trim();
    let total = 0;
    const foreign = sums.filter((s) => s.currency.trim() !== wanted);
    const rates = foreign.length ? await this.rates(manager, workspaceId) : new Map<string, number>();
    for (const sum of sums) {
      const currency = sum.currency.trim();
      if (currency === wanted) {
        total += Number(sum.amount);
        continue;
      }
      const fromRate = rates.get(currency);
      const toRate = rates.get(wanted);
      if (fromRate === undefined || toRate === undefined || toRate === 0) continue;
      total += (Number(sum.amount) * fromRate) / toRate;
    }
    return Math.round(total * 100) / 100;
  }

  async listRates(auth: AuthUser): Promise<CurrencyRateDto[]> {
    this.access.requireRole(auth, Permission.CompanyList);
    const rows = await this.dataSource.manager.find(CurrencyRate, {
      where: { workspaceId: auth.workspaceId },
      order: { currency: 'ASC' },
    });
    return rows.map((r) => ({ currency: r.currency.trim(), rateToBase: r.rateToBase }));
  }

  async setRate(auth: AuthUser, dto: CurrencyRateDto): Promise<CurrencyRateDto> {
    this.access.requireRole(auth, Permission.WorkspaceUpdate);
    await this.dataSource.manager.upsert(
      CurrencyRate,
      { workspaceId: auth.workspaceId, currency: dto.currency, rateToBase: dto.rateToBase },
      ['workspaceId', 'currency'],
    );
    return { currency: dto.currency, rateToBase: dto.rateToBase };
  }

  async rates(manager: EntityManager, workspaceId: string): Promise<Map<string, number>> {
    const rows = await manager.find(CurrencyRate, { where: { workspaceId } });
    const workspace = await manager.findOne(Workspace, {
      select: { id: true, defaultCurrency: true },
      where: { id: workspaceId },
    });
    const rates = new Map(rows.map((r) => [r.currency.trim(), Number(r.rateToBase)]));
    if (workspace) rates.set(workspace.defaultCurrency.trim(), 1);
    return rates;
  }
}
