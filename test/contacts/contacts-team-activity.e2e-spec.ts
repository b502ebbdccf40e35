import { Api } from '../support/api';
import { buildWorld, PASSWORD, uniqueEmail, World } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { ok } from '../projects/projects-helpers';

/**
 * The partner side of the team: a partner user joining by invitation, changing role and being deactivated
 * shows in the company's activity, for the people the access policy lets read it.
 */
describe('contacts: partner team changes in the company activity', () => {
  let app: TestApp;
  let api: Api;
  let world: World;

  beforeAll(async () => {
    app = await startTestApp();
    api = new Api(app.baseUrl);
    world = await buildWorld(api);
  }, 120000);

  afterAll(() => app.close());

  const about = async (userId: string, token: string, companyId = world.companyA) =>
    (ok(await api.get(`/activity?companyId=${companyId}&limit=200`, token), 'activity').items as any[])
      .filter((a) => a.entityId === userId)
      .map((a) => a.type);

  it('records join, role change and deactivation; partners of the company see them, others do not', async () => {
    const email = uniqueEmail('joiner');
    const invite = ok(
      await api.post(
        '/invitations',
        { email, role: 'partner_member', companyId: world.companyA },
        world.manager.token,
      ),
      'invite',
    );
    const token = invite.acceptUrl.split('/').pop();
    const joined = ok(
      await api.post(`/invitations/${token}/accept`, { name: 'Jo Joiner', password: PASSWORD }),
      'accept',
    ).user;
    const contacts = async () =>
      (
        ok(
          await api.get(`/companies/${world.companyA}/contacts`, world.a.partner_member.token),
          'contacts',
        ) as any[]
      ).find((c) => c.userId === joined.id);
    expect(await contacts()).toMatchObject({ side: 'partner', role: 'partner_member' });

    ok(
      await api.patch(`/users/${joined.id}`, { role: 'partner_manager' }, world.a.partner_executive.token),
      'role change',
    );
    expect(await contacts()).toMatchObject({ role: 'partner_manager' });
    ok(await api.patch(`/users/${joined.id}`, { status: 'disabled' }, world.manager.token), 'deactivate');
    expect(await contacts()).toBeUndefined();

    // Newest first. The invitation itself is vendor business: partners never see it.
    expect(await about(joined.id, world.a.partner_member.token)).toEqual([
      'user.disabled',
      'user.role_changed',
      'user.joined',
    ]);
    expect(await about(joined.id, world.a.partner_executive.token)).toEqual([
      'user.disabled',
      'user.role_changed',
      'user.joined',
    ]);
    expect(await about(joined.id, world.manager.token)).toEqual([
      'user.disabled',
      'user.role_changed',
      'user.joined',
      'user.invited',
    ]);
    // The entries are the company's: the other partner neither reads company A's log nor finds them in its own.
    expect(
      (await api.get(`/activity?companyId=${world.companyA}`, world.b.partner_executive.token)).status,
    ).toBe(404);
    expect(await about(joined.id, world.b.partner_executive.token, world.companyB)).toEqual([]);
    const mine = ok(await api.get('/activity?limit=200', world.b.partner_executive.token), 'own log');
    expect(mine.items.some((a: any) => a.entityId === joined.id)).toBe(false);

    // And they reach the overview's "since your last visit" of the company's partners.
    const overview = ok(
      await api.get(`/companies/${world.companyA}/overview`, world.a.partner_member.token),
      'overview',
    );
    expect(
      overview.activity.items.filter((a: any) => a.entityId === joined.id).map((a: any) => a.type),
    ).toEqual(['user.disabled', 'user.role_changed', 'user.joined']);
    const summary = (type: string) =>
      overview.activity.items.find((a: any) => a.entityId === joined.id && a.type === type);
    expect(summary('user.joined')).toMatchObject({ companyId: world.companyA, by: joined.id });
    expect(summary('user.role_changed')).toMatchObject({ by: world.a.partner_executive.id });
    expect(summary('user.disabled')).toMatchObject({ by: world.manager.id });
  });
});
