import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpportunityWorld, type OpportunityWorld } from '../../../test/support/opportunity-fixtures.ts';
import { createTestContext, engines, type TestContext } from '../../../test/support/test-app.ts';

describe.each(engines)('opportunity defaults on %s', (engine) => {
  let t: TestContext;
  let w: OpportunityWorld;

  beforeAll(async () => {
    t = await createTestContext(engine);
    w = await createOpportunityWorld(t);
  });
  afterAll(() => t.close());

  it('starts empty, is set as a whole, and prefills only what a new opportunity leaves out', async () => {
    const empty = await w.seller.get('/api/v1/me/opportunity-defaults');
    expect(empty.data).toMatchObject({ currency: null, stage: null, team: [], version: 0 });
    const set = await w.seller.request('PUT', '/api/v1/me/opportunity-defaults', {
      currency: 'EUR',
      stage: 'validate',
      decisionDateDays: 45,
      partnerPrivate: true,
      distributorFirmId: w.distributor.id,
      leadSource: 'Webinar',
      team: [{ userId: w.colleague.id, role: 'Technical specialist', access: 'read' }],
      productId: w.productId,
    });
    expect(set.statusCode, set.body).toBe(200);
    expect(set.data.version).toBe(1);

    const prefilled = await w.seller.post('/api/v1/opportunities', {
      name: 'From defaults',
      contactId: w.contactId,
    });
    expect(prefilled.statusCode, prefilled.body).toBe(201);
    const expectedDate = new Date(Date.now() + 45 * 86_400_000).toISOString().slice(0, 10);
    expect(prefilled.data).toMatchObject({
      currency: 'EUR',
      stage: 'validate',
      partnerPrivate: true,
      distributorFirmId: w.distributor.id,
      leadSource: 'Webinar',
      clientId: w.clientId,
      primaryContactId: w.contactId,
      lineItemCount: 1,
    });
    expect(prefilled.data.decisionDate).toBe(expectedDate);
    const lines = await w.seller.get(`/api/v1/opportunities/${prefilled.data.id}/line-items`);
    expect(lines.data.items[0]).toMatchObject({ productId: w.productId });
    const team = await w.seller.get(`/api/v1/opportunities/${prefilled.data.id}/team`);
    expect(
      team.data.items.map((member: { userId: number; access: string }) => [member.userId, member.access]),
    ).toEqual([
      [w.seller.id, 'edit'],
      [w.colleague.id, 'read'],
    ]);

    const explicit = await w.seller.post('/api/v1/opportunities', {
      name: 'Explicit',
      clientId: w.clientId,
      currency: 'USD',
      stage: 'identify',
      partnerPrivate: false,
      distributorFirmId: null,
      team: [],
      lineItems: [],
    });
    expect(explicit.data).toMatchObject({
      currency: 'USD',
      stage: 'identify',
      partnerPrivate: false,
      distributorFirmId: null,
      lineItemCount: 0,
    });
    expect((await w.seller.get(`/api/v1/opportunities/${explicit.data.id}/team`)).data.items).toHaveLength(1);
  });

  it('checks the defaults it is given, naming the field, and refuses a stale version', async () => {
    const closing = await w.manager.request('PUT', '/api/v1/me/opportunity-defaults', { stage: 'lost' });
    expect(closing.statusCode).toBe(400);
    expect(closing.data.error.details.fields[0].field).toBe('stage');
    const notDistributor = await w.manager.request('PUT', '/api/v1/me/opportunity-defaults', {
      distributorFirmId: w.otherPartner.id,
    });
    expect(notDistributor.statusCode).toBe(422);
    expect(notDistributor.data.error.details.fields[0].field).toBe('distributorFirmId');
    const extra = await w.manager.request('PUT', '/api/v1/me/opportunity-defaults', { colour: 'blue' });
    expect(extra.statusCode).toBe(400);
    await w.manager.request('PUT', '/api/v1/me/opportunity-defaults', { currency: 'GBP' });
    const stale = await w.manager.request(
      'PUT',
      '/api/v1/me/opportunity-defaults',
      { currency: 'JPY' },
      { 'if-match': '"0"' },
    );
    expect(stale.statusCode).toBe(409);
    expect((await w.manager.get('/api/v1/me/opportunity-defaults')).data.currency).toBe('GBP');
  });

  it('offers the firm’s distributor when the user has set none', async () => {
    await t.database.db
      .updateTable('firms')
      .set({ distributor_firm_id: w.distributor.id })
      .where('id', '=', w.otherPartner.id)
      .execute();
    const created = await w.otherSeller.post('/api/v1/opportunities', {
      name: 'Firm default',
      clientId: w.clientId,
    });
    expect(created.data.distributorFirmId).toBe(w.distributor.id);
  });
});
