import type { Principal } from './principal.ts';
import type { FirmKind } from './roles.ts';

/**
 * SPEC §5 for opportunities, as pure decisions. The server's SQL form of `canSeeOpportunity` is in
 * src/server/access/visibility.ts; a test holds the two to the same answers.
 */
export type TeamAccess = 'read' | 'edit';
export type PassStatus = 'pending' | 'accepted' | 'declined';

export type OpportunityAccessFacts = {
  ownerId: number;
  ownerFirmId: number;
  isPrivate: boolean;
  passStatus: PassStatus | null;
  isClosed: boolean;
  /** The caller's place on the sales team, if any. */
  membership: TeamAccess | null;
};

export function canCreateOpportunity(principal: Principal): boolean {
  switch (principal.role) {
    case 'seller':
    case 'manager':
      return principal.isFirmEligible;
    case 'vendor-rep':
      return true;
    case 'vendor-reviewer':
    case 'admin':
      return false;
  }
}

export function canSeeOpportunity(principal: Principal, facts: OpportunityAccessFacts): boolean {
  if (principal.role === 'admin' || facts.membership !== null) return true;
  switch (principal.role) {
    case 'seller':
      return facts.ownerId === principal.userId;
    case 'manager':
      return facts.ownerFirmId === principal.firmId;
    case 'vendor-rep':
    case 'vendor-reviewer':
      return !facts.isPrivate;
  }
}

/** Change fields, line items, team and contacts. Closed opportunities take only notes and activities. */
export function canEditOpportunity(principal: Principal, facts: OpportunityAccessFacts): boolean {
  if (!canSeeOpportunity(principal, facts)) return false;
  if (principal.role === 'vendor-reviewer') return false;
  if (principal.role === 'admin') return true;
  const isOwner = facts.ownerId === principal.userId;
  if (facts.passStatus === 'pending') {
    // Waiting in a partner's inbox: the partner accepts or declines it; only the vendor side edits it.
    return isOwner || (facts.membership === 'edit' && principal.firmKind === 'vendor');
  }
  if (isOwner || facts.membership === 'edit') return true;
  return principal.role === 'manager' && facts.ownerFirmId === principal.firmId;
}

/** SPEC §3: an owner or a manager of the owning firm reopens a closed opportunity. */
export function canReopenOpportunity(principal: Principal, facts: OpportunityAccessFacts): boolean {
  if (!canSeeOpportunity(principal, facts)) return false;
  if (principal.role === 'admin') return true;
  return (
    facts.ownerId === principal.userId ||
    (principal.role === 'manager' && facts.ownerFirmId === principal.firmId)
  );
}

/** Notes and activities: anyone who may see the record and is not a read-only reviewer. */
export function canAddActivity(principal: Principal, canSee: boolean): boolean {
  return canSee && principal.role !== 'vendor-reviewer';
}

/** SPEC §6: a manager of the receiving firm accepts or declines a pending pass. */
export function canAnswerPass(principal: Principal, facts: OpportunityAccessFacts): boolean {
  return (
    facts.passStatus === 'pending' &&
    ((principal.role === 'manager' && facts.ownerFirmId === principal.firmId) || principal.role === 'admin')
  );
}

/** SPEC §6: vendor reps pass the vendor's own opportunities they own (or may edit) to a partner. */
export function canPassOpportunity(principal: Principal, facts: OpportunityAccessFacts): boolean {
  if (principal.role !== 'vendor-rep' && principal.role !== 'admin') return false;
  if (facts.isClosed || facts.passStatus === 'pending' || facts.passStatus === 'accepted') return false;
  if (principal.role === 'admin') return true;
  // Only the vendor's own leads are passed: a partner's deal the rep co-sells on stays the partner's.
  if (facts.ownerFirmId !== principal.firmId) return false;
  return facts.ownerId === principal.userId || facts.membership === 'edit';
}

/** The firms a deal works with (SPEC §5): the one that owns it and the distributor and reseller it names. */
export type DealFirms = {
  ownerFirmId: number;
  distributorFirmId: number | null;
  resellerFirmId: number | null;
};

/** A person someone wants on a sales team. */
export type TeamCandidate = { firmId: number; firmKind: FirmKind; isActive: boolean };

/**
 * SPEC §5 "Who may be put on a sales team": active people of the owning firm, of the distributor or
 * reseller the deal names, and vendor staff (the people of the vendor firm). Nobody else, whoever
 * asks: the answer depends on the deal alone, never on the reach of the person adding them.
 */
export function mayJoinSalesTeam(candidate: TeamCandidate, deal: DealFirms): boolean {
  if (!candidate.isActive) return false;
  return candidate.firmKind === 'vendor' || teamFirmIds(deal).includes(candidate.firmId);
}

