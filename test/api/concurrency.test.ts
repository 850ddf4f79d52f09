import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpportunityWorld, type OpportunityWorld } from '../support/opportunity-fixtures.ts';
import { createTestContext, engines, type TestContext } from '../support/test-app.ts';

/** No update is ever lost: concurrent writers on both engines. */
describe.each(engines)('concurrent writers on %s', (engine) => {
  let t: TestContext;
  let w: OpportunityWorld;

  beforeAll(async () => {
    t = await createTestContext(engine);
    w = await createOpportunityWorld(t);
  });
  afterAll(() => t.close());

  it('lets exactly one of 20 concurrent edits carrying the same ETag win', async () => {
    const created = await w.seller.post('/api/v1/opportunities', {
      name: 'Contended deal',
      clientId: w.clientId,
    });
    const etag = created.headers.etag as string;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        (index % 2 ? w.manager : w.seller).patch(
          `/api/v1/opportunities/${created.data.id}`,
          { nextStep: `writer ${index}` },
          { 'if-match': etag },
        ),
      ),
    );
    const winners = results.filter((result) => result.statusCode === 200);
    expect(winners).toHaveLength(1);
    expect(results.filter((result) => result.statusCode === 409)).toHaveLength(19);
    const final = await w.seller.get(`/api/v1/opportunities/${created.data.id}`);
    expect(final.data.nextStep).toBe(winners[0]?.data.nextStep);
    expect(final.data.version).toBe(2);
  });

  it('does the same for clients and line items', async () => {
    const client = await w.seller.post('/api/v1/clients', { name: 'Contended client' });
    const clientResults = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        w.seller.patch(
          `/api/v1/clients/${client.data.id}`,
          { city: `City ${index}` },
          { 'if-match': client.headers.etag as string },
        ),
      ),
    );
    expect(clientResults.filter((result) => result.statusCode === 200)).toHaveLength(1);
    const deal = await w.seller.post('/api/v1/opportunities', {
      name: 'Lines',
      clientId: w.clientId,
      lineItems: [{ description: 'A', unitPriceMinor: 100 }],
    });
    const line = (await w.seller.get(`/api/v1/opportunities/${deal.data.id}/line-items`)).data.items[0];
    const lineResults = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        w.seller.patch(
          `/api/v1/line-items/${line.id}`,
          { unitPriceMinor: 1000 + index },
          { 'if-match': `"${line.version}"` },
        ),
      ),
    );
    expect(lineResults.filter((result) => result.statusCode === 200)).toHaveLength(1);
    const final = (await w.seller.get(`/api/v1/opportunities/${deal.data.id}`)).data;
    const lines = (await w.seller.get(`/api/v1/opportunities/${deal.data.id}/line-items`)).data.items;
    expect(final.amountMinor).toBe(lines[0].amountMinor);
  });

  it('gives 50 concurrent creations 50 distinct numbers', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        (index % 2 ? w.manager : w.seller).post('/api/v1/opportunities', {
          name: `Rush ${index}`,
          clientId: w.clientId,
        }),
      ),
    );
    expect(results.map((result) => result.statusCode).every((status) => status === 201)).toBe(true);
    expect(new Set(results.map((result) => result.data.number)).size).toBe(50);
  });

  it('keeps totals and history consistent when stage moves and line-item changes race', async () => {
    const deal = await w.seller.post('/api/v1/opportunities', {
      name: 'Racing deal',
      contactId: w.contactId,
      lineItems: [{ description: 'A', unitPriceMinor: 1_000 }],
    });
    const id = deal.data.id;
    await Promise.all([
      ...Array.from({ length: 8 }, (_, index) =>
        w.seller.post(`/api/v1/opportunities/${id}/line-items`, {
          description: `L${index}`,
          unitPriceMinor: 100 * (index + 1),
        }),
      ),
      w.seller.post(`/api/v1/opportunities/${id}/stage`, { stage: 'qualify' }),
      w.seller.post(`/api/v1/opportunities/${id}/stage`, { stage: 'propose' }),
      w.manager.patch(`/api/v1/opportunities/${id}`, { decisionDate: '2027-09-30' }),
      w.manager.patch(`/api/v1/opportunities/${id}`, { probability: 55 }),
    ]);
    const final = (await w.seller.get(`/api/v1/opportunities/${id}`)).data;
    const lines = (await w.seller.get(`/api/v1/opportunities/${id}/line-items`)).data.items as {
      amountMinor: number;
      outcome: string;
    }[];
    const history = (await w.seller.get(`/api/v1/opportunities/${id}/history`)).data.items as {
      fromStage: string;
      toStage: string;
    }[];
    expect(final.amountMinor).toBe(
      lines.filter((line) => line.outcome !== 'lost').reduce((sum, line) => sum + line.amountMinor, 0),
    );
    expect(final.lineItemCount).toBe(lines.length);
    for (let index = 1; index < history.length; index += 1)
      expect(history[index]?.fromStage).toBe(history[index - 1]?.toStage);
    expect(history.at(-1)?.toStage).toBe(final.stage);
  });
});
