import {
  adminSections,
  canManageCompanies,
  invitableRoles,
  nextSort,
  pendingInvitations,
  planCell,
  planQuery,
  sortState,
  type PlanFilters,
} from '../../client/src/admin/admin-logic';
import type { ManagedPlanRow, WorkspaceUser } from '../../client/src/admin/admin-types';
import { parseLink, targetPath, timeAgo } from '../../client/src/notifications/notification-links';
import { mergeActivity, type OverviewActivity } from '../../client/src/rooms/overview/overview-types';

const ID = '0b6c3f6e-8f8e-4a43-9a59-5b3f1e0c2d11';

const FILTERS: PlanFilters = {
  q: '',
  fiscalYear: '',
  statuses: [],
  companyId: '',
  sort: '-updatedAt',
  columns: ['partner', 'plan'],
};

describe('vendor admin logic', () => {
  it('shows administration only to admins and channel managers, and company writes only to admins', () => {
    expect(adminSections('admin')).toEqual(['companies', 'groups', 'users', 'rooms', 'templates', 'plans']);
    expect(adminSections('channel_manager')).toEqual(['companies', 'users', 'templates', 'plans']);
    for (const role of ['vendor_member', 'partner_executive', 'partner_manager', 'partner_member'] as const)
      expect(adminSections(role)).toEqual([]);
    expect(canManageCompanies('admin')).toBe(true);
    expect(canManageCompanies('channel_manager')).toBe(false);
  });

  it('lets channel managers invite partner roles only', () => {
    expect(invitableRoles('admin')).toContain('channel_manager');
    expect(invitableRoles('channel_manager')).toEqual([
      'partner_executive',
      'partner_manager',
      'partner_member',
    ]);
    expect(invitableRoles('vendor_member')).toEqual([]);
  });

  it('treats invited users as the pending invitations', () => {
    const user = (id: string, status: WorkspaceUser['status']) =>
      ({ id, status, email: `${id}@x.test` }) as WorkspaceUser;
    expect(pendingInvitations([user('a', 'active'), user('b', 'invited'), user('c', 'disabled')])).toEqual([
      user('b', 'invited'),
    ]);
  });

  it('builds the manage-table and CSV queries from the filters', () => {
    expect(planQuery(FILTERS)).toBe('sort=-updatedAt&limit=50');
    const query = new URLSearchParams(
      planQuery({
        ...FILTERS,
        q: '  alpha ',
        fiscalYear: '2027',
        statuses: ['draft', 'active'],
        companyId: ID,
        columns: ['plan', 'partner', 'status'],
      }),
    );
    expect(query.get('q')).toBe('alpha');
    expect(query.get('fiscalYear')).toBe('2027');
    expect(query.get('status')).toBe('draft,active');
    expect(query.get('companyId')).toBe(ID);
    expect(query.get('columns')).toBeNull();
    // An unfinished year is not sent (the server would answer 400 to it).
    expect(new URLSearchParams(planQuery({ ...FILTERS, fiscalYear: '20' })).get('fiscalYear')).toBeNull();
    // The export keeps the table's column order, whatever order they were ticked in.
    const csv = new URLSearchParams(planQuery({ ...FILTERS, columns: ['status', 'plan', 'partner'] }, true));
    expect(csv.get('columns')).toBe('partner,plan,status');
    expect(csv.get('limit')).toBeNull();
  });

  it('cycles a column between ascending and descending', () => {
    expect(nextSort('-updatedAt', 'name')).toBe('name');
    expect(nextSort('name', 'name')).toBe('-name');
    expect(nextSort('-name', 'name')).toBe('name');
    expect(sortState('-name', 'name')).toBe('descending');
    expect(sortState('name', 'name')).toBe('ascending');
    expect(sortState('name', 'fiscalYear')).toBe('none');
    expect(sortState('name', undefined)).toBe('none');
  });

  it('renders plan cells, money and per-section completion', () => {
    const row: ManagedPlanRow = {
      id: ID,
      companyId: ID,
      companyName: 'Alpha',
      name: 'Growth',
      fiscalYear: 2027,
      status: 'draft',
      overallCompletion: 42.6,
      sectionCompletion: { Strategy: 50, Sales: 12.4 },
      authorName: null,
      ownerId: null,
      revenueTarget: '250000.00',
      revenueActual: null,
      currency: 'EUR',
      createdAt: '2026-01-02T03:04:05.000Z',
      updatedAt: '2026-02-03T03:04:05.000Z',
    };
    expect(planCell(row, 'overallCompletion')).toBe('43%');
    expect(planCell(row, 'sections')).toBe('Strategy 50%, Sales 12%');
    expect(planCell(row, 'author')).toBe('—');
    expect(planCell(row, 'revenueTarget')).toBe('€250,000');
    expect(planCell(row, 'revenueActual')).toBe('—');
    expect(planCell(row, 'updated')).toBe('2026-02-03');
  });
});

describe('notification links', () => {
  it('reads relative and absolute links to the thing, and nothing else', () => {
    expect(parseLink(`/plans/${ID}`)).toEqual({ entity: 'plan', id: ID });
    expect(parseLink(`https://partners.example.test/leads/${ID}`)).toEqual({ entity: 'lead', id: ID });
    expect(parseLink(`https://h.test/conversations/${ID}?seq=12`)).toEqual({
      entity: 'conversation',
      id: ID,
    });
    expect(parseLink(null)).toBeNull();
    expect(parseLink('/plans/not-an-id')).toBeNull();
    expect(parseLink(`/plans/${ID}/versions`)).toBeNull();
    expect(parseLink(`/admin/${ID}`)).toBeNull();
    expect(parseLink('javascript:alert(1)')).toBeNull();
  });

  it('maps a target to its room page', () => {
    expect(targetPath({ entity: 'plan', id: ID }, 'c1')).toBe(`/c/c1/plans/${ID}`);
    expect(targetPath({ entity: 'deal', id: ID }, 'c1')).toBe(`/c/c1/deals?deal=${ID}`);
    expect(targetPath({ entity: 'lead', id: ID }, 'c1')).toBe(`/c/c1/leads?lead=${ID}`);
    expect(targetPath({ entity: 'conversation', id: ID }, 'c1')).toBe(`/c/c1/messages?conversation=${ID}`);
    expect(targetPath({ entity: 'project', id: ID }, 'c1')).toBe('/c/c1/projects');
    expect(targetPath({ entity: 'announcement', id: ID }, 'c1')).toBe('/c/c1/overview');
  });

  it('says how old a notification is', () => {
    const now = Date.parse('2026-03-01T12:00:00Z');
    expect(timeAgo('2026-03-01T11:59:50Z', now)).toBe('just now');
    expect(timeAgo('2026-03-01T11:50:00Z', now)).toBe('10 min ago');
    expect(timeAgo('2026-03-01T09:00:00Z', now)).toBe('3 h ago');
    expect(timeAgo('2026-02-27T12:00:00Z', now)).toBe('2 d ago');
    expect(timeAgo('2025-12-01T12:00:00Z', now)).toBe('2025-12-01');
  });
});

describe('overview activity', () => {
  it('adds fresh entries on top without repeating the ones shown', () => {
    const entry = (id: string) => ({ id, summary: id }) as OverviewActivity;
    expect(mergeActivity([entry('b'), entry('a')], [entry('c'), entry('b')]).map((e) => e.id)).toEqual([
      'c',
      'b',
      'a',
    ]);
  });
});
