import { describe, expect, it } from 'vitest';
import { formatOpportunityNumber, opportunityNumberSequence } from './opportunity-number.ts';

describe('opportunity numbers (SPEC §2)', () => {
  it('reads OPP-<year>-<six digits>, wider only past a million', () => {
    expect(formatOpportunityNumber(2026, 123)).toBe('OPP-2026-000123');
    expect(formatOpportunityNumber(2027, 1)).toBe('OPP-2027-000001');
    expect(formatOpportunityNumber(2027, 1_234_567)).toBe('OPP-2027-1234567');
  });

  it('counts per UTC year', () => {
    expect(opportunityNumberSequence(new Date('2026-12-31T23:59:59Z'))).toBe('opportunity:2026');
    expect(opportunityNumberSequence(new Date('2027-01-01T00:00:00Z'))).toBe('opportunity:2027');
  });
});
