import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpportunityWorld, type OpportunityWorld } from '../../../test/support/opportunity-fixtures.ts';
import { createTestContext, engines, type TestContext } from '../../../test/support/test-app.ts';

/**
 * SPEC §9.1: a change sent with a stale If-Match is refused with one 409 `VERSION_CONFLICT` per
 * record type, its message and details as each has answered so far, and writes nothing. The
 * checks run after the 404 and 403 (who may not see or change a record never learns its version).
 */
describe.each(engines)('a stale If-Match on every record type on %s', (engine) => {
  let t: TestContext;
  let w: OpportunityWorld;
  const stale = { 'if-match': '"99"' };

  beforeAll(async () => {
    t = await createTestContext(engine);
    w = await createOpportunityWorld(t);
  });
  afterAll(() => t.close());

  async function newOpportunity(name: string) {
    const response = await w.seller.post('/api/v1/opportunities', { name, clientId: w.clientId });
    expect(response.statusCode, response.body).toBe(201);
    return response.data as { id: number; version: number };
  }

  it('opportunity: a change, a move and a delete each answer their 409; the deal stays as it was', async () => {
    const opportunity = await newOpportunity('Stale everywhere');
    const url = `/api/v1/opportunities/${opportunity.id}`;

    const change = await w.seller.patch(url, { nextStep: 'lost' }, stale);
    expect(change.statusCode).toBe(409);
    expect(change.data.error).toMatchObject({
      code: 'VERSION_CONFLICT',
      message:
        'The opportunity was changed by someone else since you loaded it; nothing was saved. Reload to see the change.',
      details: { currentVersion: 1, current: { id: opportunity.id, version: 1 } },
    });

    const move = await w.seller.request('POST', `${url}/stage`, { stage: 'qualify' }, stale);
    expect(move.statusCode).toBe(409);
    expect(move.data.error).toMatchObject({
      code: 'VERSION_CONFLICT',
      message: 'The opportunity was changed by someone else; reload and try again',
      details: { currentVersion: 1, current: { id: opportunity.id, stage: 'identify' } },
    });

    const remove = await w.seller.delete(url, stale);
    expect(remove.statusCode).toBe(409);
    expect(remove.data.error).toEqual({
      code: 'VERSION_CONFLICT',
      message: 'The opportunity was changed by someone else; nothing was deleted',
      details: { currentVersion: 1 },
    });

    // Access comes first: who may not move or delete it is refused, whatever the version says.
    expect((await w.reviewer.request('POST', `${url}/stage`, { stage: 'qualify' }, stale)).statusCode).toBe(
      403,
    );
    expect((await w.colleague.delete(url, stale)).statusCode).toBe(404);
    expect((await w.seller.get(url)).data).toMatchObject({ version: 1, stage: 'identify', nextStep: null });
  });

  it('sales team: 409 with the deal’s version; BPContacts: 400 naming If-Match', async () => {
    const opportunity = await newOpportunity('Stale team');
    const url = `/api/v1/opportunities/${opportunity.id}`;
    const team = await w.seller.request(
      'PUT',
      `${url}/team`,
      [{ userId: w.colleague.id, access: 'read' }],
      stale,
    );
    expect(team.statusCode).toBe(409);
    expect(team.data.error).toEqual({
      code: 'VERSION_CONFLICT',
      message: 'The opportunity was changed by someone else; reload and try again',
      details: { currentVersion: 1 },
    });
    const contacts = await w.seller.request(
      'PUT',
      `${url}/contacts`,
      [{ contactId: w.contactId, isPrimary: true }],
      stale,
    );
    expect(contacts.statusCode).toBe(400);
    expect(contacts.data.error.details.fields).toEqual([
      { field: 'If-Match', message: 'is stale; reload the opportunity' },
    ]);
    expect((await w.seller.get(`${url}/team`)).data.items).toHaveLength(1);
    expect((await w.seller.get(url)).data.version).toBe(1);
  });

  it('line item: 409 with the line as it is now, for a change and a delete', async () => {
    const opportunity = await newOpportunity('Stale line');
    const added = await w.seller.post(`/api/v1/opportunities/${opportunity.id}/line-items`, {
      productId: w.productId,
      quantity: 2,
    });
    expect(added.statusCode, added.body).toBe(201);
    const lineId = (await w.seller.get(`/api/v1/opportunities/${opportunity.id}/line-items`)).data.items[0]
      .id;
    const url = `/api/v1/line-items/${lineId}`;
    for (const response of [
      await w.seller.patch(url, { quantity: 3 }, stale),
      await w.seller.delete(url, stale),
    ]) {
      expect(response.statusCode).toBe(409);
      expect(response.data.error).toMatchObject({
        code: 'VERSION_CONFLICT',
        message:
          'The record was changed by someone else since you loaded it; nothing was saved. Reload to see the change.',
        details: { currentVersion: 1, current: { id: lineId, quantity: 2, version: 1 } },
      });
    }
    expect((await w.reviewer.patch(url, { quantity: 3 }, stale)).statusCode).toBe(403);
  });

  it('client and contact: 409 with the record as it is now, for a change and a delete', async () => {
    const client = await w.seller.post('/api/v1/clients', { name: `Stale client ${engine}` });
    expect(client.statusCode, client.body).toBe(201);
    const contact = await w.seller.post('/api/v1/contacts', {
      clientId: client.data.id,
      firstName: 'Stale',
      lastName: 'Contact',
    });
    expect(contact.statusCode, contact.body).toBe(201);
    for (const [url, change] of [
      [`/api/v1/clients/${client.data.id}`, { city: 'Oslo' }],
      [`/api/v1/contacts/${contact.data.id}`, { title: 'Buyer' }],
    ] as const) {
      for (const response of [await w.seller.patch(url, change, stale), await w.manager.delete(url, stale)]) {
        expect(response.statusCode, url).toBe(409);
        expect(response.data.error).toMatchObject({
          code: 'VERSION_CONFLICT',
          message:
            'The record was changed by someone else since you loaded it; nothing was saved. Reload to see the change.',
          details: { currentVersion: 1, current: { version: 1 } },
        });
      }
      // Who may not see it is answered 404 first, whatever the version says.
      expect((await w.otherSeller.patch(url, change, stale)).statusCode, url).toBe(404);
    }
  });

  it('stage catalog and product: their own message, with the record as it is now', async () => {
    const stage = await w.admin.patch('/api/v1/stages/qualify', { label: 'Qualify!' }, stale);
    expect(stage.statusCode).toBe(409);
    expect(stage.data.error).toMatchObject({
      code: 'VERSION_CONFLICT',
      message: 'The stage was changed by someone else; reload it',
      details: { currentVersion: 1, current: { code: 'qualify' } },
    });
    const product = await w.admin.patch(`/api/v1/products/${w.productId}`, { brand: 'Other' }, stale);
    expect(product.statusCode).toBe(409);
    expect(product.data.error).toMatchObject({
      code: 'VERSION_CONFLICT',
      message: 'The product was changed by someone else; reload it',
      details: { currentVersion: 1, current: { id: w.productId } },
    });
  });
});
