import { Api } from '../support/api';
import { buildWorld, createCompany, createUser, World } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { AnnouncementsService } from '../../src/rooms/announcements/announcements.service';
import { NotificationsService } from '../../src/core/notifications/notifications.service';
import { UnitOfWork } from '../../src/core/database/unit-of-work';
import { ok } from '../projects/projects-helpers';

describe('announcements: targeting, publish window, read receipts and notification settings', () => {
  let app: TestApp;
  let api: Api;
  let world: World;

  beforeAll(async () => {
    app = await startTestApp();
    api = new Api(app.baseUrl);
    world = await buildWorld(api);
  });

  afterAll(async () => {
    await app.close();
  });

  const titles = async (token: string) =>
    ok(await api.get('/announcements', token), 'list').items.map((a: any) => a.title) as string[];
  const inbox = async (token: string) =>
    ok(await api.get('/notifications?limit=200', token), 'inbox').items as any[];

  it('reaches the companies of a targeted group only, and notifies their users', async () => {
    const gamma = await createCompany(api, world.admin, 'Gamma', world.manager.id, [world.groupId]);
    const gammaUser = await createUser(api, world.admin, 'partner_member', gamma.id);
    const posted = ok(
      await api.post(
        '/announcements',
        { title: 'Gold tier news', body: '**New** pricing', audience: { groupIds: [world.groupId] } },
        world.admin.token,
      ),
      'post',
    );
    expect(await titles(world.a.partner_member.token)).toContain('Gold tier news');
    expect(await titles(gammaUser.token)).toContain('Gold tier news');
    expect(await titles(world.b.partner_member.token)).not.toContain('Gold tier news');
    expect((await api.get(`/announcements/${posted.id}`, world.b.partner_member.token)).status).toBe(404);
    expect((await inbox(gammaUser.token)).some((n) => n.data.announcementId === posted.id)).toBe(true);
    expect(
      (await inbox(world.b.partner_executive.token)).some((n) => n.data.announcementId === posted.id),
    ).toBe(false);

    const overview = ok(
      await api.get(`/companies/${world.companyA}/overview`, world.a.partner_member.token),
      'overview',
    );
    expect(overview.announcements.map((a: any) => a.id)).toContain(posted.id);
  });

  it('shows partners only what is between publishAt and expireAt; notifies scheduled ones when due', async () => {
    const future = new Date(Date.now() + 10 * 86_400_000).toISOString();
    const scheduled = ok(
      await api.post(
        '/announcements',
        { title: 'Later', body: 'Soon', audience: { all: true }, publishAt: future },
        world.admin.token,
      ),
      'scheduled',
    );
    ok(
      await api.post(
        '/announcements',
        {
          title: 'Gone',
          body: 'Old',
          audience: { all: true },
          publishAt: '2020-01-01T00:00:00Z',
          expireAt: '2020-02-01T00:00:00Z',
        },
        world.admin.token,
      ),
      'expired',
    );
    expect(await titles(world.b.partner_member.token)).not.toEqual(expect.arrayContaining(['Later']));
    expect(await titles(world.b.partner_member.token)).not.toContain('Gone');
    expect(await titles(world.admin.token)).toEqual(expect.arrayContaining(['Later', 'Gone']));
    expect(
      (await inbox(world.b.partner_member.token)).some((n) => n.data.announcementId === scheduled.id),
    ).toBe(false);

    const publisher = app.running.app.get(AnnouncementsService);
    expect(await publisher.runPublish(new Date(Date.now() + 11 * 86_400_000))).toBe(1);
    expect(await publisher.runPublish(new Date(Date.now() + 12 * 86_400_000))).toBe(0);
    expect(
      (await inbox(world.b.partner_member.token)).some((n) => n.data.announcementId === scheduled.id),
    ).toBe(true);
  });

  it('keeps read receipts for vendor staff', async () => {
    const posted = ok(
      await api.post(
        '/announcements',
        { title: 'Receipts', body: 'x', audience: { companyIds: [world.companyA] }, pinned: true },
        world.admin.token,
      ),
      'post',
    );
    const read = ok(
      await api.post(`/announcements/${posted.id}/read`, {}, world.a.partner_manager.token),
      'read',
    );
    expect(read.readAt).not.toBeNull();
    ok(await api.post(`/announcements/${posted.id}/read`, {}, world.a.partner_manager.token), 'read twice');
    const receipts = ok(await api.get(`/announcements/${posted.id}/reads`, world.manager.token), 'reads');
    expect(receipts.map((r: any) => r.userId)).toEqual([world.a.partner_manager.id]);
    expect((await api.get(`/announcements/${posted.id}/reads`, world.a.partner_manager.token)).status).toBe(
      403,
    );
    const list = ok(await api.get('/announcements', world.admin.token), 'list');
    expect(list.items[0]).toMatchObject({ id: posted.id, pinned: true, readCount: 1 });
  });

  it('lets a channel manager announce to owned companies only', async () => {
    const body = (audience: unknown) => ({ title: 'From Cora', body: 'hi', audience });
    expect(
      (await api.post('/announcements', body({ companyIds: [world.companyA] }), world.manager.token)).status,
    ).toBe(201);
    expect(
      (await api.post('/announcements', body({ companyIds: [world.companyB] }), world.manager.token)).status,
    ).toBe(403);
    expect(
      (await api.post('/announcements', body({ groupIds: [world.groupId] }), world.manager.token)).status,
    ).toBe(403);
    expect((await api.post('/announcements', body({ all: true }), world.vendorMember.token)).status).toBe(
      403,
    );
  });

  it('honours notification settings: an in-app kind turned off leaves no row, email off sends none', async () => {
    const me = world.b.partner_executive;
    const settings = ok(
      await api.patch('/me/notification-settings', { announcements: { inApp: false } }, me.token),
      'patch',
    );
    expect(settings.announcements).toEqual({ inApp: false, email: true });
    expect(settings.taskAssigned).toEqual({ inApp: true, email: true });
    const posted = ok(
      await api.post(
        '/announcements',
        { title: 'Quiet', body: 'x', audience: { companyIds: [world.companyB] } },
        world.admin.token,
      ),
      'post',
    );
    expect((await inbox(me.token)).some((n) => n.data.announcementId === posted.id)).toBe(false);
    expect((await inbox(world.b.partner_member.token)).some((n) => n.data.announcementId === posted.id)).toBe(
      true,
    );

    ok(
      await api.patch('/me/notification-settings', { taskAssigned: { email: false } }, me.token),
      'email off',
    );
    const notifications = app.running.app.get(NotificationsService);
    const send = (kind: string) =>
      app.running.app.get(UnitOfWork).run((tx) =>
        notifications.notify(tx, {
          workspaceId: world.workspaceId,
          userId: me.id,
          kind,
          title: 'x',
          email: {
            to: me.email,
            content: { subject: `mail ${kind}`, text: 'x', html: '<p>x</p>', template: 'test' } as never,
          },
        }),
      );
    await send('task.assigned');
    await send('deal.won');
    const mails = await app.dataSource.query(`SELECT subject FROM email_outbox WHERE "to" = $1`, [me.email]);
    expect(mails.map((m: any) => m.subject)).toEqual(['mail deal.won']);
    expect(ok(await api.get('/me/notification-settings', me.token), 'get').taskAssigned).toEqual({
      inApp: true,
      email: false,
    });
  });

  it('refuses bad input on every write route', async () => {
    const post = (body: unknown) => api.post('/announcements', body, world.admin.token);
    const bad = [
      await post({ title: '', body: 'x', audience: { all: true } }),
      await post({ title: 'x', body: 'x' }),
      await post({ title: 'x', body: 'x', audience: {} }),
      await post({ title: 'x', body: 'x', audience: { groupIds: ['nope'] } }),
      await post({ title: 'x', body: 'x', audience: { companyIds: [world.groupId] } }),
      await post({ title: 'x', body: 'x', audience: { all: true }, publishAt: 'tomorrow' }),
      await post({
        title: 'x',
        body: 'x',
        audience: { all: true },
        publishAt: '2030-01-02T00:00:00Z',
        expireAt: '2030-01-01T00:00:00Z',
      }),
      await post({ title: 'x', body: 'x', audience: { all: true }, attachmentIds: [world.groupId] }),
      await post({ title: 'x', body: 'x', audience: { all: true }, pinned: 'yes' }),
      await api.patch(
        '/me/notification-settings',
        { mentions: { email: 'no' } },
        world.a.partner_member.token,
      ),
      await api.patch('/me/notification-settings', { mentions: null }, world.a.partner_member.token),
      await api.post('/announcements/not-a-uuid/read', {}, world.a.partner_member.token),
    ];
    expect(bad.map((r) => r.status)).toEqual(bad.map(() => 400));
  });
});
