export const VENDOR_ROLES = ['admin', 'channel_manager', 'vendor_member'] as const;
export const PARTNER_ROLES = ['partner_executive', 'partner_manager', 'partner_member'] as const;
export const ROLES = [...VENDOR_ROLES, ...PARTNER_ROLES] as const;

export type VendorRole = (typeof VENDOR_ROLES)[number];
export type PartnerRole = (typeof PARTNER_ROLES)[number];
export type Role = VendorRole | PartnerRole;

export function isVendorRole(role: Role): role is VendorRole {
  return (VENDOR_ROLES as readonly string[]).includes(role);
}

export function isPartnerRole(role: Role): role is PartnerRole {
  return (PARTNER_ROLES as readonly string[]).includes(role);
}

export const ROOM_KINDS = [
  'overview',
  'plans',
  'leads',
  'deals',
  'projects',
  'messages',
  'files',
  'contacts',
  'resources',
  'brand',
  'custom',
] as const;
export type RoomKind = (typeof ROOM_KINDS)[number];

/** Rooms every new partner company gets, in navigation order. */
export const DEFAULT_ROOM_KINDS: readonly Exclude<RoomKind, 'custom'>[] = [
  'overview',
  'plans',
  'leads',
  'deals',
  'projects',
  'messages',
  'files',
  'contacts',
  'resources',
  'brand',
];

export const ROOM_TITLES: Record<RoomKind, string> = {
  overview: 'Overview',
  plans: 'Business plans',
  leads: 'Leads',
  deals: 'Deals',
  projects: 'Projects',
  messages: 'Messages',
  files: 'Shared files',
  contacts: 'Contacts',
  resources: 'Resources',
  brand: 'Brand',
  custom: 'Custom',
};
