import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Api, ApiResponse } from './api';

export const MEGABYTE = 'x'.repeat(1024 * 1024);
export const NOT_UUIDS = ['not-a-uuid', "1' OR '1'='1", '00000000-0000-0000-0000-00000000000g', '<b>'];

/** A write route and the ways its input can be broken; `C` is what the suite prepared. */
export interface WriteRoute<C> {
  route: string;
  method: 'POST' | 'PATCH' | 'DELETE';
  path: (w: C) => string;
  /** False for public routes. */
  auth?: false;
  /** A body the route accepts; the cases below break one thing in it at a time. */
  valid?: (w: C) => Record<string, unknown>;
  /** Wrongly typed values, each tried alone; null too where the field cannot be cleared. */
  wrongTypes?: Array<[field: string, value: unknown]>;
  /** A text field, for the 1 MB string. */
  text?: string;
  /** Body fields that must be UUIDs. */
  uuidFields?: string[];
  /** The route with one of its path ids replaced by `bad`, per path parameter. */
  pathIds?: Record<string, (w: C, bad: string) => string>;
}

/** Row count and content digest of every table: equal snapshots mean nothing was written. */
export async function snapshot(dataSource: DataSource): Promise<Record<string, string>> {
  const tables = await dataSource.query<{ name: string }[]>(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const result: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = await dataSource.query<{ n: number; digest: string }[]>(
      `SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS digest
         FROM "${name}" t`,
    );
    result[name] = `${row.n} rows, ${row.digest}`;
  }
  return result;
}

export interface BadInputSuite<C> {
  app: () => { dataSource: DataSource };
  api: () => Api;
  context: () => C;
  /** The caller of authenticated routes. */
  token: (ctx: C) => string;
}

/** Sends the request and checks the answer, that no table changed and that the server still answers. */
export async function expectRefused(
  suite: { dataSource: DataSource; api: Api },
  send: () => Promise<ApiResponse>,
  field: string,
): Promise<ApiResponse<{ details: Array<{ field: string; problem: string }> }>> {
  const before = await snapshot(suite.dataSource);
  const res = await send();
  expect(res.status).toBe(400);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: expect.any(String) });
  expect(res.body.details).toEqual(expect.arrayContaining([{ field, problem: expect.stringMatching(/\S/) }]));
  expect(await snapshot(suite.dataSource)).toEqual(before);
  expect((await suite.api.get('/health')).status).toBe(200);
  return res;
}

/** One describe per route: malformed JSON, wrong types, unknown fields, 1 MB strings, non-UUID ids. */
export function describeBadInput<C>(routes: WriteRoute<C>[], suite: BadInputSuite<C>): void {
  const refused = (send: () => Promise<ApiResponse>, field: string) =>
    expectRefused({ dataSource: suite.app().dataSource, api: suite.api() }, send, field);
  const send = (route: WriteRoute<C>, body: unknown, path = route.path(suite.context()), raw?: string) => {
    const token = route.auth === false ? undefined : suite.token(suite.context());
    return suite.api().request(route.method, path, raw !== undefined ? { token, raw } : { token, body });
  };

  describe.each(routes.map((route) => [route.route, route] as const))('%s', (_, route) => {
    const valid = route.valid;
    if (valid) {
      it('refuses malformed JSON', async () => {
        await refused(() => send(route, undefined, undefined, '{"name": "Delta",'), 'body');
        await refused(() => send(route, undefined, undefined, "{'name': 'Delta'}"), 'body');
      });

      it('refuses wrong types, one field at a time', async () => {
        for (const [field, value] of route.wrongTypes ?? []) {
          await refused(() => send(route, { ...valid(suite.context()), [field]: value }), field);
        }
      });

      it('refuses unknown fields (no mass assignment)', async () => {
        await refused(
          () => send(route, { ...valid(suite.context()), workspaceId: randomUUID() }),
          'workspaceId',
        );
        await refused(() => send(route, { ...valid(suite.context()), isAdmin: true }), 'isAdmin');
      });

      if (route.text) {
        it('refuses a 1 MB string', async () => {
          await refused(
            () => send(route, { ...valid(suite.context()), [route.text!]: MEGABYTE }),
            route.text!,
          );
        });
      }

      for (const field of route.uuidFields ?? []) {
        it(`refuses ${field} that is not a UUID, SQL included`, async () => {
          for (const bad of NOT_UUIDS)
            await refused(() => send(route, { ...valid(suite.context()), [field]: bad }), field);
        });
      }
    }

    for (const [param, pathWith] of Object.entries(route.pathIds ?? {})) {
      it(`refuses :${param} that is not a UUID, SQL included`, async () => {
        for (const bad of NOT_UUIDS) {
          const body = valid ? valid(suite.context()) : undefined;
          await refused(() => send(route, body, pathWith(suite.context(), encodeURIComponent(bad))), param);
        }
      });
    }
  });
}
