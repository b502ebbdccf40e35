import { MESSAGE_RATE, MessageRate } from '../../src/rooms/messages/messages.service';
import { Api } from '../support/api';
import { Actor, World } from '../support/factories';
import { TestApp } from '../support/test-app';

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
