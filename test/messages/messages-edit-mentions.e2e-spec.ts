import { MailerService } from '../../src/core/notifications/mailer.service';
import { MessageAlertsService } from '../../src/rooms/messages/message-alerts.service';
import { eventually } from '../support/collab-clients';
import { Actor, World } from '../support/factories';
import { closeSockets, connect, waitFor } from '../support/realtime';
import { TestApp } from '../support/test-app';
import {
  Mail,
  minutesFromNow,
  notificationsOf,
  openChannel,
  post,
  startAppWithMail,
  startMailCatcher,
} from './messages-helpers';

describe('mentions added by an edit alert like mentions on send, and only the new ones', () => {
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

  it('notifies in-app and by digest the people an edit newly mentions, nobody else', async () => {
    const alerts = app.running.app.get(MessageAlertsService);
    const mailer = app.running.app.get(MailerService);
    const channel = await openChannel(world, world.companyA, 'Renewals');
    // The executive has a tab open: their counts are pushed live instead of a notification.
    const tab = await connect(app.baseUrl, world.a.partner_executive.token);

    const msg = await post(world, channel.id, world.manager, '@Ada Admin please check the renewal');
    await eventually(async () => (await notifications(world.admin)).length === 1, 'the mention on send');

    const pushed = waitFor(
      tab,
      'message:unread',
      (s) => s.conversationId === channel.id && s.mentionCount === 1,
    );
    const edited = await world.api.patch(
      `/messages/${msg.id}`,
      { body: '@Ada Admin please check the renewal with @Vera Member and @partner_executive' },
      world.manager.token,
    );
    expect(edited.status).toBe(200);
    expect(new Set(edited.body.mentions)).toEqual(
      new Set([world.admin.id, world.vendorMember.id, world.a.partner_executive.id]),
    );
    await pushed;
    await eventually(
      async () => (await notifications(world.vendorMember)).length === 1,
      'the mention added by the edit',
    );
    const [vera] = await notifications(world.vendorMember);
    expect(vera).toMatchObject({
      kind: 'message.mention',
      title: 'Cora Manager mentioned you in Renewals',
      data: { conversationId: channel.id, messageId: msg.id },
    });
    // Ada was mentioned already; the online executive gets counts, not a notification.
    expect(await notifications(world.admin)).toHaveLength(1);
    expect(await notifications(world.a.partner_executive)).toEqual([]);

    // An edit that mentions nobody new (the author is never alerted about themselves) alerts nobody; the
    // edit after it shows that alerts went out by then.
    const again = await world.api.patch(
      `/messages/${msg.id}`,
      { body: '@Vera Member @Cora Manager the renewal, again' },
      world.manager.token,
    );
    expect(again.status).toBe(200);
    const third = await world.api.patch(
      `/messages/${msg.id}`,
      { body: '@Vera Member @partner_manager the renewal, once more' },
      world.manager.token,
    );
    expect(third.status).toBe(200);
    await eventually(
      async () => (await notifications(world.a.partner_manager)).length === 1,
      'the mention added by the third edit',
    );
    expect(await notifications(world.vendorMember)).toHaveLength(1);
    expect(await notifications(world.manager)).toEqual([]);
    expect(await notifications(world.admin)).toHaveLength(1);

    // Still unread after ten minutes: one digest each to Ada (send), Vera and the partner manager (edits).
    expect(await alerts.runDigest(minutesFromNow(11))).toBe(3);
    await eventually(() => mails.length >= 3, 'the digests to arrive at the SMTP server');
    await mailer.flush();
    expect(mails.map((m) => m.to[0]).sort()).toEqual(
      [world.admin.email, world.vendorMember.email, world.a.partner_manager.email].sort(),
    );
    const toVera = mails.find((m) => m.to[0] === world.vendorMember.email)!.raw.replace(/=\r?\n/g, '');
    expect(toVera).toContain('Cora Manager mentioned you in Renewals');
  });
});
