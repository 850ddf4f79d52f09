import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpportunityWorld, type OpportunityWorld } from '../../../test/support/opportunity-fixtures.ts';
import { createTestContext, engines, type TestContext } from '../../../test/support/test-app.ts';

type Missing = { stage: string; requirement: string; message: string };
type Readiness = { stage: string; missing: Missing[] }[];

/**
 * The gate panel asks for what the overview's readiness says a stage needs (SPEC §3): that must be
 * exactly what the stage move refuses without, and filling it in through the ordinary endpoints
 * must let the move through.
 */
describe.each(engines)('gate readiness and the stage move agree on %s', (engine) => {
  let t: TestContext;
  let w: OpportunityWorld;

  beforeAll(async () => {
    t = await createTestContext(engine);
    w = await createOpportunityWorld(t);
  });
  afterAll(() => t.close());

  it('refuses with the readiness’s own list, and moves once the listed fields are saved', async () => {
    const created = await w.seller.post('/api/v1/opportunities', {
      name: 'Gate panel deal',
      clientId: w.clientId,
      primaryContactId: null,
      stage: 'identify',
      decisionDate: '2027-06-30',
      lineItems: [{ description: 'Storage array', quantity: 2, decisionDate: null }],
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.data.id as number;
    const readinessOf = async () =>
      ((await w.seller.get(`/api/v1/opportunities/${id}/overview`)).data.readiness as Readiness).find(
        (item) => item.stage === 'propose',
      )?.missing;

    const before = await readinessOf();
    expect(before?.map((item) => item.requirement)).toEqual([
      'primary-contact',
      'line-item-with-amount',
      'open-lines-priced-and-dated',
    ]);
    const refused = await w.seller.post(`/api/v1/opportunities/${id}/stage`, { stage: 'propose' });
    expect(refused.statusCode).toBe(422);
    expect(refused.data.error.details.missing).toEqual(before);

    // What the panel saves: the primary BPContact, then the line's price and date.
    const withContact = await w.seller.patch(`/api/v1/opportunities/${id}`, {
      primaryContactId: w.contactId,
    });
    expect(withContact.statusCode, withContact.body).toBe(200);
    const line = (await w.seller.get(`/api/v1/opportunities/${id}/line-items`)).data.items[0];
    const priced = await w.seller.patch(`/api/v1/line-items/${line.id}`, { unitPriceMinor: 12_500_00 });
    expect(priced.statusCode, priced.body).toBe(200);
    // Half done: the readiness and the refusal still agree, on the date alone.
    const halfway = await readinessOf();
    expect(halfway?.map((item) => item.requirement)).toEqual(['open-lines-priced-and-dated']);
    const stillRefused = await w.seller.post(`/api/v1/opportunities/${id}/stage`, { stage: 'propose' });
    expect(stillRefused.data.error.details.missing).toEqual(halfway);

    const dated = await w.seller.patch(`/api/v1/line-items/${line.id}`, { decisionDate: '2027-05-31' });
    expect(dated.statusCode, dated.body).toBe(200);
    expect(await readinessOf()).toEqual([]);
    const moved = await w.seller.post(`/api/v1/opportunities/${id}/stage`, { stage: 'propose' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.data).toMatchObject({ stage: 'propose', amountMinor: 25_000_00 });
  });
});
