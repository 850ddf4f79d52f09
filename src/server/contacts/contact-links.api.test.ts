import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpportunityWorld, type OpportunityWorld } from '../../../test/support/opportunity-fixtures.ts';
import { createTestContext, engines, type TestContext } from '../../../test/support/test-app.ts';
import { checkConsistency } from '../db/consistency.ts';

/**
 * A deal's BPContacts belong to the deal's client, and its primary contact (what the 02 Validate
 * gate looks for) is a live contact: deleting or moving one a deal relies on is refused, without
 * counting the deals the caller cannot see (SPEC §5).
 */
describe.each(engines)('BPContacts linked to opportunities on %s', (engine) => {
  let t: TestContext;
  let w: OpportunityWorld;
  let otherClientId: number;

  beforeAll(async () => {
    t = await createTestContext(engine);
    w = await createOpportunityWorld(t);
    otherClientId = (await w.seller.post('/api/v1/clients', { name: 'Other Account' })).data.id;
  });
  afterAll(() => t.close());

  async function newContact(lastName: string, clientId = w.clientId): Promise<number> {
    const response = await w.seller.post('/api/v1/contacts', { clientId, firstName: 'Pat', lastName });
    expect(response.statusCode, response.body).toBe(201);
    return response.data.id;
  }

  async function newDeal(name: string, contactId: number) {
    const response = await w.seller.post('/api/v1/opportunities', { name, contactId });
    expect(response.statusCode, response.body).toBe(201);
    return response.data as { id: number; number: string };
  }

  async function contactRow(id: number) {
    return t.database.db
      .selectFrom('contacts')
      .select(['client_id', 'deleted_at', 'version'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  }

  it('refuses to delete a deal’s primary contact, naming it and the deal, and deletes nothing', async () => {
    const contactId = await newContact('Primary');
    const deal = await newDeal('Relies on Pat', contactId);
    const before = await contactRow(contactId);
    const response = await w.manager.delete(`/api/v1/contacts/${contactId}`);
    expect(response.statusCode, response.body).toBe(409);
    expect(response.data.error.code).toBe('CONFLICT');
    expect(response.data.error.message).toContain('Pat Primary');
    expect(response.data.error.message).toContain(deal.number);
    expect(response.data.error.details.primaryContactOf).toEqual([{ id: deal.id, number: deal.number }]);
    expect(await contactRow(contactId)).toEqual(before);
    // The gate still finds a live primary contact.
    const moved = await w.seller.post(`/api/v1/opportunities/${deal.id}/stage`, { stage: 'validate' });
    expect(moved.statusCode, moved.body).toBe(200);
  });

  it('never counts or names the deals the caller cannot see', async () => {
    const contactId = await newContact('Shared');
    const visible = await newDeal('Visible deal', contactId);
    // Another partner's deal on the same (vendor-registered) client with this contact as primary:
    // reachable when that partner co-sells one of this firm's deals and so may read the contact.
    const hidden = await w.otherSeller.post('/api/v1/opportunities', {
      name: 'Hidden deal',
      clientId: w.clientId,
    });
    expect(hidden.statusCode, hidden.body).toBe(201);
    await t.database.db
      .updateTable('opportunities')
      .set({ primary_contact_id: contactId })
      .where('id', '=', hidden.data.id)
      .execute();
    await t.database.db
      .insertInto('opportunity_contacts')
      .values({
        opportunity_id: hidden.data.id,
        contact_id: contactId,
        role: null,
        is_primary: 1,
        created_at: new Date().toISOString(),
      })
      .execute();
    const both = await w.manager.delete(`/api/v1/contacts/${contactId}`);
    expect(both.statusCode).toBe(409);
    expect(both.data.error.message).toContain(visible.number);
    expect(both.data.error.message).not.toContain(hidden.data.number);
    expect(both.data.error.message).not.toMatch(/\b2\b|two/);
    expect(both.body).not.toContain(hidden.data.number);
    expect(both.data.error.details.primaryContactOf).toEqual([{ id: visible.id, number: visible.number }]);

    // With only the hidden deal left relying on it, the refusal names no deal and counts none.
    const other = await newContact('Replacement');
    const switched = await w.seller.patch(`/api/v1/opportunities/${visible.id}`, { primaryContactId: other });
    expect(switched.statusCode, switched.body).toBe(200);
    const onlyHidden = await w.manager.delete(`/api/v1/contacts/${contactId}`);
    expect(onlyHidden.statusCode).toBe(409);
    expect(onlyHidden.body).not.toContain(hidden.data.number);
    expect(onlyHidden.data.error.message).not.toMatch(/\d/);
    expect(onlyHidden.data.error.details.primaryContactOf).toEqual([]);
    expect((await contactRow(contactId)).deleted_at).toBeNull();
  });

  it('refuses to move a deal’s contact to another client, primary or not, naming clientId', async () => {
    const primary = await newContact('Mover');
    const secondary = await newContact('Second');
    const deal = await newDeal('Keeps its contacts', primary);
    const linked = await w.seller.put(`/api/v1/opportunities/${deal.id}/contacts`, {
      items: [
        { contactId: primary, isPrimary: true },
        { contactId: secondary, role: 'Influencer' },
      ],
    });
    expect(linked.statusCode, linked.body).toBe(200);
    for (const contactId of [primary, secondary]) {
      const before = await contactRow(contactId);
      const response = await w.seller.patch(`/api/v1/contacts/${contactId}`, { clientId: otherClientId });
      expect(response.statusCode, response.body).toBe(422);
      expect(response.data.error.details.fields[0].field).toBe('clientId');
      expect(response.data.error.message).toContain(deal.number);
      expect(await contactRow(contactId)).toEqual(before);
    }
    // Other changes to a linked contact, and moving one no deal uses, are fine.
    const renamed = await w.seller.patch(`/api/v1/contacts/${primary}`, {
      clientId: w.clientId,
      title: 'CFO',
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    const free = await newContact('Free');
    const movedFree = await w.seller.patch(`/api/v1/contacts/${free}`, { clientId: otherClientId });
    expect(movedFree.statusCode, movedFree.body).toBe(200);
  });

  it('deletes a contact a deal lists but not as primary; the deal no longer lists it', async () => {
    const primary = await newContact('Stays');
    const secondary = await newContact('Goes');
    const deal = await newDeal('Two contacts', primary);
    await w.seller.put(`/api/v1/opportunities/${deal.id}/contacts`, {
      items: [{ contactId: primary, isPrimary: true }, { contactId: secondary }],
    });
    const response = await w.manager.delete(`/api/v1/contacts/${secondary}`);
    expect(response.statusCode, response.body).toBe(204);
    const contacts = await w.seller.get(`/api/v1/opportunities/${deal.id}/contacts`);
    expect(contacts.data.items.map((item: { contactId: number }) => item.contactId)).toEqual([primary]);
  });

  it('refuses to move a deal to another client while its primary contact stays that of the old client', async () => {
    const contactId = await newContact('Anchor');
    const deal = await newDeal('Anchored', contactId);
    const response = await w.seller.patch(`/api/v1/opportunities/${deal.id}`, {
      clientId: otherClientId,
      primaryContactId: contactId,
    });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.data.error.details.fields[0].field).toBe('primaryContactId');
    const after = await w.seller.get(`/api/v1/opportunities/${deal.id}`);
    expect(after.data.clientId).toBe(w.clientId);
    const withNewContact = await w.seller.patch(`/api/v1/opportunities/${deal.id}`, {
      clientId: otherClientId,
      primaryContactId: await newContact('Elsewhere', otherClientId),
    });
    expect(withNewContact.statusCode, withNewContact.body).toBe(200);
  });

  it('lets `check` find a primary contact that is missing, deleted or of another client', async () => {
    expect(await checkConsistency(t.database.db)).toEqual([]);
    const deleted = await newDeal('Primary deleted behind its back', await newContact('Ghost'));
    const elsewhere = await newDeal('Primary moved behind its back', await newContact('Wanderer'));
    const db = t.database.db;
    const primaryOf = async (id: number) =>
      (
        await db
          .selectFrom('opportunities')
          .select('primary_contact_id')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).primary_contact_id as number;
    await db
      .updateTable('contacts')
      .set({ deleted_at: new Date().toISOString() })
      .where('id', '=', await primaryOf(deleted.id))
      .execute();
    await db
      .updateTable('contacts')
      .set({ client_id: otherClientId })
      .where('id', '=', await primaryOf(elsewhere.id))
      .execute();
    const problems = await checkConsistency(db);
    const problem = problems.find((each) => each.check.startsWith('primary BPContact'));
    expect(problem, JSON.stringify(problems)).toMatchObject({ count: 2 });
    expect([...(problem?.sample ?? [])].sort((a, b) => a - b)).toEqual([deleted.id, elsewhere.id]);
    // A listed (non-primary) contact of another client is found too.
    const listing = await newDeal('Lists a wanderer', await newContact('Host'));
    const guest = await newContact('Guest');
    await w.seller.put(`/api/v1/opportunities/${listing.id}/contacts`, {
      items: [{ contactId: await primaryOf(listing.id), isPrimary: true }, { contactId: guest }],
    });
    await db.updateTable('contacts').set({ client_id: otherClientId }).where('id', '=', guest).execute();
    const again = await checkConsistency(db);
    expect(again.find((each) => each.check.startsWith('BPContact listed on an opportunity'))).toMatchObject({
      count: 1,
      sample: [listing.id],
    });
  });

  it('a contact deleted while deals link it at the same moment leaves no deal on a deleted contact', async () => {
    const deals: number[] = [];
    for (let round = 0; round < 6; round += 1) {
      const contactId = await newContact(`Racing${round}`);
      const deal = await newDeal(`Races for Pat ${round}`, await newContact(`Other${round}`));
      deals.push(deal.id);
      const [deleted, linkedPrimary, linked] = await Promise.all([
        w.manager.delete(`/api/v1/contacts/${contactId}`),
        w.seller.patch(`/api/v1/opportunities/${deal.id}`, { primaryContactId: contactId }),
        w.seller.put(`/api/v1/opportunities/${deal.id}/contacts`, [{ contactId, isPrimary: false }]),
      ]);
      for (const response of [deleted, linkedPrimary, linked])
        expect(response.statusCode, response.body).toBeLessThan(500);
    }
    // (An earlier test leaves corrupted deals of its own behind: only these deals are looked at.)
    const broken = (await checkConsistency(t.database.db)).flatMap((problem) =>
      problem.sample.filter((id) => deals.includes(id)).map((id) => `${problem.check}: ${id}`),
    );
    expect(broken).toEqual([]);
  });
});
