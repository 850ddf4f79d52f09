import type { Principal } from './principal.ts';
import type { FirmKind } from './roles.ts';

/**
 * Access decisions for clients and BPContacts (SPEC §2, §5). The server applies the same rules as a
 * SQL predicate in one repository helper (see src/server/access/visibility.ts); these pure forms
 * decide single-record actions and tell the UI what to offer.
 */
export type FirmOwnedRecord = {
  ownerFirmId: number;
  ownerFirmKind: FirmKind;
};

/** Clients and contacts registered by the vendor are visible to every firm; a partner's own stay its own. */
export function canSeeFirmRecord(principal: Principal, record: FirmOwnedRecord): boolean {
  if (principal.role === 'admin') return true;
  return record.ownerFirmKind === 'vendor' || record.ownerFirmId === principal.firmId;
}

/**
 * SPEC §5, related records of a visible deal: whoever may see an opportunity may also open its client
 * and the BPContacts linked to it, another firm's included (the server adds this as a branch of the
 * single-record read, since it depends on the deals; see src/server/access/visibility.ts). For a record
 * the caller has opened, whether that is their only way in. Then it is theirs to read and nothing
 * more: not to change or delete, not to add contacts, deals or notes to, not its history, and it never
 * shows in their lists, search or exports.
 */
export function isOpenOnlyThroughDeal(principal: Principal, record: FirmOwnedRecord): boolean {
  return !canSeeFirmRecord(principal, record);
}

export function canCreateFirmRecord(principal: Principal): boolean {
  switch (principal.role) {
    case 'admin':
    case 'seller':
    case 'manager':
    case 'vendor-rep':
      return true;
    case 'vendor-reviewer':
      return false;
  }
}

/** Users of the owning firm keep its records; vendor reviewers only ever read. */
export function canEditFirmRecord(principal: Principal, record: FirmOwnedRecord): boolean {
  if (principal.role === 'admin') return true;
  if (!canCreateFirmRecord(principal)) return false;
  return record.ownerFirmId === principal.firmId;
}

/** Deleting is for managers of the owning firm (vendor reps for the vendor's records) and admins (our choice). */
export function canDeleteFirmRecord(principal: Principal, record: FirmOwnedRecord): boolean {
  if (principal.role === 'admin') return true;
  if (record.ownerFirmId !== principal.firmId) return false;
  return principal.role === 'manager' || principal.role === 'vendor-rep';
}
