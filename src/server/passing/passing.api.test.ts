import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpportunityWorld, type OpportunityWorld } from '../../../test/support/opportunity-fixtures.ts';
import { createTestContext, engines, type TestContext } from '../../../test/support/test-app.ts';

describe.each(engines)('passed opportunities on %s', (engine) => {
  let t: TestContext;
  let w: OpportunityWorld;

  beforeAll(async () => {
    t = await createTestContext(engine);
    w = await createOpportunityWorld(t);
  });
  afterAll(() => t.close());

  async function passedOpportunity(name: string) {
    const created = await w.vendorRep.post('/api/v1/opportunities', {
      name,
      clientId: w.clientId,
      amountMinor: 25_000_00,
    });
    expect(created.statusCode).toBe(201);
    const passed = await w.vendorRep.post(`/api/v1/opportunities/${created.data.id}/pass`, {
      firmId: w.partner.id,
      note: 'Hot lead',
    });
    expect(passed.statusCode, passed.body).toBe(200);
    return passed.data;
  }

  it('reaches the partner’s inbox as pending, for its managers, and is accepted with an owner', async () => {
    const opportunity = await passedOpportunity('Passed lead');
    expect(opportunity).toMatchObject({
      passStatus: 'pending',
      ownerFirmId: w.partner.id,
      origin: 'passed',
      passedBy: { id: w.vendorRep.id },
    });
    const inbox = await w.manager.get('/api/v1/opportunities?passStatus=pending');
    expect(inbox.data.items.map((item: { id: number }) => item.id)).toContain(opportunity.id);
    expect((await w.seller.get(`/api/v1/opportunities/${opportunity.id}`)).statusCode).toBe(404);
    expect((await w.otherManager.get('/api/v1/opportunities?passStatus=pending')).data.items).toEqual([]);
    const pendingEdit = await w.manager.patch(`/api/v1/opportunities/${opportunity.id}`, { nextStep: 'x' });
    expect(pendingEdit.statusCode).toBe(403);
    expect(
      (await w.seller.post(`/api/v1/opportunities/${opportunity.id}/accept`, { ownerId: w.seller.id }))
        .statusCode,
    ).toBe(404);
    const wrongOwner = await w.manager.post(`/api/v1/opportunities/${opportunity.id}/accept`, {
      ownerId: w.otherSeller.id,
    });
    expect(wrongOwner.statusCode).toBe(400);
    expect(wrongOwner.data.error.details.fields[0].field).toBe('ownerId');
    const accepted = await w.manager.post(`/api/v1/opportunities/${opportunity.id}/accept`, {
      ownerId: w.seller.id,
    });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.data).toMatchObject({
      passStatus: 'accepted',
      ownerId: w.seller.id,
      ownerFirmId: w.partner.id,
    });
    const asOwner = await w.seller.patch(`/api/v1/opportunities/${opportunity.id}`, {
      nextStep: 'Call the client',
    });
    expect(asOwner.statusCode).toBe(200);
    const team = await w.seller.get(`/api/v1/opportunities/${opportunity.id}/team`);
    expect(team.data.items.map((member: { userId: number }) => member.userId).sort()).toEqual(
      [w.seller.id, w.vendorRep.id].sort(),
    );
    expect((await w.vendorRep.get(`/api/v1/opportunities/${opportunity.id}`)).statusCode).toBe(200);
    expect(
      (await w.manager.post(`/api/v1/opportunities/${opportunity.id}/accept`, { ownerId: w.seller.id }))
        .statusCode,
    ).toBe(403);
    const notified = await t.database.db
      .selectFrom('notifications')
      .select(['user_id', 'kind'])
      .where('opportunity_id', '=', opportunity.id)
      .execute();
    expect(notified).toEqual(
      expect.arrayContaining([
        { user_id: w.manager.id, kind: 'pass-received' },
        { user_id: w.vendorRep.id, kind: 'pass-accepted' },
      ]),
    );
  });

  it('is declined with a reason and returns to the vendor rep, who may pass it elsewhere', async () => {
    const opportunity = await passedOpportunity('Declined lead');
    expect((await w.manager.post(`/api/v1/opportunities/${opportunity.id}/decline`, {})).statusCode).toBe(
      400,
    );
    const declined = await w.manager.post(`/api/v1/opportunities/${opportunity.id}/decline`, {
      reason: 'Not our territory',
    });
    expect(declined.statusCode).toBe(200);
    expect(declined.data).toMatchObject({
      passStatus: 'declined',
      passDeclineReason: 'Not our territory',
      ownerFirmId: w.vendor.id,
    });
    expect((await w.manager.get(`/api/v1/opportunities/${opportunity.id}`)).statusCode).toBe(404);
    const back = await w.vendorRep.get(`/api/v1/opportunities/${opportunity.id}`);
    expect(back.data.ownerId).toBe(w.vendorRep.id);
    const again = await w.vendorRep.post(`/api/v1/opportunities/${opportunity.id}/pass`, {
      firmId: w.otherPartner.id,
    });
    expect(again.statusCode).toBe(200);
    expect((await w.otherManager.get('/api/v1/opportunities?passStatus=pending')).data.items).toHaveLength(1);
  });

  it('passes only to eligible partner firms, and only by vendor reps', async () => {
    const created = await w.vendorRep.post('/api/v1/opportunities', { name: 'Lead', clientId: w.clientId });
    const lapsed = await t.firm({ eligible: false });
    const refused = await w.vendorRep.post(`/api/v1/opportunities/${created.data.id}/pass`, {
      firmId: lapsed.id,
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.data.error.details.fields[0].field).toBe('firmId');
    expect(
      (await w.vendorRep.post(`/api/v1/opportunities/${created.data.id}/pass`, { firmId: w.vendor.id }))
        .statusCode,
    ).toBe(400);
    const own = await w.seller.post('/api/v1/opportunities', { name: 'Mine', clientId: w.clientId });
    expect(
      (await w.seller.post(`/api/v1/opportunities/${own.data.id}/pass`, { firmId: w.otherPartner.id }))
        .statusCode,
    ).toBe(403);
    expect(
      (await w.reviewer.post(`/api/v1/opportunities/${created.data.id}/pass`, { firmId: w.partner.id }))
        .statusCode,
    ).toBe(403);
  });
});
