import { describe, expect, it } from 'vitest';
import {
  canCreateFirmRecord,
  canDeleteFirmRecord,
  canEditFirmRecord,
  canSeeFirmRecord,
  isOpenOnlyThroughDeal,
} from './access.ts';
import type { Principal } from './principal.ts';
import type { Role } from './roles.ts';

function principal(role: Role, firmId: number): Principal {
  return {
    userId: 1,
    firmId,
    firmKind: role === 'seller' || role === 'manager' ? 'partner' : 'vendor',
    role,
    isFirmEligible: true,
    isFirmDistributor: false,
  };
}

const vendorFirm = 1;
const partnerFirm = 2;
const otherPartnerFirm = 3;
const ownRecord = { ownerFirmId: partnerFirm, ownerFirmKind: 'partner' } as const;
const otherRecord = { ownerFirmId: otherPartnerFirm, ownerFirmKind: 'partner' } as const;
const vendorRecord = { ownerFirmId: vendorFirm, ownerFirmKind: 'vendor' } as const;

describe('client and contact access (SPEC §2, §5)', () => {
  // role, firm, record → [see, edit, delete]
  const table: [
    Role,
    number,
    typeof ownRecord | typeof otherRecord | typeof vendorRecord,
    string,
    [boolean, boolean, boolean],
  ][] = [
    ['seller', partnerFirm, ownRecord, 'own firm', [true, true, false]],
    ['seller', partnerFirm, otherRecord, 'other partner', [false, false, false]],
    ['seller', partnerFirm, vendorRecord, 'vendor-registered', [true, false, false]],
    ['manager', partnerFirm, ownRecord, 'own firm', [true, true, true]],
    ['manager', partnerFirm, otherRecord, 'other partner', [false, false, false]],
    ['manager', partnerFirm, vendorRecord, 'vendor-registered', [true, false, false]],
    ['vendor-rep', vendorFirm, vendorRecord, 'vendor-registered', [true, true, true]],
    ['vendor-rep', vendorFirm, ownRecord, 'a partner’s', [false, false, false]],
    ['vendor-reviewer', vendorFirm, vendorRecord, 'vendor-registered', [true, false, false]],
    ['vendor-reviewer', vendorFirm, ownRecord, 'a partner’s', [false, false, false]],
    ['admin', vendorFirm, otherRecord, 'a partner’s', [true, true, true]],
  ];

  it.each(table)(
    '%s of firm %i and a %s record: see/edit/delete as the table says',
    (role, firmId, record, _label, expected) => {
      const caller = principal(role, firmId);
      expect([
        canSeeFirmRecord(caller, record),
        canEditFirmRecord(caller, record),
        canDeleteFirmRecord(caller, record),
      ]).toEqual(expected);
    },
  );

  it('lets every role but the vendor reviewer create clients and contacts', () => {
    expect(canCreateFirmRecord(principal('seller', partnerFirm))).toBe(true);
    expect(canCreateFirmRecord(principal('vendor-rep', vendorFirm))).toBe(true);
    expect(canCreateFirmRecord(principal('vendor-reviewer', vendorFirm))).toBe(false);
  });

  it('never lets anyone edit or delete what they cannot see, or open only as a deal’s client or contact', () => {
    for (const role of ['seller', 'manager', 'vendor-rep', 'vendor-reviewer', 'admin'] as const) {
      for (const firmId of [vendorFirm, partnerFirm, otherPartnerFirm]) {
        for (const record of [ownRecord, otherRecord, vendorRecord]) {
          const caller = principal(role, firmId);
          // SPEC §5: a record outside the firm rule is open only through a deal the caller sees.
          expect(isOpenOnlyThroughDeal(caller, record)).toBe(!canSeeFirmRecord(caller, record));
          if (isOpenOnlyThroughDeal(caller, record)) {
            expect(canEditFirmRecord(caller, record)).toBe(false);
            expect(canDeleteFirmRecord(caller, record)).toBe(false);
          }
        }
      }
    }
  });
});
