import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { MESSAGE_RATE, MessageRate } from '../../src/rooms/messages/messages.service';
import { Api } from '../support/api';
import { eventually } from '../support/collab-clients';
import { Actor, buildWorld, World } from '../support/factories';
import { startTestApp, TestApp } from '../support/test-app';

export async function messagesRoomOf(api: Api, token: string, companyId: string): Promise<string> {
  const res = await api.get(`/companies/${companyId}/rooms`, token);
  const items: Array<{ id: string; kind: string }> = Array.isArray(res.body) ? res.body : res.body.items;
  const room = items.find((r) => r.kind === 'messages');
  if (!room) throw new Error(`no messages room in ${companyId}: ${JSON.stringify(res.body)}`);
  return room.id;
}

export async function openChannel(world: World, companyId: string, name: string, by: Actor = world.admin) {
  const res = await world.api.post('/conversations', { companyId, kind: 'channel', name }, by.token);
  if (res.status !== 201) throw new Error(`channel ${name}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; roomId: string; companyId: string };
}

export async function openDirect(world: World, companyId: string, by: Actor, others: Actor[]) {
  const res = await world.api.post(
    '/conversations',
    { companyId, kind: 'direct', participantIds: others.map((o) => o.id) },
    by.token,
  );
  if (res.status !== 201) throw new Error(`direct: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; roomId: string; participantIds: string[] };
}

export async function post(
  world: World,
  conversationId: string,
  by: Actor,
  body: string,
  extra: object = {},
) {
  const res = await world.api.post(`/conversations/${conversationId}/messages`, { body, ...extra }, by.token);
  if (res.status !== 201) throw new Error(`post: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; seq: number; body: string; parentId: string | null };
}

/** Every message of a conversation, following `after` pages to the end. */
export async function allMessages(world: World, conversationId: string, token: string, after = 0) {
  const items: any[] = [];
  let path = `/conversations/${conversationId}/messages?after=${after}`;
  for (;;) {
    const res = await world.api.get(path, token);
    if (res.status !== 200) throw new Error(`history: ${res.status} ${JSON.stringify(res.body)}`);
    items.push(...res.body.items);
    if (!res.body.nextCursor) return items;
    path = `/conversations/${conversationId}/messages?cursor=${res.body.nextCursor}`;
  }
}

/** The live per-user message rate; tests that build long histories raise it and restore it. */
export function messageRate(app: TestApp): MessageRate {
  return app.running.app.get(MESSAGE_RATE);
}

export interface Mail {
  to: string[];
  raw: string;
}

/** A real SMTP server on a free local port that keeps every mail it receives in `mails`. */
export async function startMailCatcher() {
  const mails: Mail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString()));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  return {
    mails,
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => smtp.close(() => resolve())),
  };
}

/** A test app that mails through a fresh mail catcher, with the standard world; close both after. */
export async function startAppWithMail() {
  const smtp = await startMailCatcher();
  const app = await startTestApp({ SMTP_URL: smtp.url });
  const world = await buildWorld(new Api(app.baseUrl));
  return { app, world, smtp, mails: smtp.mails };
}

/** The in-app notifications of an actor, in the order the API lists them. */
export async function notificationsOf(world: World, actor: Actor) {
  return (await world.api.get('/notifications', actor.token)).body.items as Array<{
    kind: string;
    title: string;
    data: any;
  }>;
}

export const minutesFromNow = (minutes: number) => new Date(Date.now() + minutes * 60_000);

/** Waits until each of `actors` has an in-app mention notification of the message. */
export async function awaitMentions(world: World, actors: Actor[], messageId: string) {
  for (const actor of actors) {
    await eventually(
      async () =>
        (await notificationsOf(world, actor)).some(
          (n) => n.kind === 'message.mention' && n.data.messageId === messageId,
        ),
      `the mention of ${actor.role}`,
    );
  }
}

/** The hits of a message search as `actor` runs it. */
export async function searchMessages(world: World, actor: Actor, q: string) {
  const res = await world.api.get(`/messages/search?q=${encodeURIComponent(q)}`, actor.token);
  expect(res.status).toBe(200);
  return res.body.items as Array<{ message: { id: string; conversationId: string } }>;
}

/** The ids of the conversations of a company that `actor` has unread. */
export async function unreadConversations(world: World, actor: Actor, companyId: string) {
  const res = await world.api.get(`/conversations/unread?companyId=${companyId}`, actor.token);
  expect(res.status).toBe(200);
  return res.body.conversations.map((c: any) => c.conversationId) as string[];
}
