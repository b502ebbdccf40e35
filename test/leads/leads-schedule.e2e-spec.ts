import { LeadsService } from '../../src/rooms/leads/leads.service';
import { Api } from '../support/api';
import { buildWorld, World } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { leadIn } from './leads-helpers';

const DAY = 86_400_000;

describe('leads: protection expiry and reminders on an injected clock', () => {
  let app: TestApp;
  let world: World;
  let api: Api;
  let service: LeadsService;

  // Background workers off: only the runs this test makes, at the times it names, happen.
  beforeAll(async () => {
    app = await startTestApp({ PWS_WORKERS: 'off' });
    api = new Api(app.baseUrl);
    world = await buildWorld(api);
    service = app.running.app.get(LeadsService);
  }, 120000);
  afterAll(() => app.close());

  async function kinds(leadId: string): Promise<string[]> {
    const rows = await app.dataSource.query<Array<{ kind: string }>>(
      `SELECT kind FROM notifications WHERE user_id = $1 AND data->>'leadId' = $2 ORDER BY created_at`,
      [world.a.partner_member.id, leadId],
    );
    return rows.map((r) => r.kind);
  }

  it('reminds 14 and 3 days before, once each, then expires and releases the customer', async () => {
    const lead = await leadIn(world, 'approved', { body: { customerDomain: 'expiring-customer.com' } });
    const end = Date.parse(lead.expiresAt);
    const at = (daysBefore: number) => new Date(end - daysBefore * DAY);
    const baseline = (await kinds(lead.id)).length;
    const reminders = async () =>
      (await kinds(lead.id)).slice(baseline).filter((k) => k === 'lead.expiry_reminder').length;

    await service.runSchedule(at(20));
    expect(await reminders()).toBe(0);
    await service.runSchedule(at(14));
    expect(await reminders()).toBe(1);
    await service.runSchedule(at(10));
    expect(await reminders()).toBe(1);
    await service.runSchedule(at(3));
    expect(await reminders()).toBe(2);
    await service.runSchedule(at(1));
    expect(await reminders()).toBe(2);
    expect((await api.get(`/leads/${lead.id}`, world.admin.token)).body.status).toBe('approved');

    const result = await service.runSchedule(new Date(end + 1000));
    expect(result.expired).toBeGreaterThanOrEqual(1);
    const after = await api.get(`/leads/${lead.id}`, world.a.partner_member.token);
    expect(after.body.status).toBe('expired');
    expect((await kinds(lead.id)).slice(-1)).toEqual(['lead.status_changed']);
    const check = await api.post(
      '/leads/check',
      { customerDomain: 'expiring-customer.com' },
      world.b.partner_member.token,
    );
    expect(check.body).toEqual({ conflict: false });
    const rooms = (await api.get(`/companies/${world.companyA}/rooms`, world.admin.token)).body;
    const activity = await api.get(
      `/activity?roomId=${rooms.find((r: any) => r.kind === 'leads').id}`,
      world.admin.token,
    );
    expect(activity.body.items.find((a: any) => a.entityId === lead.id).type).toBe('lead.status_changed');
  });

  it('sends only the 3-day reminder when a run finds the lead already that close', async () => {
    const lead = await leadIn(world, 'demo');
    const before = (await kinds(lead.id)).length;
    await service.runSchedule(new Date(Date.parse(lead.expiresAt) - 2 * DAY));
    await service.runSchedule(new Date(Date.parse(lead.expiresAt) - 1 * DAY));
    expect((await kinds(lead.id)).slice(before)).toEqual(['lead.expiry_reminder']);
  });

  it('starts the reminders over after an extension is granted', async () => {
    const lead = await leadIn(world, 'approved');
    await service.runSchedule(new Date(Date.parse(lead.expiresAt) - 10 * DAY));
    await api.post(
      `/leads/${lead.id}/extension`,
      { reason: 'Board meets next month', days: 30 },
      world.a.partner_member.token,
    );
    const granted = await api.post(
      `/leads/${lead.id}/extension/decision`,
      { grant: true },
      world.admin.token,
    );
    const newEnd = Date.parse(granted.body.expiresAt);
    expect(newEnd - Date.parse(lead.expiresAt)).toBe(30 * DAY);
    const before = (await kinds(lead.id)).filter((k) => k === 'lead.expiry_reminder').length;
    await service.runSchedule(new Date(Date.parse(lead.expiresAt) + 1000));
    expect((await api.get(`/leads/${lead.id}`, world.admin.token)).body.status).toBe('approved');
    await service.runSchedule(new Date(newEnd - 13 * DAY));
    expect((await kinds(lead.id)).filter((k) => k === 'lead.expiry_reminder').length).toBe(before + 1);
  });

  it('expires a lead once when two runs race (the advisory lock lets one act)', async () => {
    const lead = await leadIn(world, 'approved');
    const when = new Date(Date.parse(lead.expiresAt) + DAY);
    const before = (await kinds(lead.id)).length;
    await Promise.all([service.runSchedule(when), service.runSchedule(when)]);
    expect((await api.get(`/leads/${lead.id}`, world.admin.token)).body.status).toBe('expired');
    expect((await kinds(lead.id)).slice(before)).toEqual(['lead.status_changed']);
  });
});
