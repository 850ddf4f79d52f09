import { describe, expect, it } from 'vitest';
import type { OpportunityDefaults } from './contract/defaults.ts';
import { addDays, applyOpportunityDefaults, defaultDecisionDate, defaultDecisionDays } from './defaults.ts';

const defaults: OpportunityDefaults = {
  currency: 'EUR',
  stage: 'validate',
  decisionDateDays: 30,
  partnerPrivate: true,
  distributorFirmId: 7,
  resellerFirmId: null,
  leadSource: 'Trade show',
  team: [{ userId: 4, role: 'Technical specialist', access: 'read' }],
  productId: 11,
  version: 3,
};

describe('opportunity defaults (SPEC §7)', () => {
  it('fills only what the caller left out', () => {
    const result = applyOpportunityDefaults(
      { name: 'Deal', currency: 'USD', partnerPrivate: false },
      defaults,
      {
        today: '2026-11-26',
        firmDistributorId: null,
      },
    );
    expect(result).toMatchObject({
      name: 'Deal',
      currency: 'USD',
      partnerPrivate: false,
      stage: 'validate',
      decisionDate: '2026-12-26',
      distributorFirmId: 7,
      leadSource: 'Trade show',
      team: [{ userId: 4, role: 'Technical specialist', access: 'read' }],
      lineItems: [{ productId: 11 }],
    });
  });

  it('keeps an explicit null and an explicit team, and sets the product on the first line only when it has none', () => {
    const result = applyOpportunityDefaults(
      {
        name: 'Deal',
        distributorFirmId: null,
        team: [],
        lineItems: [{ description: 'Consulting' }, { description: 'More' }],
      },
      defaults,
      { today: '2026-11-26', firmDistributorId: 9 },
    );
    expect(result.distributorFirmId).toBeNull();
    expect(result.team).toEqual([]);
    expect(result.lineItems).toEqual([{ description: 'Consulting', productId: 11 }, { description: 'More' }]);
  });

  it('leaves an explicit estimated amount without the default product line', () => {
    const result = applyOpportunityDefaults({ name: 'Estimate', amountMinor: 5000 }, defaults, {
      today: '2026-11-26',
      firmDistributorId: null,
    });
    expect(result.lineItems).toBeUndefined();
    expect(result.amountMinor).toBe(5000);
  });

  it('offers the firm’s distributor when the user has no default', () => {
    expect(
      applyOpportunityDefaults({ name: 'Deal' }, null, { today: '2026-11-26', firmDistributorId: 9 })
        .distributorFirmId,
    ).toBe(9);
  });

  it('adds days across month and year ends', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
  });

  it('gives a decision date 90 days out when neither the caller nor the defaults give one', () => {
    expect(defaultDecisionDays).toBe(90);
    expect(defaultDecisionDate('2026-11-26', null)).toBe('2027-02-24');
    expect(defaultDecisionDate('2026-11-26', { decisionDateDays: null })).toBe('2027-02-24');
    expect(defaultDecisionDate('2026-11-26', { decisionDateDays: 30 })).toBe('2026-12-26');
    expect(defaultDecisionDate('2026-11-26', { decisionDateDays: 0 })).toBe('2026-11-26');
    const context = { today: '2026-11-26', firmDistributorId: null };
    expect(applyOpportunityDefaults({ name: 'Deal' }, null, context).decisionDate).toBe('2027-02-24');
    expect(
      applyOpportunityDefaults({ name: 'Deal' }, { ...defaults, decisionDateDays: null }, context)
        .decisionDate,
    ).toBe('2027-02-24');
    expect(
      applyOpportunityDefaults({ name: 'Deal', decisionDate: '2027-06-30' }, defaults, context).decisionDate,
    ).toBe('2027-06-30');
  });
});
