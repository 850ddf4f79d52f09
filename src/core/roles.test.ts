import { describe, expect, it } from 'vitest';
import { mayOwnOpportunities, type Role } from './roles.ts';

describe('who may own an opportunity', () => {
  it('is sellers, managers and vendor reps, never reviewers or administrators', () => {
    const owners: Role[] = ['seller', 'manager', 'vendor-rep'];
    const others: Role[] = ['vendor-reviewer', 'admin'];
    for (const role of owners) expect(mayOwnOpportunities(role)).toBe(true);
    for (const role of others) expect(mayOwnOpportunities(role)).toBe(false);
  });
});
