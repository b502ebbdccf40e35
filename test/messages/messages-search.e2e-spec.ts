import { Api } from '../support/api';
import { buildWorld, World } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';
import { openChannel, openDirect, post } from './messages-helpers';

describe('message search: ranked full text over what the caller may read', () => {
  let app: TestApp;
  let world: World;
  let alpha: { id: string };
  let beta: { id: string };
  let dm: { id: string };
  let hit: { id: string };

  const search = (token: string, query: string) => world.api.get(`/messages/search?${query}`, token);
  const ids = (res: any) => res.body.items.map((i: any) => i.message.id);

  beforeAll(async () => {
    app = await startTestApp();
    world = await buildWorld(new Api(app.baseUrl));
    alpha = await openChannel(world, world.companyA, 'Alpha rollout');
    beta = await openChannel(world, world.companyB, 'Beta rollout');
    dm = await openDirect(world, world.companyA, world.manager, [world.a.partner_executive]);
    hit = await post(
      world,
      alpha.id,
      world.a.partner_manager,
      'The **renewal** forecast for Q3 is <b>ready</b> & signed',
    );
    await post(world, alpha.id, world.manager, 'Renewal renewal renewals: the renewal pipeline doubled');
    await post(world, alpha.id, world.manager, 'Unrelated lunch plans');
    await post(world, beta.id, world.b.partner_manager, 'Beta renewal numbers are secret');
    await post(world, dm.id, world.manager, 'Private renewal discount for you');
  }, 120000);
  afterAll(() => app.close());

  it('ranks matches (stemmed) and highlights them with escaped HTML', async () => {
    const res = await search(world.admin.token, 'q=renewals');
    expect(res.status).toBe(200);
    // The admin reads both companies' channels, not the direct conversation they are not part of.
    expect(res.body.items).toHaveLength(3);
    expect(res.body.items[0].message.body).toContain('renewal pipeline doubled');
    const forecast = res.body.items.find((i: any) => i.message.id === hit.id);
    expect(forecast.highlight).toContain('<mark>renewal</mark>');
    expect(forecast.highlight).toContain('&#38; signed');
    expect(forecast.highlight).not.toMatch(/<(?!\/?mark>)/);
    expect(forecast.conversationName).toBe('Alpha rollout');
    expect(res.body.items.map((i: any) => i.rank)).toEqual(
      [...res.body.items.map((i: any) => i.rank)].sort((a: number, b: number) => b - a),
    );
  });

  it('never returns another company’s messages or direct conversations one is not in', async () => {
    const partner = await search(world.a.partner_member.token, 'q=renewal');
    expect(partner.body.items.every((i: any) => i.message.conversationId === alpha.id)).toBe(true);
    expect(partner.body.items).toHaveLength(2);
    const executive = await search(world.a.partner_executive.token, 'q=renewal');
    expect(ids(executive)).toHaveLength(3);
    expect(executive.body.items.some((i: any) => i.message.conversationId === dm.id)).toBe(true);
    const other = await search(world.b.partner_executive.token, 'q=renewal');
    expect(other.body.items.map((i: any) => i.message.conversationId)).toEqual([beta.id]);
    expect(
      (await search(world.b.partner_executive.token, `q=renewal&conversationId=${alpha.id}`)).status,
    ).toBe(404);
    expect(
      (await search(world.b.partner_executive.token, `q=renewal&companyId=${world.companyA}`)).status,
    ).toBe(404);
  });

  it('filters by conversation, author and date; deleted messages drop out', async () => {
    const byAuthor = await search(world.manager.token, `q=renewal&authorId=${world.a.partner_manager.id}`);
    expect(ids(byAuthor)).toEqual([hit.id]);
    const inBeta = await search(world.manager.token, `q=renewal&conversationId=${beta.id}`);
    expect(inBeta.body.items).toHaveLength(1);
    const future = new Date(Date.now() + 3600_000).toISOString();
    expect(
      (await search(world.manager.token, `q=renewal&from=${encodeURIComponent(future)}`)).body.items,
    ).toEqual([]);
    expect(
      (await search(world.manager.token, `q=renewal&to=${encodeURIComponent(future)}`)).body.items.length,
    ).toBe(4);
    await world.api.delete(`/messages/${hit.id}`, world.a.partner_manager.token);
    expect(ids(await search(world.manager.token, 'q=forecast'))).toEqual([]);
    expect((await search(world.manager.token, 'q=')).status).toBe(400);
    expect((await search(world.manager.token, 'q=renewal&authorId=nope')).status).toBe(400);
  });
});
