import { describe, expect, it } from 'vitest';
import type { OpportunityDefaults } from './contract/defaults.ts';
import { addDays, applyOpportunityDefaults } from './defaults.ts';

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
});
