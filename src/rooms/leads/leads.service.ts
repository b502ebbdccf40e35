import {
  ConflictException,
  ForbiddenException,
  Inject,
  Injectable,
  NotFoundException,
  OnModuleInit,
} from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { AccessService } from '../../core/access/access.service';
import {
  leadPolicy,
  LeadStatus,
  leadTransitions,
  partnerCanEditLead,
  PROTECTED_LEAD_STATUSES,
} from '../../core/access/policies/lead.policy';
import { Relation } from '../../core/access/relation';
import { PARTNER_ROLES } from '../../core/access/roles';
import { ActivityService } from '../../core/activity/activity.service';
import { AuthUser } from '../../core/auth/auth-user';
import { KeysetAfter, keysetPage, resolveSort, SortColumn } from '../../core/database/keyset-page';
import { Tx, UnitOfWork } from '../../core/database/unit-of-work';
import { BadInputException, ConflictError } from '../../core/http/errors';
import { decodeCursor, encodeCursor, Page, pageLimit } from '../../core/http/pagination';
import { genericEmail } from '../../core/notifications/email-templates';
import { NotificationsService } from '../../core/notifications/notifications.service';
import { Company } from '../../core/workspace/company.entity';
import { User } from '../../core/workspace/user.entity';
import { Workspace } from '../../core/workspace/workspace.entity';
import { DealDto } from '../deals/deals.dto';
import { Deal } from '../deals/deal.entity';
import { DealsService } from '../deals/deals.service';
import { scopeToCaller } from '../deals/deal-access';
import { PlansService } from '../plans/plans.service';
import { foldDomain, normaliseCompanyName, normaliseEmail } from './customer-keys';
import { Lead } from './lead.entity';
import { LeadAccess } from './lead-access';
import {
  CheckLeadDto,
  CheckResultDto,
  ConflictMatchDto,
  ExtensionDecisionDto,
  ExtensionRequestDto,
  LeadDto,
  LeadQueryDto,
  LeadSort,
  LeadTransitionDto,
  mapLead,
  SubmitLeadDto,
  UpdateLeadDto,
} from './leads.dto';

/** A clock the scheduler and the workflow read, replaceable in tests. */
export const LEADS_CLOCK = Symbol('LEADS_CLOCK');
export type Clock = () => Date;

const DAY_MS = 86_400_000;
const DEFAULT_EXTENSION_DAYS = 30;
// Inlined, not bound: the planner uses the partial indexes only when it sees the same predicate.
const OPEN_SQL = `l.status IN ('submitted', 'approved', 'qualified', 'demo', 'proposal')`;
const PROTECTED_SQL = `l.status IN ('approved', 'qualified', 'demo', 'proposal')`;

const SORTS: Record<string, SortColumn<Lead>> = {
  createdAt: { expr: 'l.created_at', cursor: (l) => l.createdAt.toISOString() },
  value: { expr: 'l.estimated_value', cursor: (l) => l.estimatedValue },
  customerName: { expr: 'l.customer_name', cursor: (l) => l.customerName },
};

interface CustomerKeys {
  domainKey: string | null;
  nameKey: string | null;
  country: string | null;
  email: string | null;
}

interface MatchRow {
  id: string;
  company_id: string;
  company_name: string;
  customer_name: string;
  customer_domain: string;
  country: string;
  contact_email: string;
  status: LeadStatus;
  expires_at: Date | null;
  created_at: Date;
  domain_key: string | null;
  name_key: string | null;
  products: string[];
}

