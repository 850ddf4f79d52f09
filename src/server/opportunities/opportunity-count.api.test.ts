import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpportunityWorld, type OpportunityWorld } from '../../../test/support/opportunity-fixtures.ts';
import {
  createTestContext,
  engines,
  type TestContext,
  type TestUser,
} from '../../../test/support/test-app.ts';
import { opportunityCountCap } from '../../core/contract/opportunities.ts';
import { loadStageCatalog } from '../stages/stage.repository.ts';
import { countVisibleOpportunities } from './opportunity.repository.ts';

/**
 * SPEC §8: the Opportunities list says how many deals match its view ("My open opportunities",
 * owner and client filters), exactly up to a cap and "at least" beyond, counting only what the
 * caller may see.
 */
describe.each(engines)('the opportunity list count and its owner and client filters on %s', (engine) => {
  let t: TestContext;
  let w: OpportunityWorld;
  let otherClientId: number;
  const ids: Record<string, number> = {};

  async function create(user: TestUser, key: string, body: Record<string, unknown>) {
    const response = await user.post('/api/v1/opportunities', { name: key, ...body });
    expect(response.statusCode, response.body).toBe(201);
    ids[key] = response.data.id;
  }

  async function list(user: TestUser, query: string) {
    const response = await user.get(`/api/v1/opportunities?includeCount=true&${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.data as {
      items: { id: number; name: string }[];
      nextCursor: string | null;
      count: number | null;
      isCountCapped: boolean;
    };
  }

  beforeAll(async () => {
    t = await createTestContext(engine);
    w = await createOpportunityWorld(t);
    otherClientId = (await w.vendorRep.post('/api/v1/clients', { name: 'Borealis Cloud Works' })).data.id;
    // The seller: three open deals at two clients and one lost; the colleague: two, one with the
    // seller on its team (which the seller then sees, but does not own).
    await create(w.seller, 'mine-acme-1', { clientId: w.clientId, decisionDate: '2031-03-01' });
    await create(w.seller, 'mine-acme-2', { clientId: w.clientId, decisionDate: '2031-01-15' });
    await create(w.seller, 'mine-borealis', { clientId: otherClientId, decisionDate: '2031-02-01' });
    await create(w.seller, 'mine-lost', { clientId: w.clientId });
    const lost = await w.seller.post(`/api/v1/opportunities/${ids['mine-lost']}/stage`, {
      stage: 'lost',
      competitor: 'Globex',
      note: 'went with the incumbent',
    });
    expect(lost.statusCode, lost.body).toBe(200);
    await create(w.colleague, 'colleague-team', {
      clientId: otherClientId,
      team: [{ userId: w.seller.id, access: 'read' }],
    });
    await create(w.colleague, 'colleague-alone', { clientId: w.clientId });
    // Another firm's deal, which nobody of the partner sees or counts.
    await create(w.otherSeller, 'other-firm', { clientId: w.clientId });
  });
  afterAll(() => t.close());

  it('counts "My open opportunities" exactly, soonest decision first', async () => {
    const page = await list(w.seller, 'mine=true&status=open&sort=decisionDate');
    expect(page.items.map((item) => item.name)).toEqual(['mine-acme-2', 'mine-borealis', 'mine-acme-1']);
    expect(page).toMatchObject({ count: 3, isCountCapped: false });
  });

  it('counts only what the caller may see, across every visibility branch', async () => {
    // The seller sees their four and the one they are on the team of; the manager the firm's six.
    expect(await list(w.seller, '')).toMatchObject({ count: 5, isCountCapped: false });
    expect(await list(w.manager, '')).toMatchObject({ count: 6, isCountCapped: false });
    expect(await list(w.otherSeller, '')).toMatchObject({ count: 1, isCountCapped: false });
    // Vendor staff see every deal that is not partner-private: all seven.
    expect(await list(w.reviewer, '')).toMatchObject({ count: 7, isCountCapped: false });
  });

  it('filters by owner and by client, and counts what the filters leave', async () => {
    const byOwner = await list(w.manager, `ownerId=${w.colleague.id}`);
    expect(byOwner.items.map((item) => item.name).sort()).toEqual(['colleague-alone', 'colleague-team']);
    expect(byOwner.count).toBe(2);

    const byClient = await list(w.manager, `clientId=${otherClientId}`);
    expect(byClient.items.map((item) => item.name).sort()).toEqual(['colleague-team', 'mine-borealis']);
    expect(byClient.count).toBe(2);

    const both = await list(w.manager, `ownerId=${w.seller.id}&clientId=${w.clientId}&status=open`);
    expect(both.items.map((item) => item.name).sort()).toEqual(['mine-acme-1', 'mine-acme-2']);
    expect(both.count).toBe(2);

    // A filter never widens what the caller may see: the other firm's seller's deal stays out.
    const otherOwner = await list(w.manager, `ownerId=${w.otherSeller.id}`);
    expect(otherOwner).toMatchObject({ items: [], count: 0, isCountCapped: false });
  });

  it('refuses an owner or client that is not an id, naming the field', async () => {
    for (const field of ['ownerId', 'clientId']) {
      const response = await w.seller.get(`/api/v1/opportunities?${field}=someone`);
      expect(response.statusCode).toBe(400);
      expect(JSON.stringify(response.data.error.details)).toContain(field);
    }
  });

  it('gives the count with the first page only; later pages are the same search read further', async () => {
    const first = await list(w.manager, 'limit=2');
    expect(first).toMatchObject({ count: 6, isCountCapped: false });
    expect(first.items).toHaveLength(2);
    const second = await list(w.manager, `limit=2&cursor=${first.nextCursor}`);
    expect(second).toMatchObject({ count: null, isCountCapped: false });
  });

  it('counts only when asked: screens that show no count do not pay for it', async () => {
    const response = await w.manager.get('/api/v1/opportunities');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.data).toMatchObject({ count: null, isCountCapped: false });
    expect(response.data.items).toHaveLength(6);
    const refused = await w.manager.get('/api/v1/opportunities?includeCount=maybe');
    expect(refused.statusCode).toBe(400);
    expect(JSON.stringify(refused.data.error.details)).toContain('includeCount');
  });

  it('counts a text search exactly what the list finds, for every reader', async () => {
    for (const user of [w.seller, w.manager, w.otherSeller, w.reviewer]) {
      for (const q of ['mine', 'acme', 'borealis', 'colleague team', 'nothing-like-this']) {
        const page = await list(user, `q=${encodeURIComponent(q)}&limit=100`);
        expect(page.count, `${q} as ${user.email}`).toBe(page.items.length);
      }
    }
    expect((await list(w.seller, 'q=mine')).count).toBe(4);
    expect((await list(w.manager, 'q=borealis')).count).toBe(2);
  });

  it('stops counting past the cap and says so', async () => {
    const catalog = await loadStageCatalog(t.database.db);
    const count = (cap: number) =>
      countVisibleOpportunities(t.database.db, w.manager.principal, {
        filter: {},
        catalog,
        now: new Date(),
        cap,
      });
    expect(await count(6)).toEqual({ count: 6, isCapped: false });
    expect(await count(5)).toEqual({ count: 5, isCapped: true });
    expect(await count(1)).toEqual({ count: 1, isCapped: true });
    // The seller's deals come from two branches (owned, on the team): the cap holds over their sum.
    const sellerCount = await countVisibleOpportunities(t.database.db, w.seller.principal, {
      filter: {},
      catalog,
      now: new Date(),
      cap: 4,
    });
    expect(sellerCount).toEqual({ count: 4, isCapped: true });
    expect(opportunityCountCap).toBe(10_000);
  });
});
