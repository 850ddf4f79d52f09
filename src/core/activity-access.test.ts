import { describe, expect, it } from 'vitest';
import { type ActivityAccessFacts, canChangeActivity, canOwnActivity } from './activity-access.ts';
import type { Principal } from './principal.ts';
import type { Role } from './roles.ts';

function principal(role: Role, userId: number, firmId: number): Principal {
  return {
    userId,
    firmId,
    firmKind: role === 'seller' || role === 'manager' ? 'partner' : 'vendor',
    role,
    isFirmEligible: true,
    isFirmDistributor: false,
  };
}

const partnerFirm = 2;
const otherFirm = 3;
const vendorFirm = 1;
// Written by user 10 of the partner, assigned to user 11 of the partner.
const facts: ActivityAccessFacts = {
  createdBy: 10,
  creatorFirmId: partnerFirm,
  ownerId: 11,
  ownerFirmId: partnerFirm,
};

describe('changing activities (SPEC §2, §5)', () => {
  it.each([
    ['its writer', principal('seller', 10, partnerFirm), true],
    ['its owner', principal('seller', 11, partnerFirm), true],
    ['a colleague', principal('seller', 12, partnerFirm), false],
    ['a manager of their firm', principal('manager', 13, partnerFirm), true],
    ['a manager of another firm', principal('manager', 14, otherFirm), false],
    ['a vendor rep', principal('vendor-rep', 15, vendorFirm), false],
    ['an admin', principal('admin', 16, vendorFirm), true],
  ] as const)('%s: %s', (_label, who, expected) => {
    expect(canChangeActivity(who, facts)).toBe(expected);
  });

  it('lets a manager of the owner’s firm change an activity a vendor rep assigned to their seller', () => {
    const assigned = { createdBy: 15, creatorFirmId: vendorFirm, ownerId: 11, ownerFirmId: partnerFirm };
    expect(canChangeActivity(principal('manager', 13, partnerFirm), assigned)).toBe(true);
    expect(canChangeActivity(principal('vendor-rep', 15, vendorFirm), assigned)).toBe(true);
  });

  it('never lets a vendor reviewer change or own one, even their own', () => {
    const own = { createdBy: 20, creatorFirmId: vendorFirm, ownerId: 20, ownerFirmId: vendorFirm };
    expect(canChangeActivity(principal('vendor-reviewer', 20, vendorFirm), own)).toBe(false);
    expect(canOwnActivity(principal('vendor-reviewer', 20, vendorFirm))).toBe(false);
    expect(canOwnActivity(principal('seller', 10, partnerFirm))).toBe(true);
  });
});