@Injectable()
export class LeadsService implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly uow: UnitOfWork,
    private readonly access: AccessService,
    private readonly leads: LeadAccess,
    private readonly activity: ActivityService,
    private readonly notifications: NotificationsService,
    private readonly deals: DealsService,
    private readonly plans: PlansService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LEADS_CLOCK) private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.deals.whenWon((tx, auth, relation, deal) => this.wonByDeal(tx, auth, relation, deal));
  }

  /**
   * `POST /leads/check`: partners learn only whether a conflict exists; vendor staff see the colliding
   * registrations side by side.
   */
  async check(auth: AuthUser, dto: CheckLeadDto): Promise<CheckResultDto> {
    if (dto.companyId) {
      const relation = await this.leads.relationFor(auth, dto.companyId);
      if (!relation) throw new NotFoundException('Company not found');
    } else if (!this.access.isVendor(auth)) {
      const relation = auth.companyId ? await this.leads.relationFor(auth, auth.companyId) : null;
      if (!relation || !leadPolicy.submit.includes(relation))
        throw new NotFoundException('Leads room not found');
    }
    const keys = keysOf(dto);
    if (!keys.domainKey && !keys.email && !(keys.nameKey && keys.country)) {
      throw new BadInputException('Nothing to check', [
        {
          field: 'customerDomain',
          problem: 'give a domain, a contact email, or a customer name with a country',
        },
      ]);
    }
    const matches = await this.matches(this.dataSource.manager, auth.workspaceId, keys, null);
    if (!this.access.isVendor(auth)) return { conflict: matches.length > 0 };
    return { conflict: matches.length > 0, matches: matches.map((m) => this.mapMatch(m, keys)) };
  }

  async submit(auth: AuthUser, dto: SubmitLeadDto): Promise<LeadDto> {
    const vendor = this.access.isVendor(auth);
    if (vendor && !dto.companyId) {
      throw new BadInputException('Which partner is the lead for?', [
        { field: 'companyId', problem: 'is required for vendor staff' },
      ]);
    }
    const companyId = dto.companyId ?? auth.companyId!;
    const relation = await this.leads.relationFor(auth, companyId);
    if (!relation) throw new NotFoundException('Company not found');
    if (!leadPolicy.submit.includes(relation)) throw new ForbiddenException('Your role may not submit leads');
    if (!vendor && (dto.registeredById ?? auth.id) !== auth.id) {
      throw new ForbiddenException('Partners register leads in their own name');
    }
    const keys = keysOf(dto);
    if (!keys.domainKey) {
      throw new BadInputException('Unusable customer domain', [
        { field: 'customerDomain', problem: 'must be a domain like example.com' },
      ]);
    }
    return this.uow.run(async (tx) => {
      const registeredById = vendor
        ? await this.partnerUser(tx.manager, companyId, dto.registeredById)
        : auth.id;
      const conflicts = await this.matches(tx.manager, auth.workspaceId, keys, null);
      const lead = await tx.manager.save(
        tx.manager.create(Lead, {
          workspaceId: auth.workspaceId,
          companyId,
          customerName: dto.customerName,
          customerDomain: dto.customerDomain.trim(),
          domainKey: keys.domainKey,
          nameKey: keys.nameKey,
          country: dto.country,
          contactName: dto.contactName,
          contactEmail: dto.contactEmail,
          contactPhone: dto.contactPhone ?? '',
          products: dto.products ?? [],
          estimatedValue: dto.estimatedValue.amount,
          currency: dto.estimatedValue.currency,
          notes: dto.notes ?? '',
          status: 'submitted',
          conflict: conflicts.length > 0,
          registeredById,
          submittedById: auth.id,
        }),
      );
      await this.record(
        tx,
        auth,
        lead,
        'lead.submitted',
        `${auth.name} registered the lead ${lead.customerName}`,
        {
          conflict: lead.conflict,
        },
      );
      return mapLead(lead);
    });
  }

  rowsQuery(auth: AuthUser, query: LeadQueryDto) {
    const qb = this.dataSource
      .createQueryBuilder()
      .select('l.id', 'id')
      .from(Lead, 'l')
      .innerJoin(Company, 'c', 'c.id = l.company_id AND c.deleted_at IS NULL')
      .where('l.workspace_id = :ws', { ws: auth.workspaceId });
    scopeToCaller(qb, 'l', auth, this.access, 'leads');
    if (query.status) qb.andWhere('l.status IN (:...statuses)', { statuses: query.status.split(',') });
    if (query.companyId) qb.andWhere('l.company_id = :companyId', { companyId: query.companyId });
    if (query.registeredById) qb.andWhere('l.registered_by_id = :rb', { rb: query.registeredById });
    if (query.from) qb.andWhere('l.created_at >= (:from)::date', { from: query.from });
    if (query.to) qb.andWhere('l.created_at < (:to)::date + 1', { to: query.to });
    if (query.minValue) qb.andWhere('l.estimated_value >= :minValue', { minValue: query.minValue });
    if (query.maxValue) qb.andWhere('l.estimated_value <= :maxValue', { maxValue: query.maxValue });
    if (query.q) {
      qb.andWhere(
        '(l.customer_name ILIKE :q OR l.customer_domain ILIKE :q OR l.contact_name ILIKE :q OR l.contact_email ILIKE :q)',
        { q: `%${query.q.replace(/[\\%_]/g, (m) => '\\' + m)}%` },
      );
    }
    return qb;
  }

  async list(auth: AuthUser, query: LeadQueryDto): Promise<Page<LeadDto>> {
    const limit = pageLimit(query);
    const cursor = decodeCursor(query.cursor, 2);
    const rows = await this.page(auth, query, cursor as [string, string] | null, limit + 1);
    const more = rows.length > limit;
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map((l) => mapLead(l)),
      nextCursor: more && last ? encodeCursor([this.sortOf(query.sort).column.cursor(last), last.id]) : null,
    };
  }

  async *allRows(auth: AuthUser, query: LeadQueryDto): AsyncGenerator<LeadDto> {
    let after: [string | number, string] | null = null;
    for (;;) {
      const rows = await this.page(auth, query, after, 500);
      for (const row of rows) yield mapLead(row);
      if (rows.length < 500) return;
      const last = rows[rows.length - 1];
      after = [this.sortOf(query.sort).column.cursor(last), last.id];
    }
  }

  async get(auth: AuthUser, id: string): Promise<LeadDto> {
    const { lead, partner } = await this.leads.require(auth, id, 'read');
    if (partner) return mapLead(lead);
    const keys: CustomerKeys = {
      domainKey: lead.domainKey,
      nameKey: lead.nameKey,
      country: lead.country,
      email: normaliseEmail(lead.contactEmail),
    };
    const matches = await this.matches(this.dataSource.manager, lead.workspaceId, keys, lead.id);
    return mapLead(
      lead,
      matches.map((m) => this.mapMatch(m, keys)),
    );
  }

  async update(auth: AuthUser, id: string, dto: UpdateLeadDto): Promise<LeadDto> {
    return this.uow.run(async (tx) => {
      const { lead, partner } = await this.leads.require(auth, id, 'edit', tx.manager, true);
      if (!PROTECTED_LEAD_STATUSES.includes(lead.status) && lead.status !== 'submitted') {
        throw new ConflictException(`A ${lead.status} lead cannot be changed`);
      }
      if (partner && !partnerCanEditLead(lead.status)) {
        throw new ForbiddenException('Partners change a lead only until the vendor has decided on it');
      }
      if (dto.customerDomain !== undefined) {
        const domainKey = foldDomain(dto.customerDomain);
        if (!domainKey) {
          throw new BadInputException('Unusable customer domain', [
            { field: 'customerDomain', problem: 'must be a domain like example.com' },
          ]);
        }
        lead.customerDomain = dto.customerDomain.trim();
        lead.domainKey = domainKey;
      }
      if (dto.customerName !== undefined) {
        lead.customerName = dto.customerName;
        lead.nameKey = normaliseCompanyName(dto.customerName);
      }
      if (dto.country !== undefined) lead.country = dto.country;
      if (dto.contactName !== undefined) lead.contactName = dto.contactName;
      if (dto.contactEmail !== undefined) lead.contactEmail = dto.contactEmail;
      if (dto.contactPhone !== undefined) lead.contactPhone = dto.contactPhone;
      if (dto.products !== undefined) lead.products = dto.products;
      if (dto.notes !== undefined) lead.notes = dto.notes;
      if (dto.estimatedValue !== undefined) {
        lead.estimatedValue = dto.estimatedValue.amount;
        lead.currency = dto.estimatedValue.currency;
      }
      const keys = {
        domainKey: lead.domainKey,
        nameKey: lead.nameKey,
        country: lead.country,
        email: lead.contactEmail,
      };
      lead.conflict = (await this.matches(tx.manager, lead.workspaceId, keys, lead.id)).length > 0;
      await tx.manager.save(lead);
      await this.record(tx, auth, lead, 'lead.updated', `${auth.name} updated the lead ${lead.customerName}`);
      return mapLead(lead);
    });
  }

  async transition(auth: AuthUser, id: string, dto: LeadTransitionDto): Promise<LeadDto> {
    return this.uow.run(async (tx) => {
      const { lead, relation } = await this.leads.require(auth, id, 'read', tx.manager, true);
      const from = lead.status;
      const allowed = leadTransitions[from]?.[dto.to];
      if (!allowed) {
        const hint =
          dto.to === 'expired' ? ' (leads expire by themselves at the end of their protection)' : '';
        throw new ConflictException(`A ${from} lead cannot move to ${dto.to}${hint}`);
      }
      if (!allowed.includes(relation))
        throw new ForbiddenException(`Your role may not move this lead to ${dto.to}`);
      if (dto.to === 'rejected' && !dto.reason) {
        throw new BadInputException('Say why the lead is rejected', [
          { field: 'reason', problem: 'is required to reject' },
        ]);
      }
      const now = this.clock();
      if (dto.to === 'approved') {
        await this.checkSoleApproval(tx.manager, lead, now);
        const company = await tx.manager.findOneByOrFail(Company, { id: lead.companyId });
        const workspace = await tx.manager.findOneByOrFail(Workspace, { id: lead.workspaceId });
        const days = company.leadProtectionDays ?? workspace.leadProtectionDays;
        lead.approvedAt = now;
        lead.expiresAt = new Date(now.getTime() + days * DAY_MS);
      }
      if (dto.to === 'qualified') lead.qualifiedAt = now;
      if (dto.reason !== undefined) lead.statusReason = dto.reason;
      lead.status = dto.to;
      lead.decidedById = auth.id;
      await tx.manager.save(lead);
      await this.tellSubmitter(tx, lead, `Your lead ${lead.customerName} is now ${lead.status}`, [
        `${auth.name} moved your registration of ${lead.customerName} from ${from} to ${lead.status}.`,
        ...(dto.reason ? [`Reason: ${dto.reason}`] : []),
        ...(lead.expiresAt && dto.to === 'approved'
          ? [`It is protected until ${lead.expiresAt.toUTCString()}.`]
          : []),
      ]);
      await this.record(
        tx,
        auth,
        lead,
        'lead.status_changed',
        `${auth.name} moved the lead ${lead.customerName} to ${lead.status}`,
        {
          from,
          to: lead.status,
        },
      );
      return mapLead(lead);
    });
  }

  async requestExtension(auth: AuthUser, id: string, dto: ExtensionRequestDto): Promise<LeadDto> {
    return this.uow.run(async (tx) => {
      const { lead } = await this.leads.require(auth, id, 'extend', tx.manager, true);
      if (!PROTECTED_LEAD_STATUSES.includes(lead.status)) {
        throw new ConflictException(`A ${lead.status} lead has no protection period to extend`);
      }
      if (lead.extension?.status === 'pending')
        throw new ConflictException('An extension is already requested');
      lead.extension = {
        reason: dto.reason,
        days: dto.days ?? DEFAULT_EXTENSION_DAYS,
        requestedById: auth.id,
        requestedAt: this.clock().toISOString(),
        status: 'pending',
      };
      await tx.manager.save(lead);
      const company = await tx.manager.findOneByOrFail(Company, { id: lead.companyId });
      if (company.ownerId) {
        await this.notifications.notify(tx, {
          workspaceId: lead.workspaceId,
          userId: company.ownerId,
          kind: 'lead.extension_requested',
          title: `${company.name} asks to extend the protection of ${lead.customerName}`,
          body: dto.reason,
          link: `/leads/${lead.id}`,
          data: { leadId: lead.id },
        });
      }
      await this.record(
        tx,
        auth,
        lead,
        'lead.extension_requested',
        `${auth.name} asked to extend the lead ${lead.customerName}`,
      );
      return mapLead(lead);
    });
  }

  async decideExtension(auth: AuthUser, id: string, dto: ExtensionDecisionDto): Promise<LeadDto> {
    return this.uow.run(async (tx) => {
      const { lead } = await this.leads.require(auth, id, 'decide', tx.manager, true);
      if (lead.extension?.status !== 'pending') throw new ConflictException('No extension is pending');
      if (!PROTECTED_LEAD_STATUSES.includes(lead.status)) {
        throw new ConflictException(`A ${lead.status} lead has no protection period to extend`);
      }
      const now = this.clock();
      const days = dto.days ?? lead.extension.days;
      lead.extension = {
        ...lead.extension,
        status: dto.grant ? 'granted' : 'refused',
        decidedById: auth.id,
        decidedAt: now.toISOString(),
        ...(dto.reason ? { decisionReason: dto.reason } : {}),
      };
      if (dto.grant) {
        const base = Math.max(lead.expiresAt?.getTime() ?? now.getTime(), now.getTime());
        lead.expiresAt = new Date(base + days * DAY_MS);
        lead.reminded14At = null;
        lead.reminded3At = null;
      }
      await tx.manager.save(lead);
      const verdict = dto.grant ? 'granted' : 'refused';
      await this.tellSubmitter(tx, lead, `Extension ${verdict} for ${lead.customerName}`, [
        dto.grant
          ? `${auth.name} extended the protection of ${lead.customerName} until ${lead.expiresAt!.toUTCString()}.`
          : `${auth.name} refused to extend the protection of ${lead.customerName}.`,
        ...(dto.reason ? [`Reason: ${dto.reason}`] : []),
      ]);
      await this.record(
        tx,
        auth,
        lead,
        `lead.extension_${verdict}`,
        `${auth.name} ${verdict} an extension of the lead ${lead.customerName}`,
      );
      return mapLead(lead);
    });
  }

  /** Creates the lead's deal and links both; once per lead. */
  async convert(auth: AuthUser, id: string): Promise<DealDto> {
    return this.uow.run(async (tx) => {
      const { lead } = await this.leads.require(auth, id, 'convert', tx.manager, true);
      if (!PROTECTED_LEAD_STATUSES.includes(lead.status)) {
        throw new ConflictException(`A ${lead.status} lead cannot become a deal; it must be approved first`);
      }
      if (lead.dealId) throw new ConflictException('This lead already has its deal');
      const deal = await this.deals.createIn(tx, auth, {
        companyId: lead.companyId,
        name: `${lead.customerName}${lead.products.length ? ` – ${lead.products.join(', ')}` : ''}`.slice(
          0,
          300,
        ),
        customerName: lead.customerName,
        customerDomain: lead.customerDomain,
        products: lead.products,
        value: lead.estimatedValue,
        currency: lead.currency,
        stage: lead.status === 'proposal' ? 'proposal' : 'qualification',
        registeredById: lead.registeredById,
        sourceLeadId: lead.id,
      });
      lead.dealId = deal.id;
      await tx.manager.save(lead);
      await this.record(
        tx,
        auth,
        lead,
        'lead.converted',
        `${auth.name} converted the lead ${lead.customerName} to a deal`,
        {
          dealId: deal.id,
        },
      );
      return this.deals.view(tx.manager, deal);
    });
  }

  /**
   * A won deal converted from a lead wins the lead too, along the transition table: the lead moves to
   * `won` when the table leads there from its status through steps the winner may take (an expired, lost
   * or rejected lead stays as it is).
   */
  private async wonByDeal(tx: Tx, auth: AuthUser, relation: Relation, deal: Deal): Promise<void> {
    if (!deal.sourceLeadId) return;
    const lead = await tx.manager
      .createQueryBuilder(Lead, 'l')
      .where('l.id = :id AND l.workspaceId = :ws', { id: deal.sourceLeadId, ws: deal.workspaceId })
      .setLock('pessimistic_write')
      .getOne();
    if (!lead || !reaches(lead.status, 'won', relation)) return;
    const from = lead.status;
    lead.status = 'won';
    await tx.manager.save(lead);
    await this.record(
      tx,
      auth,
      lead,
      'lead.status_changed',
      `${auth.name} won the lead ${lead.customerName} with its deal ${deal.name}`,
      { from, to: 'won', dealId: deal.id },
    );
  }

  /**
   * Expires registrations whose protection ended and reminds their partner 14 and 3 days ahead. Safe with
   * several instances: the run takes a transaction-scoped advisory lock, so one instance acts.
   */
  async runSchedule(now: Date = this.clock()): Promise<{ expired: number; reminded: number }> {
    return this.uow.run(async (tx) => {
      const [{ locked }] = await tx.manager.query<{ locked: boolean }[]>(
        'SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked',
        ['leads-scheduler'],
      );
      if (!locked) return { expired: 0, reminded: 0 };
      const due = await tx.manager
        .createQueryBuilder(Lead, 'l')
        .where(`${PROTECTED_SQL} AND l.expires_at IS NOT NULL AND l.expires_at <= :soon`, {
          soon: new Date(now.getTime() + 14 * DAY_MS),
        })
        .andWhere(
          '(l.expires_at <= :now OR l.reminded14_at IS NULL OR (l.expires_at <= :three AND l.reminded3_at IS NULL))',
          {
            now,
            three: new Date(now.getTime() + 3 * DAY_MS),
          },
        )
        .setLock('pessimistic_write')
        .getMany();
      let expired = 0;
      let reminded = 0;
      for (const lead of due) {
        const left = lead.expiresAt!.getTime() - now.getTime();
        if (left <= 0) {
          const from = lead.status;
          lead.status = 'expired';
          await tx.manager.save(lead);
          expired += 1;
          await this.tellSubmitter(tx, lead, `Protection of ${lead.customerName} expired`, [
            `Your registration of ${lead.customerName} expired on ${lead.expiresAt!.toUTCString()}; the customer is open to other registrations.`,
          ]);
          await this.recordSystem(tx, lead, 'lead.status_changed', `The lead ${lead.customerName} expired`, {
            from,
            to: 'expired',
          });
          continue;
        }
        const threeDay = left <= 3 * DAY_MS;
        if (threeDay && lead.reminded3At) continue;
        if (!threeDay && lead.reminded14At) continue;
        const days = Math.ceil(left / DAY_MS);
        lead.reminded14At = lead.reminded14At ?? now;
        if (threeDay) lead.reminded3At = now;
        await tx.manager.save(lead);
        reminded += 1;
        await this.tellSubmitter(
          tx,
          lead,
          `${lead.customerName}: protection ends in ${days} days`,
          [
            `Your registration of ${lead.customerName} is protected until ${lead.expiresAt!.toUTCString()}.`,
            'Move it forward or ask for an extension before then.',
          ],
          'lead.expiry_reminder',
        );
      }
      return { expired, reminded };
    });
  }

  /** Open registrations of the same customer, through the partial indexes; expired protection does not count. */
  private async matches(
    manager: EntityManager,
    workspaceId: string,
    keys: CustomerKeys,
    exceptId: string | null,
  ): Promise<MatchRow[]> {
    const ors: string[] = [];
    const params: unknown[] = [workspaceId, this.clock(), exceptId];
    if (keys.domainKey) {
      params.push(keys.domainKey);
      ors.push(`l.domain_key = $${params.length}`);
    }
    if (keys.nameKey && keys.country) {
      params.push(keys.nameKey, keys.country);
      ors.push(`(l.name_key = $${params.length - 1} AND l.country = $${params.length})`);
    }
    if (keys.email) {
      params.push(keys.email);
      ors.push(`lower(l.contact_email) = $${params.length}`);
    }
    if (ors.length === 0) return [];
    return manager.query<MatchRow[]>(
      `SELECT l.id, l.company_id, c.name AS company_name, l.customer_name, l.customer_domain, l.country,
              l.contact_email, l.status, l.expires_at, l.created_at, l.domain_key, l.name_key, l.products
       FROM leads l JOIN companies c ON c.id = l.company_id
       WHERE l.workspace_id = $1 AND ${OPEN_SQL} AND (l.expires_at IS NULL OR l.expires_at > $2)
         AND ($3::uuid IS NULL OR l.id <> $3::uuid) AND (${ors.join(' OR ')})
       ORDER BY l.created_at LIMIT 50`,
      params,
    );
  }

  /** Only one approved registration per customer and product at a time. */
  private async checkSoleApproval(manager: EntityManager, lead: Lead, now: Date): Promise<void> {
    await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`leads-approve:${lead.workspaceId}`]);
    const clash = await manager.query<Array<{ id: string }>>(
      `SELECT l.id FROM leads l
       WHERE l.workspace_id = $1 AND ${PROTECTED_SQL} AND l.id <> $2 AND (l.expires_at IS NULL OR l.expires_at > $3)
         AND (l.domain_key = $4 OR (l.name_key = $5 AND l.country = $6))
         AND (cardinality(l.products) = 0 OR cardinality($7::text[]) = 0 OR l.products && $7::text[])
       LIMIT 1`,
      [lead.workspaceId, lead.id, now, lead.domainKey, lead.nameKey, lead.country, lead.products],
    );
    if (clash.length) {
      throw new ConflictError('Another registration of this customer and product is already approved', [
        { field: 'to', problem: 'the customer is protected for another registration' },
      ]);
    }
  }

  private mapMatch(row: MatchRow, keys: CustomerKeys): ConflictMatchDto {
    const reasons: string[] = [];
    if (keys.domainKey && row.domain_key === keys.domainKey) reasons.push('domain');
    if (keys.nameKey && row.name_key === keys.nameKey && row.country.trim() === keys.country)
      reasons.push('name');
    if (keys.email && row.contact_email.toLowerCase() === keys.email) reasons.push('email');
    return {
      leadId: row.id,
      companyId: row.company_id,
      companyName: row.company_name,
      customerName: row.customer_name,
      customerDomain: row.customer_domain,
      country: row.country.trim(),
      contactEmail: row.contact_email,
      status: row.status,
      reasons,
      expiresAt: row.expires_at ? new Date(row.expires_at).toISOString() : null,
      createdAt: new Date(row.created_at).toISOString(),
    };
  }

  private async partnerUser(
    manager: EntityManager,
    companyId: string,
    userId?: string,
  ): Promise<string | null> {
    if (!userId) return null;
    const user = await manager.findOne(User, {
      where: { id: userId, companyId, status: 'active', role: In([...PARTNER_ROLES]) },
    });
    if (!user) {
      throw new BadInputException('Unknown partner user', [
        { field: 'registeredById', problem: 'is not an active user of this partner' },
      ]);
    }
    return user.id;
  }

  /** Tells the partner user who registered the lead (in-app, and by email). */
  private async tellSubmitter(
    tx: Tx,
    lead: Lead,
    title: string,
    lines: string[],
    kind = 'lead.status_changed',
  ) {
    const userId = lead.registeredById ?? lead.submittedById;
    const user = await tx.manager.findOne(User, { where: { id: userId, status: 'active' } });
    if (!user) return;
    const link = `${this.config.publicUrl}/leads/${lead.id}`;
    await this.notifications.notify(tx, {
      workspaceId: lead.workspaceId,
      userId: user.id,
      kind,
      title,
      body: lines.join(' '),
      link,
      data: { leadId: lead.id, status: lead.status },
      email: { to: user.email, content: genericEmail(kind, title, lines, link) },
    });
  }

  private async record(
    tx: Tx,
    auth: AuthUser,
    lead: Lead,
    type: string,
    summary: string,
    data: Record<string, unknown> = {},
  ) {
    await this.activity.record(tx, {
      workspaceId: lead.workspaceId,
      companyId: lead.companyId,
      roomId: await this.leads.leadsRoomId(tx.manager, lead.companyId),
      actorId: auth.id,
      type,
      entity: 'lead',
      entityId: lead.id,
      summary,
      audience: 'owner',
      ownerId: lead.registeredById,
      data: { leadId: lead.id, status: lead.status, ...data },
    });
    tx.afterCommit(() => this.plans.recomputeCompany(lead.companyId));
  }

  private async recordSystem(
    tx: Tx,
    lead: Lead,
    type: string,
    summary: string,
    data: Record<string, unknown>,
  ) {
    await this.activity.record(tx, {
      workspaceId: lead.workspaceId,
      companyId: lead.companyId,
      roomId: await this.leads.leadsRoomId(tx.manager, lead.companyId),
      type,
      entity: 'lead',
      entityId: lead.id,
      summary,
      audience: 'owner',
      ownerId: lead.registeredById,
      data: { leadId: lead.id, ...data },
    });
    tx.afterCommit(() => this.plans.recomputeCompany(lead.companyId));
  }

  private page(auth: AuthUser, query: LeadQueryDto, after: KeysetAfter, take: number): Promise<Lead[]> {
    const qb = this.rowsQuery(auth, query);
    return keysetPage(this.dataSource.manager, Lead, qb, 'l', this.sortOf(query.sort), after, take);
  }

  private sortOf(sort: LeadSort | undefined) {
    return resolveSort(SORTS, sort, '-createdAt');
  }
}

/** Whether `relation` may take `from` to `to` through the transition table, one allowed step at a time. */
function reaches(from: LeadStatus, to: LeadStatus, relation: Relation): boolean {
  const seen = new Set<LeadStatus>([from]);
  const queue: LeadStatus[] = [from];
  for (let status = queue.shift(); status !== undefined; status = queue.shift()) {
    for (const [next, who] of Object.entries(leadTransitions[status] ?? {}) as Array<
      [LeadStatus, readonly Relation[]]
    >) {
      if (!who.includes(relation) || seen.has(next)) continue;
      if (next === to) return true;
      seen.add(next);
      queue.push(next);
    }
  }
  return false;
}

function keysOf(dto: {
  customerDomain?: string;
  customerName?: string;
  country?: string;
  contactEmail?: string;
}): CustomerKeys {
  return {
    domainKey: foldDomain(dto.customerDomain),
    nameKey: normaliseCompanyName(dto.customerName),
    country: dto.country ?? null,
    email: normaliseEmail(dto.contactEmail),
  };
}
