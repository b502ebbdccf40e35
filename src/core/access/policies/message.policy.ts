import {
  OWNER,
  PARTNER_EXECUTIVE,
  PARTNER_MANAGERS,
  PARTNER_USERS,
  Relation,
  VENDOR_STAFF,
} from '../relation';

export const CONVERSATION_KINDS = ['channel', 'direct'] as const;
export type ConversationKind = (typeof CONVERSATION_KINDS)[number];

export type ConversationAction = 'read' | 'post' | 'create_channel' | 'create_direct' | 'manage' | 'moderate';

const EVERYONE: readonly Relation[] = [...VENDOR_STAFF, ...PARTNER_USERS];

/**
 * Who may do what in a company's conversations, by relation, once they may enter the conversation's room.
 * `manage` (rename, topic, archive a channel) is also granted to the channel's creator; `moderate` is
 * deleting someone else's message.
 */
export const messagePolicy: Record<ConversationAction, readonly Relation[]> = {
  read: EVERYONE,
  post: EVERYONE,
  create_channel: [...VENDOR_STAFF, ...PARTNER_MANAGERS],
  create_direct: EVERYONE,
  manage: [...OWNER, ...PARTNER_EXECUTIVE],
  moderate: OWNER,
};

/** The room kinds that hold conversations. */
export const CONVERSATION_ROOM_KINDS = ['messages', 'custom'] as const;

export const DIRECT_MIN_PARTICIPANTS = 2;
export const DIRECT_MAX_PARTICIPANTS = 8;

export interface ConversationShape {
  kind: ConversationKind;
  vendorOnly: boolean;
}

/**
 * Beyond entering the room: a direct conversation is seen only by its participants, a vendor-only thread
 * (e.g. internal deal notes) never by partners. Everything else reads as not found.
 */
export function canSeeConversation(
  relation: Relation,
  conversation: ConversationShape,
  isParticipant: boolean,
): boolean {
  if (conversation.vendorOnly && !VENDOR_STAFF.includes(relation)) return false;
  if (conversation.kind === 'direct') return isParticipant;
  return true;
}