/** The firms whose people may join the deal's team, besides vendor staff (the same rule, for queries). */
export function teamFirmIds(deal: DealFirms): number[] {
  const ids = [deal.ownerFirmId, deal.distributorFirmId, deal.resellerFirmId];
  return [...new Set(ids.filter((id): id is number => id !== null))];
}

/**
 * When a deal's firms change (another distributor or reseller, a pass declined back to the vendor),
 * the firms whose people may no longer be on its team (vendor staff stay whatever happens).
 */
export function firmsLeavingTeam(before: DealFirms, after: DealFirms): number[] {
  const staying = teamFirmIds(after);
  return teamFirmIds(before).filter((firmId) => !staying.includes(firmId));
}

export type PartnerPrivateFacts = OpportunityAccessFacts & {
  /** Cleared once, it is never set again (SPEC §5). */
  wasPrivateCleared: boolean;
};

/**
 * SPEC §5 "Partner-private": the owning partner firm decides, through the deal's owner or a manager
 * of that firm, while they may change the deal. Team members of other firms (distributors,
 * resellers, vendor staff), colleagues without the owner's seat and administrators never do; on a
 * vendor's own lead nobody does (only a partner's deal is private).
 */
export function decidesPartnerPrivate(principal: Principal, facts: OpportunityAccessFacts): boolean {
  if (principal.firmKind !== 'partner' || principal.firmId !== facts.ownerFirmId) return false;
  const isOwnerSide = facts.ownerId === principal.userId || principal.role === 'manager';
  return isOwnerSide && canEditOpportunity(principal, facts);
}

/** What the UI offers: the caller may change the flag now (clear it, or set it if never cleared), on an open deal. */
export function canSetPartnerPrivate(principal: Principal, facts: PartnerPrivateFacts): boolean {
  return (
    decidesPartnerPrivate(principal, facts) &&
    !facts.isClosed &&
    (facts.isPrivate || !facts.wasPrivateCleared)
  );
}

/**
 * SPEC §5 "a team member never brings in a firm the owning firm does not work with": which
 * distributor and reseller a deal names is the owning firm's decision, through the deal's owner or
 * a manager of that firm, while they may change it. Team members of other firms (a distributor on
 * a reseller's deal, vendor staff), colleagues without the owner's seat and administrators never
 * do: the firms a deal names decide whose people may join its team and see it, and an
 * administrator, who creates no deals, is not party to that commercial choice either. On a vendor's
 * own lead the owning rep decides; a pass waiting in a partner's inbox is nobody's to re-staff.
 */
export function decidesDealFirms(principal: Principal, facts: OpportunityAccessFacts): boolean {
  if (principal.role === 'admin' || principal.firmId !== facts.ownerFirmId) return false;
  const isOwnerSide = facts.ownerId === principal.userId || principal.role === 'manager';
  return isOwnerSide && canEditOpportunity(principal, facts);
}

/** A firm a deal would name, as the naming rules need it (undefined when there is no such firm). */
export type NameableFirm = {
  id: number;
  kind: FirmKind;
  isDistributor: boolean;
  /** The distributor the firm records as the one it works with (SPEC §1). */
  distributorFirmId: number | null;
};

/** The firm that owns the deal. */
export type OwningFirm = { id: number; kind: FirmKind; isDistributor: boolean };

/**
 * SPEC §1, §5: a deal's distributor is a partner firm flagged as distributor, other than the firm
 * that owns the deal (our choice: any distributor, not only the one recorded on the owning firm,
 * which SPEC §1 offers as a default; the vendor's own leads record none).
 */
export function mayNameDistributor(owner: OwningFirm, firm: NameableFirm | undefined): boolean {
  return firm !== undefined && firm.kind === 'partner' && firm.isDistributor && firm.id !== owner.id;
}

/**
 * SPEC §1, §5: a distributor names the resellers it works with, the partner firms that record it as
 * their distributor; a reseller, the vendor or anyone else names no reseller. Naming a firm brings
 * its people within reach of the deal's team, so a firm is never named by someone it does not
 * work with.
 */
export function mayNameReseller(owner: OwningFirm, firm: NameableFirm | undefined): boolean {
  return (
    firm !== undefined &&
    owner.kind === 'partner' &&
    owner.isDistributor &&
    firm.kind === 'partner' &&
    firm.id !== owner.id &&
    firm.distributorFirmId === owner.id
  );
}

/** What a refused firm id is told, whatever the reason (unknown, not allowed), so ids cannot be probed. */
export const dealFirmRefusals = {
  distributorFirmId: 'must be a distributor firm this opportunity may name',
  resellerFirmId: 'must be a reseller that works with the distributor owning this opportunity',
} as const;
