import { Injectable, OnModuleInit } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AccessService } from '../../core/access/access.service';
import { Permission } from '../../core/access/permission';
import { OPEN_DEAL_STAGES } from '../../core/access/policies/lead.policy';
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

export interface LeadCounts {
  total: number;
  /** Leads submitted in the period, by their current status. */
  byStatus: Record<string, number>;
}

/** One company's sales figures, money converted into the query's currency. */
export interface CompanyFigures {
  leads: { quarter: LeadCounts; year: LeadCounts };
  deals: { inProgress: number; value: number };
  commissions: { earned: number; pending: number };
}

export interface CompanyFiguresQuery {
  workspaceId: string;
  companyId: string;
  /** Leads count from `yearStart` (and `quarterStart` for the quarter) up to `now`, inclusive. */
  yearStart: Date;
  quarterStart: Date;
  now: Date;
  currency: string;
  /** Which rooms the caller may read; the other's figures stay zero and are not queried. */
  leads: boolean;
  deals: boolean;
  /** Only what this user registered (a partner member's view), or the whole company when null. */
  registeredById: string | null;
  manager?: EntityManager;
}

const COUNTS: Partial<Record<GoalMetric, { table: 'leads' | 'deals'; at: string; extra?: string }>> = {
  leads_submitted: { table: 'leads', at: 'created_at' },
  leads_qualified: { table: 'leads', at: 'qualified_at' },
  deals_registered: { table: 'deals', at: 'created_at' },
  deals_qualified: { table: 'deals', at: 'qualified_at', extra: 'AND t.qualified' },
  deals_won: { table: 'deals', at: 'closed_at', extra: `AND t.stage = 'closed_won'` },
};

/** Sums as one figure in `target` by rates to a common base, by the rule of `convert()`. */
function inCurrency(sums: CurrencySum[], rates: Map<string, number>, target: string): number {
  const wanted = target.trim();
  let total = 0;
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
   * The overview's figures in one statement: leads submitted this quarter and year by status, open deals
   * (count and value) and commissions earned (approved or paid) and pending, each by currency, then
   * converted into the query's currency.
   */
  async companyFigures(query: CompanyFiguresQuery): Promise<CompanyFigures> {
    const manager = query.manager ?? this.dataSource.manager;
    const params: unknown[] = [query.workspaceId, query.companyId];
    const mine = (alias: string) => {
      if (!query.registeredById) return '';
      if (!params.includes(query.registeredById)) params.push(query.registeredById);
      return ` AND ${alias}.registered_by_id = $${params.indexOf(query.registeredById) + 1}`;
    };
    const parts: string[] = [];
    if (query.leads) {
      params.push(query.quarterStart, query.yearStart, query.now);
      const [quarter, year, now] = [params.length - 2, params.length - 1, params.length];
      parts.push(`SELECT 'lead' AS source, l.status AS key, NULL::text AS currency,
          count(*) FILTER (WHERE l.created_at >= $${quarter})::int AS quarter, count(*)::int AS n,
          NULL::text AS amount
        FROM leads l WHERE l.workspace_id = $1 AND l.company_id = $2
          AND l.created_at >= $${year} AND l.created_at <= $${now}${mine('l')}
        GROUP BY l.status`);
    }
    if (query.deals) {
      params.push(OPEN_DEAL_STAGES);
      parts.push(`SELECT 'deal' AS source, NULL::text AS key, d.currency::text AS currency, 0 AS quarter,
          count(*)::int AS n, sum(d.value)::text AS amount
        FROM deals d WHERE d.workspace_id = $1 AND d.company_id = $2 AND d.stage = ANY($${params.length}::text[])${mine('d')}
        GROUP BY d.currency`);
      const scope = query.registeredById ? ` JOIN deals d ON d.id = k.deal_id${mine('d')}` : '';
      parts.push(`SELECT 'commission' AS source, k.status AS key, k.currency::text AS currency, 0 AS quarter,
          count(*)::int AS n, sum(k.amount)::text AS amount
        FROM commissions k${scope}
        WHERE k.workspace_id = $1 AND k.company_id = $2 AND k.status IN ('pending', 'approved', 'paid')
        GROUP BY k.status, k.currency`);
      // The workspace's rates, for converting into the query's currency without another round trip.
      parts.push(`SELECT 'rate', NULL, r.currency::text, 0, 0, r.rate_to_base::text
        FROM currency_rates r WHERE r.workspace_id = $1`);
      parts.push(
        `SELECT 'base', NULL, w.default_currency::text, 0, 0, '1' FROM workspaces w WHERE w.id = $1`,
      );
    }
    const rows = parts.length
      ? await manager.query<
          Array<{
            source: 'lead' | 'deal' | 'commission' | 'rate' | 'base';
            key: string | null;
            currency: string | null;
            quarter: number;
            n: number;
            amount: string | null;
          }>
        >(parts.join('\nUNION ALL\n'), params)
      : [];
    const leads = {
      quarter: { total: 0, byStatus: {} },
      year: { total: 0, byStatus: {} },
    } as CompanyFigures['leads'];
    const sums = { deals: [] as CurrencySum[], earned: [] as CurrencySum[], pending: [] as CurrencySum[] };
    const rates = new Map<string, number>();
    let base: string | null = null;
    let inProgress = 0;
    for (const row of rows) {
      const sum = { currency: row.currency ?? '', amount: row.amount ?? '0' };
      if (row.source === 'rate') {
        rates.set(sum.currency.trim(), Number(sum.amount));
      } else if (row.source === 'base') {
        base = sum.currency.trim();
      } else if (row.source === 'lead') {
        const status = row.key ?? '';
        if (row.quarter) leads.quarter.byStatus[status] = row.quarter;
        leads.year.byStatus[status] = row.n;
        leads.quarter.total += row.quarter;
        leads.year.total += row.n;
      } else if (row.source === 'deal') {
        inProgress += row.n;
        sums.deals.push(sum);
      } else {
        sums[row.key === 'pending' ? 'pending' : 'earned'].push(sum);
      }
    }
    if (base) rates.set(base, 1);
    const [value, earned, pending] = [sums.deals, sums.earned, sums.pending].map((s) =>
      inCurrency(s, rates, query.currency),
    );
    return { leads, deals: { inProgress, value }, commissions: { earned, pending } };
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
    const foreign = sums.some((s) => s.currency.trim() !== target.trim());
    const rates = foreign ? await this.rates(manager, workspaceId) : new Map<string, number>();
    return inCurrency(sums, rates, target);
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
