import { Permission } from '../permission';
import { Role } from '../roles';

const VENDOR: readonly Role[] = ['admin', 'channel_manager', 'vendor_member'];

/** Actions that are not about one company: allowed roles. */
export const workspacePolicy: Partial<Record<Permission, readonly Role[]>> = {
  [Permission.WorkspaceUpdate]: ['admin'],
  [Permission.CompanyList]: VENDOR,
  [Permission.CompanyCreate]: ['admin'],
  [Permission.PartnerGroupRead]: VENDOR,
  [Permission.PartnerGroupWrite]: ['admin'],
  [Permission.UserList]: ['admin', 'channel_manager', 'partner_executive'],
  [Permission.VendorUserWrite]: ['admin'],
};
