import { describe, expect, it } from 'vitest';
import type { Opportunity } from '../../../../core/contract/opportunities.ts';
import { boardQueryOf, toBoardCard } from './board-cards.ts';

describe('the board’s query', () => {
  it('takes the list filters from the address and leaves out status and view-only parameters', () => {
    const params = new URLSearchParams('q=router&mine=true&status=won&cols=name&decisionFrom=2026-10-01&x=1');
    expect(boardQueryOf(params)).toEqual({ q: 'router', mine: 'true', decisionFrom: '2026-10-01' });
  });
});

describe('a list row as a board card', () => {
  const opportunity = {
    id: 7,
    number: 'OPP-2026-000007',
    name: 'Storage refresh',
    description: null,
    clientId: 3,
    clientName: 'Acme Corporation',
    primaryContactId: null,
    primaryContactName: null,
    ownerId: 5,
    ownerName: 'Marco Lindgren',
    ownerFirmId: 2,
    ownerFirmName: 'Brightpath Solutions',
    stage: 'qualify',
    stageLabel: '03 Qualify',
    stageEnteredAt: '2026-11-01T09:00:00.000Z',
    outcome: 'open',
    isClosed: false,
    decisionDate: '2026-12-15',
    currency: 'EUR',
    amountMinor: 1_000_00,
    probability: 40,
    weightedAmountMinor: 400_00,
    reportingCurrency: 'USD',
    amountReportingMinor: 1_080_00,
    weightedReportingMinor: 432_00,
    exchangeRate: '1.08',
    isRateFrozen: false,
    lineItemCount: 1,
    isAmountFromLineItems: true,
    origin: 'passed',
    partnerPrivate: false,
    canSetPartnerPrivate: false,
    canSetDealFirms: false,
    passStatus: 'accepted',
    passedBy: { id: 9, name: 'Rafael Ortiz' },
    passedAt: '2026-10-30T09:00:00.000Z',
    passNote: null,
    passDeclineReason: null,
    distributorFirmId: null,
    distributorFirmName: null,
    resellerFirmId: null,
    resellerFirmName: null,
    leadSource: null,
    competitor: null,
    closeReason: null,
    closeReasonId: null,
    closeReasonNote: null,
    closeNote: null,
    closedAt: null,
    nextStep: null,
    isStale: false,
    isFavorite: true,
    canEdit: true,
    canReopen: true,
    canPass: false,
    myTeamAccess: null,
    createdBy: null,
    createdAt: '2026-10-30T09:00:00.000Z',
    updatedAt: '2026-11-01T09:00:00.000Z',
    version: 4,
  } satisfies Opportunity;

  it('counts whole days in the stage and flags a passed deal as one that must reach a closing', () => {
    const card = toBoardCard(opportunity, new Date('2026-11-11T08:00:00.000Z'));
    expect(card).toMatchObject({
      id: 7,
      version: 4,
      daysInStage: 9,
      mustReachClosing: true,
      currency: 'EUR',
    });
    expect(card).not.toHaveProperty('description');
  });

  it('does not flag a partner’s own deal', () => {
    expect(toBoardCard({ ...opportunity, origin: 'partner' }, new Date()).mustReachClosing).toBe(false);
  });
});
