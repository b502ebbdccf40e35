import { planPolicy } from '../../core/access/policies/plan.policy';
import { OWNER, PARTNER_USERS, VENDOR_STAFF } from '../../core/access/relation';
import { policyRoles } from './entity-threads';

describe('policyRoles', () => {
  it('turns a policy’s relations into the roles SQL checks', () => {
    expect(policyRoles(planPolicy.read)).toEqual({
      vendor: "'admin', 'channel_manager', 'vendor_member'",
      partner: "'partner_executive', 'partner_manager'",
    });
    expect(policyRoles([...VENDOR_STAFF, ...PARTNER_USERS]).partner).toBe(
      "'partner_executive', 'partner_manager', 'partner_member'",
    );
  });

  it('matches nobody for an empty list, and refuses an owners-only rule it cannot state', () => {
    expect(policyRoles([])).toEqual({ vendor: 'NULL', partner: 'NULL' });
    expect(() => policyRoles(OWNER)).toThrow(/channel_manager/);
  });
});
