import { Permission } from '../permission';
import { ADMIN, OWNER, PARTNER_EXECUTIVE, PARTNER_USERS, Relation, VENDOR_STAFF } from '../relation';

/** Actions on one partner company and what it holds: allowed relations. */
export const companyPolicy: Partial<Record<Permission, readonly Relation[]>> = {
  [Permission.CompanyRead]: VENDOR_STAFF,
  [Permission.CompanyUpdate]: ADMIN,
  [Permission.CompanyDelete]: ADMIN,
  [Permission.CompanyUserRead]: [...OWNER, ...PARTNER_EXECUTIVE],
  [Permission.CompanyUserWrite]: [...OWNER, ...PARTNER_EXECUTIVE],
  [Permission.RoomList]: [...VENDOR_STAFF, ...PARTNER_USERS],
  [Permission.RoomManage]: ADMIN,
  [Permission.ActivityRead]: [...VENDOR_STAFF, ...PARTNER_USERS],
};
