import { MailerService } from '../../src/core/notifications/mailer.service';
import { EmailOutbox } from '../../src/core/notifications/email-outbox.entity';
import { Api } from '../support/api';
import { PASSWORD, setupWorkspace, uniqueEmail } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

describe('identity: setup → login → invite → accept → me → refresh → logout', () => {
  let app: TestApp;
  let api: Api;

  beforeAll(async () => {
    app = await startTestApp();
    api = new Api(app.baseUrl);
  });
  afterAll(() => app.close());

  it('runs the whole first-day flow', async () => {
    expect((await api.get('/setup')).body).toEqual({ needsSetup: true });
    const { admin } = await setupWorkspace(api);
    expect((await api.get('/setup')).body).toEqual({ needsSetup: false });

    const again = await api.post('/setup', {
      workspaceName: 'Second',
      name: 'Eve',
      email: uniqueEmail('eve'),
      password: PASSWORD,
    });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ statusCode: 409, error: 'Conflict' });

    const loggedIn = await api.post('/auth/login', { email: admin.email.toUpperCase(), password: PASSWORD });
    expect(loggedIn.status).toBe(200);
    expect(loggedIn.body.user).toMatchObject({ id: admin.id, role: 'admin' });

    const company = await api.post('/companies', { name: 'Alpha Systems', ownerId: admin.id }, admin.token);
    expect(company.status).toBe(201);
    expect(company.body.rooms.map((r: { kind: string }) => r.kind)).toContain('plans');

    const email = uniqueEmail('pat');
    const invite = await api.post(
      '/invitations',
      { email, role: 'partner_executive', companyId: company.body.id },
      admin.token,
    );
    expect(invite.status).toBe(201);
    expect(invite.body).toMatchObject({ email, role: 'partner_executive', companyId: company.body.id });
    const expiresIn = Date.parse(invite.body.expiresAt) - Date.now();
    expect(expiresIn).toBeGreaterThan(6.9 * 24 * 3600 * 1000);
    expect(expiresIn).toBeLessThanOrEqual(7 * 24 * 3600 * 1000);

    // The invitation email was written to the outbox (no SMTP_URL) with the same link.
    await app.running.app.get(MailerService).flush();
    const mail = await app.dataSource.getRepository(EmailOutbox).findOneByOrFail({ to: email });
    expect(mail.template).toBe('invitation');
    expect(mail.status).toBe('stored');
    expect(mail.text).toContain(invite.body.acceptUrl);

    const token = invite.body.acceptUrl.split('/').pop();
    const weak = await api.post(`/invitations/${token}/accept`, {
      name: 'Pat Partner',
      password: 'password',
    });
    expect(weak.status).toBe(400);
    expect(weak.body.details[0].field).toBe('password');

    const accepted = await api.post(`/invitations/${token}/accept`, {
      name: 'Pat Partner',
      password: PASSWORD,
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body.user).toMatchObject({ email, name: 'Pat Partner', status: 'active' });

    const reused = await api.post(`/invitations/${token}/accept`, { name: 'Mallory', password: PASSWORD });
    expect(reused.status).toBe(404);

    const me = await api.get('/me', accepted.body.accessToken);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      role: 'partner_executive',
      company: { id: company.body.id, name: 'Alpha Systems' },
    });
    expect(me.body.rooms.map((r: { kind: string }) => r.kind)).toEqual(
      expect.arrayContaining(['overview', 'plans', 'leads', 'deals', 'messages', 'files']),
    );

    const inviterNotes = await api.get('/notifications', admin.token);
    expect(inviterNotes.body.items[0]).toMatchObject({ kind: 'invitation.accepted' });

    const refreshed = await api.post('/auth/refresh', { refreshToken: accepted.body.refreshToken });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refreshToken).not.toBe(accepted.body.refreshToken);
    expect((await api.get('/me', refreshed.body.accessToken)).status).toBe(200);

    const out = await api.post(
      '/auth/logout',
      { refreshToken: refreshed.body.refreshToken },
      refreshed.body.accessToken,
    );
    expect(out.status).toBe(204);
    expect((await api.get('/me', refreshed.body.accessToken)).status).toBe(401);
    expect((await api.post('/auth/refresh', { refreshToken: refreshed.body.refreshToken })).status).toBe(401);

    const again2 = await api.post('/auth/login', { email, password: PASSWORD });
    expect(again2.status).toBe(200);
  });
});
