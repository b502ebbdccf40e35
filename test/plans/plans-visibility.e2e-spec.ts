import { EmailOutbox } from '../../src/core/notifications/email-outbox.entity';
import { MailerService } from '../../src/core/notifications/mailer.service';
import { Api } from '../support/api';
import { buildWorld, World } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { THIS_YEAR } from './plans-helpers';

describe('partners never see a draft_outline plan', () => {
  let app: TestApp;
  let world: World;
  let api: Api;

  beforeAll(async () => {
    app = await startTestApp();
    api = new Api(app.baseUrl);
    world = await buildWorld(api);
  }, 120000);
  afterAll(() => app.close());

  it('hides the outline from lists, reads, CSV, activity and email, then shows it once shared', async () => {
    const exec = world.a.partner_executive;
    const created = await api.post(
      '/plans',
      { companyId: world.companyA, name: 'Secret outline FY', fiscalYear: THIS_YEAR },
      world.manager.token,
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: 'draft_outline',
      currency: 'USD',
      document: `plan:${created.body.id}`,
    });
    const id = created.body.id;

    const list = await api.get('/plans', exec.token);
    expect(list.status).toBe(200);
    expect(list.body.items.map((p: { id: string }) => p.id)).not.toContain(id);
    expect((await api.get(`/plans/${id}`, exec.token)).status).toBe(404);
    const csv = await api.get('/plans/export.csv', exec.token);
    expect(csv.status).toBe(200);
    expect(csv.body).not.toContain('Secret outline');
    const activity = await api.get(`/activity?companyId=${world.companyA}`, exec.token);
    expect(activity.status).toBe(200);
    expect(JSON.stringify(activity.body)).not.toContain(id);
    // Writes to it read as not found too.
    expect((await api.post(`/plans/${id}/transitions`, { to: 'draft' }, exec.token)).status).toBe(404);

    // The vendor sees it everywhere.
    expect(
      (await api.get('/plans', world.admin.token)).body.items.map((p: { id: string }) => p.id),
    ).toContain(id);
    expect((await api.get('/plans/export.csv', world.admin.token)).body).toContain('Secret outline');

    // Sharing it emails the partner's executives and managers, and only now they see it.
    const shared = await api.post(`/plans/${id}/transitions`, { to: 'draft' }, world.manager.token);
    expect(shared.status).toBe(200);
    await app.running.app.get(MailerService).flush();
    const mails = await app.dataSource
      .getRepository(EmailOutbox)
      .find({ where: { template: 'plan.shared' } });
    expect(mails.map((m) => m.to).sort()).toEqual(
      [world.a.partner_executive.email, world.a.partner_manager.email].sort(),
    );
    expect(mails[0].subject).toBe('Secret outline FY shared by Acme Partners');

    const seen = await api.get(`/plans/${id}`, exec.token);
    expect(seen.status).toBe(200);
    // Sections without goals are hidden from partners.
    expect(seen.body.sections).toEqual([]);
    expect((await api.get('/plans', exec.token)).body.items.map((p: { id: string }) => p.id)).toContain(id);
    const after = await api.get(`/activity?companyId=${world.companyA}`, exec.token);
    expect(after.body.items.map((a: { type: string }) => a.type)).toContain('plan.shared');
    expect(after.body.items.map((a: { type: string }) => a.type)).not.toContain('plan.created');
  });

  it('keeps the plans room closed to partner members and other companies', async () => {
    const plan = await api.post(
      '/plans',
      { companyId: world.companyA, name: 'Shared', fiscalYear: THIS_YEAR + 2 },
      world.admin.token,
    );
    await api.post(`/plans/${plan.body.id}/transitions`, { to: 'draft' }, world.admin.token);
    expect((await api.get(`/plans/${plan.body.id}`, world.a.partner_member.token)).status).toBe(404);
    expect((await api.get('/plans', world.a.partner_member.token)).body.items).toEqual([]);
    expect((await api.get(`/plans/${plan.body.id}`, world.b.partner_executive.token)).status).toBe(404);
    expect((await api.get('/plans', world.b.partner_executive.token)).body.items).toEqual([]);
    expect((await api.get(`/plans/${plan.body.id}`, world.a.partner_manager.token)).status).toBe(200);
    // A channel manager who does not own the partner reads but cannot create or change.
    expect((await api.get(`/plans/${plan.body.id}`, world.otherManager.token)).status).toBe(200);
    const denied = await api.post(
      '/plans',
      { companyId: world.companyA, name: 'x', fiscalYear: THIS_YEAR + 3 },
      world.otherManager.token,
    );
    expect(denied.status).toBe(403);
    expect((await api.patch(`/plans/${plan.body.id}`, { name: 'y' }, world.vendorMember.token)).status).toBe(
      403,
    );
  });

  it('refuses a second plan for the same company and year unless an admin allows it', async () => {
    const body = { companyId: world.companyB, name: 'B plan', fiscalYear: THIS_YEAR + 4 };
    expect((await api.post('/plans', body, world.otherManager.token)).status).toBe(201);
    const again = await api.post('/plans', body, world.otherManager.token);
    expect(again.status).toBe(409);
    expect(
      (await api.post('/plans', { ...body, allowDuplicate: true }, world.otherManager.token)).status,
    ).toBe(403);
    expect((await api.post('/plans', { ...body, allowDuplicate: true }, world.admin.token)).status).toBe(201);
  });
});
