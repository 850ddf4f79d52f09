/** SPEC §1: the roles a user can hold. A distributor user is a seller or manager of a distributor firm. */
export const roles = ['seller', 'manager', 'vendor-rep', 'vendor-reviewer', 'admin'] as const;
export type Role = (typeof roles)[number];

export const firmKinds = ['vendor', 'partner'] as const;
export type FirmKind = (typeof firmKinds)[number];

/** Roles a user of each firm kind may hold (admins operate the installation from the vendor firm). */
export const rolesByFirmKind: Record<FirmKind, readonly Role[]> = {
  partner: ['seller', 'manager'],
  vendor: ['vendor-rep', 'vendor-reviewer', 'admin'],
};

export const roleLabels: Record<Role, string> = {
  seller: 'Seller',
  manager: 'Manager',
  'vendor-rep': 'Vendor rep',
  'vendor-reviewer': 'Vendor reviewer',
  admin: 'Administrator',
};

export function isPartnerRole(role: Role): boolean {
  return role === 'seller' || role === 'manager';
}

export function isVendorStaffRole(role: Role): boolean {
  return role === 'vendor-rep' || role === 'vendor-reviewer';
}

/**
 * SPEC §2, §6: who may own an opportunity. Partner sellers and managers own their firm's deals; a
 * vendor rep owns a vendor lead until a partner accepts it. Reviewers and administrators never do.
 */
export function mayOwnOpportunities(role: Role): boolean {
  return role === 'seller' || role === 'manager' || role === 'vendor-rep';
}

/**
 * When someone last signed in is for the people who look after accounts: an administrator, a
 * manager for the people of the manager's own firm, and each person for themself. Others who
 * work with them (a vendor rep, a distributor's seller) see who they are, not when they were last
 * here.
 */
export function maySeeSignInActivity(
  viewer: { userId: number; firmId: number; role: Role },
  subject: { id: number; firmId: number },
): boolean {
  if (viewer.role === 'admin' || viewer.userId === subject.id) return true;
  return viewer.role === 'manager' && viewer.firmId === subject.firmId;
}
