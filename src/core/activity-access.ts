import type { Principal } from './principal.ts';

/**
 * Who may change or delete an activity or note (SPEC §2, §5; our choice): the person who wrote it,
 * the person it is assigned to, a manager of either one's firm, or an admin. Seeing it follows the
 * record it is attached to (see src/server/access/visibility.ts); adding one is `canAddActivity`.
 */
export type ActivityAccessFacts = {
  createdBy: number;
  creatorFirmId: number;
  ownerId: number;
  ownerFirmId: number;
};

export function canChangeActivity(principal: Principal, facts: ActivityAccessFacts): boolean {
  switch (principal.role) {
    case 'admin':
      return true;
    case 'vendor-reviewer':
      return false;
    case 'manager':
      if (facts.creatorFirmId === principal.firmId || facts.ownerFirmId === principal.firmId) return true;
      break;
    case 'seller':
    case 'vendor-rep':
      break;
  }
  return facts.createdBy === principal.userId || facts.ownerId === principal.userId;
}

/** Only people who may work on a record (not read-only reviewers) can be given an activity on it. */
export function canOwnActivity(principal: Principal): boolean {
  return principal.role !== 'vendor-reviewer';
}
