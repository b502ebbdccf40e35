import { Api } from '../support/api';
import { buildWorld, World } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { pngOf, roots, upload } from '../files/files-helpers';
import { planIn } from '../plans/plans-helpers';

describe('resources room: categories, tags and learning tracks', () => {
  let app: TestApp;
  let api: Api;
  let world: World;
  let root: Record<string, string>;

  beforeAll(async () => {
    app = await startTestApp();
    api = new Api(app.baseUrl);
    world = await buildWorld(api);
    root = await roots(world, world.companyA);
  }, 120000);
  afterAll(() => app.close());

  it('keeps category and tags on resources, and is read-only for partners', async () => {
    const res = await upload(app.baseUrl, world.manager.token, root.resources, 'deck.png', pngOf(100), {
      category: 'marketing',
      tags: 'launch, q3',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ category: 'marketing', tags: ['launch', 'q3'] });
    const partner = world.a.partner_executive.token;
    expect((await api.get(`/files/${res.body.id}`, partner)).status).toBe(200);
    expect((await upload(app.baseUrl, partner, root.resources, 'mine.txt', Buffer.from('x'))).status).toBe(
      403,
    );
    expect((await api.patch(`/files/${res.body.id}`, { name: 'x.png' }, partner)).status).toBe(403);
    expect((await api.delete(`/files/${res.body.id}`, partner)).status).toBe(403);
    expect((await api.post('/folders', { parentId: root.resources, name: 'x' }, partner)).status).toBe(403);
    const patched = await api.patch(
      `/files/${res.body.id}`,
      { category: null, tags: ['evergreen'] },
      world.admin.token,
    );
    expect(patched.body).toMatchObject({ category: null, tags: ['evergreen'] });
    for (const bad of [
      { category: 'gossip' },
      { tags: ['ok', ''] },
      { tags: 'x' },
      { name: null },
      { folderId: 'x' },
    ]) {
      expect((await api.patch(`/files/${res.body.id}`, bad, world.admin.token)).status).toBe(400);
    }
    const other = await upload(app.baseUrl, world.manager.token, root.files, 'shared.txt', Buffer.from('x'));
    expect(
      (await api.patch(`/files/${other.body.id}`, { category: 'training' }, world.manager.token)).status,
    ).toBe(400);
  });

  it('completes a track item by item and moves a learning-track plan goal', async () => {
    const file = (
      await upload(app.baseUrl, world.manager.token, root.resources, 'course.pdf', Buffer.from('%PDF-1.4\n'))
    ).body;
    const created = await api.post(
      '/learning-tracks',
      {
        companyId: world.companyA,
        title: 'Partner onboarding',
        items: [
          { kind: 'file', fileId: file.id },
          { kind: 'link', url: 'https://academy.example.com/intro', title: 'Intro video' },
        ],
      },
      world.manager.token,
    );
    expect(created.status).toBe(201);
    expect(created.body.items.map((i: any) => i.title)).toEqual(['course.pdf', 'Intro video']);
    const track = created.body;
    const member = world.a.partner_member.token;
    expect((await api.get(`/learning-tracks/${track.id}`, member)).status).toBe(404);
    expect((await api.get(`/learning-tracks?companyId=${world.companyA}`, member)).body.items).toEqual([]);
    expect(
      (await api.patch(`/learning-tracks/${track.id}`, { published: true }, world.manager.token)).status,
    ).toBe(200);
    expect((await api.get('/learning-tracks', member)).body.items.map((t: any) => t.id)).toEqual([track.id]);
    expect((await api.get(`/learning-tracks?companyId=${world.companyB}`, member)).status).toBe(404);

    const plan = await planIn(world, 'active');
    const goalRes = await api.post(
      `/plans/${plan.id}/goals`,
      {
        sectionId: plan.sections[0].id,
        type: 'learning_track',
        title: 'Certify 2',
        trackId: track.id,
        requiredUsers: 2,
      },
      world.admin.token,
    );
    expect(goalRes.status).toBe(201);
    const goalProgress = async () =>
      (await api.get(`/plans/${plan.id}`, world.admin.token)).body.sections
        .flatMap((s: any) => s.goals)
        .find((g: any) => g.title === 'Certify 2').progress;
    expect(await goalProgress()).toBe(0);

    const half = await api.post(
      `/learning-tracks/${track.id}/items/${track.items[0].id}/complete`,
      {},
      member,
    );
    expect(half.status).toBe(200);
    expect(half.body.items.map((i: any) => i.completed)).toEqual([true, false]);
    expect(half.body.completedAt).toBeNull();
    expect(await goalProgress()).toBe(0);
    const done = await api.post(
      `/learning-tracks/${track.id}/items/${track.items[1].id}/complete`,
      {},
      member,
    );
    expect(done.body.completedAt).not.toBeNull();
    // Completing again changes nothing.
    await api.post(`/learning-tracks/${track.id}/items/${track.items[1].id}/complete`, {}, member);
    expect(await goalProgress()).toBe(50);
    // Vendor staff completing the track do not count towards the partner's goal.
    for (const item of track.items) {
      await api.post(`/learning-tracks/${track.id}/items/${item.id}/complete`, {}, world.vendorMember.token);
    }
    expect(await goalProgress()).toBe(50);
    const exec = world.a.partner_executive.token;
    for (const item of track.items)
      await api.post(`/learning-tracks/${track.id}/items/${item.id}/complete`, {}, exec);
    expect(await goalProgress()).toBe(100);
    expect(
      (
        await api.post(
          `/learning-tracks/${track.id}/items/${track.items[0].id}/complete`,
          {},
          world.b.partner_member.token,
        )
      ).status,
    ).toBe(404);
    const activity = await api.get(`/activity?companyId=${world.companyA}`, world.admin.token);
    expect(activity.body.items.filter((a: any) => a.type === 'learning_track.completed')).toHaveLength(3);
  });

  it('refuses bad learning-track input', async () => {
    const t = world.manager.token;
    const bad = [
      {},
      { companyId: world.companyA, title: 'x', items: [] },
      { companyId: world.companyA, title: 'x', items: [{ kind: 'video' }] },
      {
        companyId: world.companyA,
        title: 'x',
        items: [{ kind: 'link', url: 'javascript:alert(1)', title: 'x' }],
      },
      { companyId: world.companyA, title: 'x', items: [{ kind: 'link', url: 'https://a.test' }] },
      { companyId: world.companyA, title: 'x', items: [{ kind: 'file', fileId: 'nope' }] },
      {
        companyId: world.companyA,
        title: null,
        items: [{ kind: 'link', url: 'https://a.test', title: 'a' }],
      },
    ];
    for (const body of bad) expect((await api.post('/learning-tracks', body, t)).status).toBe(400);
    const foreign = await upload(
      app.baseUrl,
      world.admin.token,
      root.files,
      'not-a-resource.txt',
      Buffer.from('x'),
    );
    const res = await api.post(
      '/learning-tracks',
      { companyId: world.companyA, title: 'x', items: [{ kind: 'file', fileId: foreign.body.id }] },
      t,
    );
    expect(res.status).toBe(400);
    expect(res.body.details[0].field).toBe('items.0.fileId');
    expect((await api.patch(`/learning-tracks/${foreign.body.id}`, { published: 'yes' }, t)).status).toBe(
      400,
    );
  });
});
