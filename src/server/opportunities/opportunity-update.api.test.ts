import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpportunityWorld, type OpportunityWorld } from '../../../test/support/opportunity-fixtures.ts';
import { createTestContext, engines, type TestContext } from '../../../test/support/test-app.ts';
import { type OpportunityUpdate, opportunityUpdateSchema } from '../../core/contract/opportunities.ts';

/** A value for every field of the update, each one a deal just created does not have. */
type UpdateSamples = { [Field in keyof OpportunityUpdate]-?: Exclude<OpportunityUpdate[Field], undefined> };

describe.each(engines)('PATCH /opportunities/{id} on %s', (engine) => {
  let t: TestContext;
  let w: OpportunityWorld;
  let samples: UpdateSamples;
  let clientId: number;

  beforeAll(async () => {
    t = await createTestContext(engine);
    w = await createOpportunityWorld(t);
    // A deal owned by a distributor may name another distributor and one of its resellers (SPEC §5).
    const otherDistributor = await t.firm({ isDistributor: true });
    const reseller = await t.firm({ distributorFirmId: w.distributor.id });
    const colleague = await t.user({ firm: w.distributor, role: 'seller' });
    const seller = w.distributorSeller;
    const client = await seller.post('/api/v1/clients', { name: 'Umbrella Logistics' });
    const otherClient = await seller.post('/api/v1/clients', { name: 'Initech Freight' });
    const contact = await seller.post('/api/v1/contacts', {
      clientId: client.data.id,
      firstName: 'Paula',
      lastName: 'Primary',
    });
    expect([client.statusCode, otherClient.statusCode, contact.statusCode]).toEqual([201, 201, 201]);
    clientId = client.data.id;
    samples = {
      name: 'Warehouse robots',
      description: 'Forty robots for the new hall',
      clientId: otherClient.data.id,
      primaryContactId: contact.data.id,
      ownerId: colleague.id,
      decisionDate: '2031-05-17',
      currency: 'EUR',
      amountMinor: 12_345_00,
      probability: 35,
      origin: 'co-marketing',
      partnerPrivate: true,
      distributorFirmId: otherDistributor.id,
      resellerFirmId: reseller.id,
      leadSource: 'Trade fair',
      competitor: 'Globex',
      nextStep: 'Send the quote',
    };
  });
  afterAll(() => t.close());

  // Every key of the update schema, so a field added there and not stored fails here.
  it.each(Object.keys(opportunityUpdateSchema.shape))('stores %s and reads it back', async (field) => {
    expect(samples, `no sample value for ${field}`).toHaveProperty(field);
    const value = samples[field as keyof UpdateSamples];
    const created = await w.distributorSeller.post('/api/v1/opportunities', { name: 'Dock doors', clientId });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.data[field], 'the sample must differ from a new deal').not.toEqual(value);
    const patched = await w.distributorSeller.patch(`/api/v1/opportunities/${created.data.id}`, {
      [field]: value,
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.data[field]).toEqual(value);
    expect(patched.data.version).toBe(created.data.version + 1);
    const read = await w.distributorSeller.get(`/api/v1/opportunities/${created.data.id}`);
    expect(read.data[field]).toEqual(value);
  });
});
