import { MailerService } from '../../src/core/notifications/mailer.service';
import { MessageAlertsService } from '../../src/rooms/messages/message-alerts.service';
import { eventually } from '../support/collab-clients';
import { Actor, World } from '../support/factories';
import { closeSockets, connect } from '../support/realtime';
import { TestApp } from '../support/test-app';
import {
  Mail,
  minutesFromNow,
  notificationsOf,
  openChannel,
  openDirect,
  post,
  startAppWithMail,
  startMailCatcher,
} from './messages-helpers';

describe('away notifications: in-app at once, one email digest after ten unread minutes', () => {
  let app: TestApp;
  let world: World;
  let smtp: Awaited<ReturnType<typeof startMailCatcher>>;
  let mails: Mail[];

  const notifications = (actor: Actor) => notificationsOf(world, actor);

  beforeAll(async () => {
    ({ app, world, smtp, mails } = await startAppWithMail());
  }, 120000);
  afterEach(() => closeSockets());
  afterAll(async () => {
    await app.close();
    await smtp.close();
  });

  it('notifies mentioned and direct-messaged users who are away, then emails one digest per user', async () => {
    const alerts = app.running.app.get(MessageAlertsService);
    const mailer = app.running.app.get(MailerService);
    const launch = await openChannel(world, world.companyA, 'Launch');
    // The executive has a tab open; everyone else is away.
    await connect(app.baseUrl, world.a.partner_executive.token);
    // Email settings: the partner manager wants none, the partner member mentions only.
    const none = { mentions: { email: false }, directMessages: { email: false } };
    expect(
      (await world.api.patch('/me/notification-settings', none, world.a.partner_manager.token)).status,
    ).toBe(200);
    const mentionsOnly = { directMessages: { email: false } };
    expect(
      (await world.api.patch('/me/notification-settings', mentionsOnly, world.a.partner_member.token)).status,
    ).toBe(200);

    await post(world, launch.id, world.manager, '@Vera Member can you review the launch kit?');
    await post(world, launch.id, world.manager, '@partner_executive @partner_manager FYI');
    const readLater = await post(world, launch.id, world.manager, '@Ada Admin budget check');
    const dm = await openDirect(world, world.companyA, world.manager, [world.a.partner_member]);
    await post(world, dm.id, world.manager, 'A quick private note');
    await post(world, launch.id, world.admin, '@Vera Member and the press release too');

    await eventually(
      async () => (await notifications(world.vendorMember)).length === 2,
      'two mentions of Vera',
    );
    await eventually(
      async () => (await notifications(world.a.partner_member)).length === 1,
      'the direct message',
    );
    await eventually(async () => (await notifications(world.admin)).length === 1, 'the mention of Ada');
    await eventually(
      async () => (await notifications(world.a.partner_manager)).length === 1,
      'in-app despite none',
    );
    const vera = await notifications(world.vendorMember);
    expect(vera.map((n) => n.kind)).toEqual(['message.mention', 'message.mention']);
    expect(vera[1].title).toBe('Cora Manager mentioned you in Launch');
    expect((await notifications(world.a.partner_member))[0]).toMatchObject({
      kind: 'message.direct',
      data: { conversationId: dm.id },
    });
    // Online: counts pushed to the tab instead of a notification.
    expect(await notifications(world.a.partner_executive)).toEqual([]);

    // Ada reads before the ten minutes are up, so she gets no email.
    await world.api.post(`/conversations/${launch.id}/read`, { messageId: readLater.id }, world.admin.token);

    expect(await alerts.runDigest(minutesFromNow(9))).toBe(0);
    expect(await alerts.runDigest(minutesFromNow(11))).toBe(1);
    await eventually(() => mails.length >= 1, 'the digest to arrive at the SMTP server');
    await mailer.flush();
    expect(mails).toHaveLength(1);
    expect(mails[0].to).toEqual([world.vendorMember.email]);
    const text = mails[0].raw.replace(/=\r?\n/g, '');
    expect(text).toContain('Subject: You have 2 unread messages');
    expect(text).toContain('Cora Manager mentioned you in Launch');
    expect(text).toContain('the press release too');
    // Every alert was settled: a later run sends nothing again.
    expect(await alerts.runDigest(minutesFromNow(30))).toBe(0);
    expect(mails).toHaveLength(1);
  });
});
