import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpportunityWorld, type OpportunityWorld } from '../../../test/support/opportunity-fixtures.ts';
import {
  createTestContext,
  engines,
  type TestContext,
  type TestUser,
} from '../../../test/support/test-app.ts';

describe.each(engines)('a change log a person reads on %s', (engine) => {
  let t: TestContext;
  let w: OpportunityWorld;

  beforeAll(async () => {
    t = await createTestContext(engine);
    w = await createOpportunityWorld(t);
  });
  afterAll(() => t.close());

  async function ok(response: Awaited<ReturnType<TestUser['get']>>, status = 200) {
    expect(response.statusCode, response.body).toBe(status);
    return response.data;
  }

  async function summaries(user: TestUser, path: string): Promise<string[]> {
    const page = await ok(await user.get(`${path}/changes?limit=200`));
    return page.items.map((entry: { summary: string }) => entry.summary);
  }

  it('tells a deal’s story in sentences: stage labels, money in its currency, lines by name', async () => {
    const deal = await ok(
      await w.seller.post('/api/v1/opportunities', {
        name: 'Storage refresh',
        clientId: w.clientId,
        primaryContactId: w.contactId,
        currency: 'USD',
      }),
      201,
    );
    const line = await ok(
      await w.seller.post(`/api/v1/opportunities/${deal.id}/line-items`, {
        description: 'Storage array',
        quantity: 2,
        unitPriceMinor: 1_250_000,
      }),
      201,
    );
    await ok(await w.seller.patch(`/api/v1/line-items/${line.id}`, { quantity: 3 }));
    await ok(await w.seller.post(`/api/v1/opportunities/${deal.id}/stage`, { stage: 'validate' }));
    await ok(await w.seller.patch(`/api/v1/opportunities/${deal.id}`, { competitor: 'Rival Systems' }));
    const removed = await w.seller.delete(`/api/v1/line-items/${line.id}`);
    expect(removed.statusCode, removed.body).toBe(204);

    const read = await summaries(w.seller, `/api/v1/opportunities/${deal.id}`);
    expect(read).toEqual(
      expect.arrayContaining([
        'created the opportunity',
        'added line: 2 × Storage array at $12,500.00',
        'changed line Storage array: quantity 2 → 3',
        'changed line Storage array: amount $25,000.00 → $37,500.00',
        'changed amount: $25,000.00 → $37,500.00',
        'changed sales stage: 01 Identify → 02 Validate',
        'set competitor to Rival Systems',
        'removed line: 3 × Storage array at $12,500.00',
      ]),
    );
    const page = await ok(await w.seller.get(`/api/v1/opportunities/${deal.id}/changes`));
    const stage = page.items.find((entry: { field: string | null }) => entry.field === 'stage');
    // The raw values stay for integrations; the readable ones come beside them.
    expect(stage).toMatchObject({
      oldValue: 'identify',
      newValue: 'validate',
      label: 'Sales stage',
      oldText: '01 Identify',
      newText: '02 Validate',
    });
    const created = page.items.find(
      (entry: { action: string; entityType: string }) =>
        entry.action === 'create' && entry.entityType === 'opportunity',
    );
    expect(created.newText).toContain('Client: Acme Manufacturing');
    expect(created.newText).toContain('Primary BPContact: Dana Decider');
    expect(created.newText).toContain('Owner: Sam Seller');
  });

  it('respects a currency without decimals', async () => {
    const deal = await ok(
      await w.seller.post('/api/v1/opportunities', {
        name: 'Tokyo racks',
        clientId: w.clientId,
        currency: 'JPY',
      }),
      201,
    );
    await ok(
      await w.seller.post(`/api/v1/opportunities/${deal.id}/line-items`, {
        productId: w.productId,
        quantity: 1,
        unitPriceMinor: 150_000,
      }),
      201,
    );
    const read = await summaries(w.seller, `/api/v1/opportunities/${deal.id}`);
    expect(read).toContain('added line: 1 × Helio Compute GTX servers · GTX Pro at ¥150,000');
  });

  it('reads flags as yes and no, and names a client only for a reader who may open it', async () => {
    const ownClient = await ok(await w.seller.post('/api/v1/clients', { name: 'Quiet Holdings' }), 201);
    const deal = await ok(
      await w.seller.post('/api/v1/opportunities', {
        name: 'Moved deal',
        clientId: ownClient.id,
        partnerPrivate: true,
      }),
      201,
    );
    await ok(await w.seller.patch(`/api/v1/opportunities/${deal.id}`, { partnerPrivate: false }));
    await ok(await w.seller.patch(`/api/v1/opportunities/${deal.id}`, { clientId: w.clientId }));

    const sellerReads = await summaries(w.seller, `/api/v1/opportunities/${deal.id}`);
    expect(sellerReads).toContain('changed partner-private: Yes → No');
    expect(sellerReads).toContain('changed client: Quiet Holdings → Acme Manufacturing');

    // The vendor rep sees the deal now, but not the partner's own client it no longer names (SPEC §5).
    const vendorReads = await summaries(w.vendorRep, `/api/v1/opportunities/${deal.id}`);
    expect(vendorReads).toContain('changed client: a client you cannot see → Acme Manufacturing');
    expect(JSON.stringify(vendorReads)).not.toContain('Quiet Holdings');
    const created = (
      await ok(await w.vendorRep.get(`/api/v1/opportunities/${deal.id}/changes?limit=200`))
    ).items.find((entry: { action: string }) => entry.action === 'create');
    expect(created.newText).not.toContain('Quiet Holdings');
  });

  it('names a deal’s BPContacts only to a reader who may open them, in text and raw values', async () => {
    const hidden = await ok(await w.seller.post('/api/v1/clients', { name: 'Hidden Works' }), 201);
    const one = await ok(
      await w.seller.post('/api/v1/contacts', {
        clientId: hidden.id,
        firstName: 'Hidden',
        lastName: 'Contactone',
      }),
      201,
    );
    const two = await ok(
      await w.seller.post('/api/v1/contacts', {
        clientId: hidden.id,
        firstName: 'Secret',
        lastName: 'Contacttwo',
      }),
      201,
    );
    const deal = await ok(
      await w.seller.post('/api/v1/opportunities', {
        name: 'Contacts kept quiet',
        clientId: hidden.id,
        primaryContactId: one.id,
      }),
      201,
    );
    const path = `/api/v1/opportunities/${deal.id}`;
    await ok(
      await w.seller.put(`${path}/contacts`, {
        items: [
          { contactId: one.id, role: 'Decision maker' },
          { contactId: two.id, role: 'Buyer', isPrimary: true },
        ],
      }),
    );
    await ok(await w.seller.put(`${path}/contacts`, { items: [{ contactId: two.id, role: 'Buyer' }] }));
    await ok(await w.seller.put(`${path}/contacts`, { items: [] }));
    await ok(await w.seller.patch(path, { clientId: w.clientId }));

    const sellerReads = await summaries(w.seller, path);
    expect(sellerReads).toContain('changed BPContacts: removed Secret Contacttwo (Buyer)');
    expect(sellerReads).toContain('changed BPContacts: removed Hidden Contactone (Decision maker)');

    for (const reader of [w.vendorRep, w.reviewer]) {
      expect((await reader.get(`/api/v1/contacts/${one.id}`)).statusCode).toBe(404);
      const page = await ok(await reader.get(`${path}/changes?limit=200`));
      const body = JSON.stringify(page);
      for (const name of ['Hidden', 'Contactone', 'Secret', 'Contacttwo', 'Hidden Works']) {
        expect(body).not.toContain(name);
      }
      const summariesRead = page.items.map((entry: { summary: string }) => entry.summary);
      expect(summariesRead).toContain(
        'changed BPContacts: removed a contact you cannot see (Decision maker)',
      );
      const removal = page.items.find(
        (entry: { field: string | null; newValue: unknown }) =>
          entry.field === 'contacts' && Array.isArray(entry.newValue) && entry.newValue.length === 0,
      );
      expect(removal.oldValue).toEqual([{ contactId: two.id, role: 'Buyer' }]);
      expect(removal.oldText).toBe('a contact you cannot see (Buyer)');
    }
  });

  it('names the sales team changes and the client of a BPContact', async () => {
    const contact = await ok(
      await w.seller.post('/api/v1/contacts', { clientId: w.clientId, firstName: 'Pat', lastName: 'Buyer' }),
      201,
    );
    const other = await ok(await w.seller.post('/api/v1/clients', { name: 'Second Site' }), 201);
    await ok(await w.seller.patch(`/api/v1/contacts/${contact.id}`, { clientId: other.id, title: 'CIO' }));
    const read = await summaries(w.seller, `/api/v1/contacts/${contact.id}`);
    expect(read).toEqual(
      expect.arrayContaining([
        'created the BPContact',
        'changed client: Acme Manufacturing → Second Site',
        'set title to CIO',
      ]),
    );
  });
});
