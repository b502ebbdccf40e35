import { Injectable } from '@nestjs/common';
import { AccessService } from '../access/access.service';
import { Permission } from '../access/permission';
import { isVendorRole, Role } from '../access/roles';
import { AuthUser } from '../auth/auth-user';
import { BadInputException } from '../http/errors';

/**
 * Who may create, invite or change a user of a given role and company: vendor-side users are managed by
 * admins; partner users by admins, the company's channel manager and the company's partner executive.
 */
@Injectable()
export class UserAccess {
  constructor(private readonly access: AccessService) {}

  async checkCanManage(auth: AuthUser, role: Role, companyId: string | null): Promise<void> {
    if (isVendorRole(role)) {
      if (companyId) {
        throw new BadInputException('Vendor users belong to no company', [
          { field: 'companyId', problem: 'must be absent for vendor roles' },
        ]);
      }
      this.access.requireRole(auth, Permission.VendorUserWrite);
      return;
    }
    if (!companyId) {
      throw new BadInputException('Partner users need a company', [
        { field: 'companyId', problem: 'is required for partner roles' },
      ]);
    }
    await this.access.requireCompany(auth, Permission.CompanyUserWrite, companyId);
  }
}
