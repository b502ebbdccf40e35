import { EmailOutbox } from '../../src/core/notifications/email-outbox.entity';
import { PlanRemindersService } from '../../src/rooms/plans/plan-reminders.service';
import { Api } from '../support/api';
import { buildWorld, World } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { planIn, THIS_YEAR } from './plans-helpers';

describe('plan reminders (clock injected)', () => {
  let app: TestApp;
  let world: World;
  let api: Api;

  beforeAll(async () => {
    app = await startTestApp();
    api = new Api(app.baseUrl);
    world = await buildWorld(api);
  }, 120000);
  afterAll(() => app.close());

  const mails = (template: string) => app.dataSource.getRepository(EmailOutbox).find({ where: { template } });

  it('emails the partner monthly while the plan runs, once a month, and nudges a stale plan’s manager', async () => {
    const plan = await planIn(world, 'active', 'Monthly plan');
    const reminders = app.running.app.get(PlanRemindersService);
    const may = new Date(`${THIS_YEAR}-05-02T08:00:00Z`);

    const first = await reminders.run(may);
    expect(first.progressEmails).toBe(2);
    const sent = await mails('plan.monthly_progress');
    expect(sent.map((m) => m.to).sort()).toEqual(
      [world.a.partner_executive.email, world.a.partner_manager.email].sort(),
    );
    expect((await reminders.run(new Date(`${THIS_YEAR}-05-20T08:00:00Z`))).progressEmails).toBe(0);
    expect((await reminders.run(new Date(`${THIS_YEAR}-06-01T08:00:00Z`))).progressEmails).toBe(2);

    // Thirty quiet days: the channel manager is nudged once.
    await app.dataSource.query(`UPDATE plans SET updated_at = $2 WHERE id = $1`, [
      plan.id,
      new Date(`${THIS_YEAR}-06-01T00:00:00Z`),
    ]);
    const july = await reminders.run(new Date(`${THIS_YEAR}-07-05T08:00:00Z`));
    expect(july.nudges).toBe(1);
    expect((await mails('plan.stale')).map((m) => m.to)).toEqual([world.manager.email]);
    expect((await reminders.run(new Date(`${THIS_YEAR}-07-06T08:00:00Z`))).nudges).toBe(0);
    const inbox = await api.get('/notifications', world.manager.token);
    expect(inbox.body.items.map((n: { kind: string }) => n.kind)).toContain('plan.stale');
  });

  it('sends nothing for a completed plan', async () => {
    const plan = await planIn(world, 'completed', 'Done plan');
    await app.dataSource.query(`UPDATE plans SET progress_email_month = NULL WHERE id = $1`, [plan.id]);
    const before = (await mails('plan.monthly_progress')).length;
    await app.running.app.get(PlanRemindersService).run(new Date(`${THIS_YEAR}-08-02T08:00:00Z`));
    const after = await mails('plan.monthly_progress');
    expect(after.length - before).toBeGreaterThanOrEqual(0);
    expect(after.filter((m) => m.subject.startsWith('Done plan'))).toEqual([]);
  });
});
