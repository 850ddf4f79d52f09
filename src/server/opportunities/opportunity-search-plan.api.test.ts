import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpportunityWorld, type OpportunityWorld } from '../../../test/support/opportunity-fixtures.ts';
import { createTestContext, type TestContext } from '../../../test/support/test-app.ts';
import { opportunityVisibilityBranches } from '../access/visibility.ts';
import { countSearchMatches, shouldProbeCount, shouldProbeSearch } from '../search/search-dialect.ts';
import { loadStageCatalog } from '../stages/stage.repository.ts';
import { opportunityFilterPredicate } from './opportunity.repository.ts';

/**
 * On SQLite a basic search either starts from the full-text matches or walks the list's index and
 * tests each deal against them (common words). Both plans must find exactly the same deals.
 */
describe('basic search plans on sqlite', () => {
  let t: TestContext;
  let world: OpportunityWorld;

  beforeAll(async () => {
    t = await createTestContext('sqlite');
    world = await createOpportunityWorld(t);
    const other = await world.vendorRep.post('/api/v1/clients', { name: 'Borealis Cloud Works' });
    for (const [index, name] of ['Cloud migration', 'Storage refresh', 'Cloud backup', 'Network'].entries()) {
      const response = await world.seller.post('/api/v1/opportunities', {
        name,
        clientId: index % 2 === 0 ? world.clientId : other.data.id,
        amountMinor: 1000 * (index + 1),
      });
      expect(response.statusCode).toBe(201);
    }
  });
  afterAll(() => t.close());

  it('find the same deals whichever plan is taken', async () => {
    const catalog = await loadStageCatalog(t.database.db);
    for (const q of ['cloud', 'acme', 'borealis works', 'storage', 'nothing-like-this']) {
      const idsWith = async (probeSearch: boolean) => {
        const predicate = opportunityFilterPredicate(
          { q },
          { principal: world.manager.principal, kind: 'sqlite', catalog, now: new Date(), probeSearch },
        );
        const [branch] = opportunityVisibilityBranches(world.manager.principal);
        const rows = await t.database.db
          .selectFrom('opportunities')
          .select('opportunities.id')
          .where(branch!)
          .where(predicate)
          .orderBy('opportunities.id')
          .execute();
        return rows.map((row) => row.id);
      };
      const probed = await idsWith(true);
      expect(probed).toEqual(await idsWith(false));
      if (q === 'cloud') expect(probed.length).toBe(4);
      if (q === 'nothing-like-this') expect(probed).toEqual([]);
    }
  });

  it('counts full-text matches up to a cap', async () => {
    expect(await countSearchMatches(t.database.db, 'opportunities', 'cloud')).toBe(2);
    expect(await countSearchMatches(t.database.db, 'clients', 'cloud', 1)).toBe(1);
    expect(await countSearchMatches(t.database.db, 'opportunities', '%%')).toBe(0);
  });

  it('probes only when the matches are too many to start from', () => {
    // 50 rows a page over a million deals: starting from 5,000 matches beats walking 10,000 rows.
    expect(shouldProbeSearch(5_000, 1_000_000, 50)).toBe(false);
    expect(shouldProbeSearch(100_000, 1_000_000, 50)).toBe(true);
    expect(shouldProbeSearch(0, 0, 50)).toBe(false);
  });

  it('counts by testing a branch smaller than the matches, else by starting from the matches', () => {
    // A seller's 9,500 deals against 83,000 candidates of a million: test the seller's deals.
    expect(shouldProbeCount(83_000, 9_500, 1_000_000, 10_000)).toBe(true);
    // A vendor's branch holds at least as many rows as the matches: start from the 20,000 matches...
    expect(shouldProbeCount(20_000, 20_000, 1_000_000, 10_000)).toBe(false);
    // ...unless they are so dense that the cap is reached after a few rows of the branch.
    expect(shouldProbeCount(300_000, 300_000, 1_000_000, 10_000)).toBe(true);
    expect(shouldProbeCount(0, 0, 0, 10_000)).toBe(false);
  });
});
