import { describe, expect, it } from 'vitest';
import {
  decidesDealFirms,
  mayNameDistributor,
  mayNameReseller,
  type NameableFirm,
  type OpportunityAccessFacts,
  type OwningFirm,
} from './opportunity-access.ts';
import type { Principal } from './principal.ts';
import type { Role } from './roles.ts';

/*
 * SPEC §1, §5, by hand: distributor D; reseller R records D; reseller S records another distributor
 * E; partner X records none; the vendor V.
 */
const V: NameableFirm = { id: 1, kind: 'vendor', isDistributor: false, distributorFirmId: null };
const D: NameableFirm = { id: 2, kind: 'partner', isDistributor: true, distributorFirmId: null };
const E: NameableFirm = { id: 3, kind: 'partner', isDistributor: true, distributorFirmId: null };
const R: NameableFirm = { id: 4, kind: 'partner', isDistributor: false, distributorFirmId: D.id };
const S: NameableFirm = { id: 5, kind: 'partner', isDistributor: false, distributorFirmId: E.id };
const X: NameableFirm = { id: 6, kind: 'partner', isDistributor: false, distributorFirmId: null };
const owner = (firm: NameableFirm): OwningFirm => ({
  id: firm.id,
  kind: firm.kind,
  isDistributor: firm.isDistributor,
});

describe('mayNameDistributor (SPEC §1, §5)', () => {
  const cases: [string, NameableFirm, NameableFirm | undefined, boolean][] = [
    ['a reseller names its distributor', R, D, true],
    ['a reseller names another distributor', R, E, true],
    ['a partner names a distributor it does not record', X, D, true],
    ['the vendor names a distributor on its lead', V, D, true],
    ['a distributor names another distributor', D, E, true],
    ['a distributor never names itself', D, D, false],
    ['a reseller is no distributor', X, R, false],
    ['the vendor is no distributor', X, V, false],
    ['a partner does not name itself', X, X, false],
    ['an unknown firm', X, undefined, false],
  ];
  it.each(cases)('%s', (_, owning, firm, expected) => {
    expect(mayNameDistributor(owner(owning), firm)).toBe(expected);
  });
});

describe('mayNameReseller (SPEC §1, §5)', () => {
  const cases: [string, NameableFirm, NameableFirm | undefined, boolean][] = [
    ['a distributor names a reseller that records it', D, R, true],
    ['a distributor does not name a reseller of another distributor', D, S, false],
    ['a distributor does not name a partner that records none', D, X, false],
    ['a distributor does not name itself', D, D, false],
    ['a distributor does not name the vendor', D, V, false],
    ['a reseller names nobody, not even its distributor', R, D, false],
    ['a reseller names nobody, not even a fellow reseller of its distributor', R, R, false],
    ['a partner names nobody', X, R, false],
    ['the vendor names no reseller', V, R, false],
    ['an unknown firm', D, undefined, false],
  ];
  it.each(cases)('%s', (_, owning, firm, expected) => {
    expect(mayNameReseller(owner(owning), firm)).toBe(expected);
  });
});

describe('decidesDealFirms (SPEC §5: the owning firm, through the owner or a manager)', () => {
  const ownerFirmId = R.id;
  function principal(role: Role, firmId: number, userId: number): Principal {
    return {
      userId,
      firmId,
      firmKind: firmId === V.id ? 'vendor' : 'partner',
      role,
      isFirmEligible: true,
      isFirmDistributor: firmId === D.id,
    };
  }
  const deal = (membership: OpportunityAccessFacts['membership'] = null): OpportunityAccessFacts => ({
    ownerId: 10,
    ownerFirmId,
    isPrivate: true,
    passStatus: null,
    isClosed: false,
    membership,
  });
  const cases: [string, Principal, OpportunityAccessFacts, boolean][] = [
    ['the owner', principal('seller', R.id, 10), deal('edit'), true],
    ['a manager of the owning firm', principal('manager', R.id, 11), deal(), true],
    ['a colleague with an edit seat', principal('seller', R.id, 12), deal('edit'), false],
    ['a distributor with an edit seat', principal('seller', D.id, 13), deal('edit'), false],
    ['a distributor manager with an edit seat', principal('manager', D.id, 14), deal('edit'), false],
    ['a vendor rep with an edit seat', principal('vendor-rep', V.id, 15), deal('edit'), false],
    ['an administrator', principal('admin', V.id, 16), deal(), false],
    ['a manager of another firm', principal('manager', X.id, 17), deal(), false],
    [
      'the rep who owns the vendor lead',
      principal('vendor-rep', V.id, 18),
      { ...deal('edit'), ownerId: 18, ownerFirmId: V.id, isPrivate: false },
      true,
    ],
    [
      'nobody on a pass waiting in the inbox, not the rep',
      principal('vendor-rep', V.id, 18),
      { ...deal('edit'), ownerId: 18, passStatus: 'pending', isPrivate: false },
      false,
    ],
    [
      'nor the receiving manager',
      principal('manager', R.id, 11),
      { ...deal(), ownerId: 18, passStatus: 'pending', isPrivate: false },
      false,
    ],
  ];
  it.each(cases)('%s', (_, who, facts, expected) => {
    expect(decidesDealFirms(who, facts)).toBe(expected);
  });
});
