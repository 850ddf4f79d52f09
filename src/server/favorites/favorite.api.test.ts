import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestContext,
  engines,
  type TestContext,
  type TestUser,
} from '../../../test/support/test-app.ts';

describe.each(engines)('favorites and global search on %s', (engine) => {
  let t: TestContext;
  let seller: TestUser;
  let colleague: TestUser;
  let otherSeller: TestUser;

  beforeAll(async () => {
    t = await createTestContext(engine);
    const partner = await t.firm();
    seller = await t.user({ firm: partner, role: 'seller' });
    colleague = await t.user({ firm: partner, role: 'seller' });
    otherSeller = await t.user({ firm: await t.firm(), role: 'seller' });
  });
  afterAll(() => t.close());

  it('stars clients and contacts for the caller only, idempotently, and unstars them', async () => {
    const client = (await seller.post('/api/v1/clients', { name: 'Starry Foods', country: 'Italy' })).data;
    const contact = (
      await seller.post('/api/v1/contacts', { clientId: client.id, firstName: 'Lu', lastName: 'Bianchi' })
    ).data;
    expect((await seller.put(`/api/v1/favorites/client/${client.id}`)).statusCode).toBe(204);
    expect((await seller.put(`/api/v1/favorites/client/${client.id}`)).statusCode).toBe(204);
    expect((await seller.put(`/api/v1/favorites/contact/${contact.id}`)).statusCode).toBe(204);
    const favorites = await seller.get('/api/v1/favorites');
    expect(
      favorites.data.items.map((item: { type: string; title: string }) => [item.type, item.title]),
    ).toEqual([
      ['contact', 'Lu Bianchi'],
      ['client', 'Starry Foods'],
    ]);
    expect((await seller.get(`/api/v1/clients/${client.id}`)).data.isFavorite).toBe(true);
    expect((await colleague.get(`/api/v1/clients/${client.id}`)).data.isFavorite).toBe(false);
    expect((await colleague.get('/api/v1/favorites')).data.items).toEqual([]);
    const onlyFavorites = await seller.get('/api/v1/clients?favorites=true');
    expect(onlyFavorites.data.items.map((item: { id: number }) => item.id)).toEqual([client.id]);
    expect((await seller.delete(`/api/v1/favorites/client/${client.id}`)).statusCode).toBe(204);
    expect((await seller.get('/api/v1/favorites?type=client')).data.items).toEqual([]);
  });

  it('refuses to star what the caller cannot see, and unknown types', async () => {
    const hidden = (await otherSeller.post('/api/v1/clients', { name: 'Invisible' })).data;
    expect((await seller.put(`/api/v1/favorites/client/${hidden.id}`)).statusCode).toBe(404);
    expect((await seller.put('/api/v1/favorites/client/999999')).statusCode).toBe(404);
    const badType = await seller.put('/api/v1/favorites/planet/1');
    expect(badType.statusCode).toBe(400);
    expect(badType.data.error.details.fields[0].field).toBe('type');
  });

  it('drops a favorite from the list once the record is deleted', async () => {
    const manager = await t.user({ firm: seller.firm, role: 'manager' });
    const client = (await seller.post('/api/v1/clients', { name: 'Gone Soon' })).data;
    await seller.put(`/api/v1/favorites/client/${client.id}`);
    await manager.delete(`/api/v1/clients/${client.id}`);
    const titles = (await seller.get('/api/v1/favorites')).data.items.map(
      (item: { title: string }) => item.title,
    );
    expect(titles).not.toContain('Gone Soon');
  });

  it('searches clients and contacts together within what the caller may see', async () => {
    const client = (await seller.post('/api/v1/clients', { name: 'Quasar Mining' })).data;
    await seller.post('/api/v1/contacts', { clientId: client.id, firstName: 'Quincy', lastName: 'Adams' });
    await otherSeller.post('/api/v1/clients', { name: 'Quasar Shipping' });
    const response = await seller.get('/api/v1/search?q=qua');
    expect(response.statusCode).toBe(200);
    expect(
      response.data.items.map((item: { type: string; title: string }) => `${item.type}:${item.title}`),
    ).toEqual(['client:Quasar Mining', 'contact:Quincy Adams']);
    const contacts = await seller.get('/api/v1/search?q=quincy&types=contact');
    expect(contacts.data.items).toEqual([
      expect.objectContaining({ type: 'contact', title: 'Quincy Adams', subtitle: 'Quasar Mining' }),
    ]);
    expect((await seller.get('/api/v1/search?q=')).statusCode).toBe(400);
    expect((await seller.get('/api/v1/search?q=x&types=planets')).statusCode).toBe(400);
  });

  async function createOpportunity(user: TestUser, body: Record<string, unknown>) {
    const response = await user.post('/api/v1/opportunities', body);
    expect(response.statusCode, response.body).toBe(201);
    return response.data;
  }

  it('stars opportunities the caller can see, listing number, name, client and stage', async () => {
    const client = (await seller.post('/api/v1/clients', { name: 'Orion Freight' })).data;
    const opportunity = await createOpportunity(seller, { name: 'Fleet telematics', clientId: client.id });
    expect((await seller.put(`/api/v1/favorites/opportunity/${opportunity.id}`)).statusCode).toBe(204);
    expect((await seller.put(`/api/v1/favorites/opportunity/${opportunity.id}`)).statusCode).toBe(204);
    const favorites = await seller.get('/api/v1/favorites?type=opportunity');
    expect(favorites.data.items).toEqual([
      {
        type: 'opportunity',
        id: opportunity.id,
        title: `${opportunity.number} Fleet telematics`,
        subtitle: 'Orion Freight · 01 Identify',
        createdAt: expect.any(String),
      },
    ]);
    expect((await seller.get(`/api/v1/opportunities/${opportunity.id}`)).data.isFavorite).toBe(true);
    const starred = await seller.get('/api/v1/opportunities?favorites=true');
    expect(starred.data.items.map((item: { id: number }) => item.id)).toEqual([opportunity.id]);
    // A colleague sees neither the deal (a seller sees what they own or work on) nor a star on it.
    for (const user of [colleague, otherSeller]) {
      expect((await user.put(`/api/v1/favorites/opportunity/${opportunity.id}`)).statusCode).toBe(404);
      expect((await user.delete(`/api/v1/favorites/opportunity/${opportunity.id}`)).statusCode).toBe(404);
      expect((await user.get('/api/v1/favorites?type=opportunity')).data.items).toEqual([]);
    }
    expect((await seller.put('/api/v1/favorites/opportunity/999999')).statusCode).toBe(404);
    expect((await seller.delete(`/api/v1/favorites/opportunity/${opportunity.id}`)).statusCode).toBe(204);
    expect((await seller.get('/api/v1/favorites?type=opportunity')).data.items).toEqual([]);
  });

  it('drops a starred opportunity from the list once the caller can no longer see it', async () => {
    const client = (await seller.post('/api/v1/clients', { name: 'Teamwork Inc' })).data;
    const opportunity = await createOpportunity(seller, {
      name: 'Shared pursuit',
      clientId: client.id,
      team: [{ userId: colleague.id, access: 'read' }],
    });
    expect((await colleague.put(`/api/v1/favorites/opportunity/${opportunity.id}`)).statusCode).toBe(204);
    expect(
      (await colleague.get('/api/v1/favorites')).data.items.map((item: { id: number }) => item.id),
    ).toContain(opportunity.id);
    expect((await seller.put(`/api/v1/opportunities/${opportunity.id}/team`, [])).statusCode).toBe(200);
    const after = await colleague.get('/api/v1/favorites');
    expect(after.data.items.map((item: { type: string }) => item.type)).not.toContain('opportunity');
  });

  it('finds opportunities by number, name, client name and contact name, never another firm’s', async () => {
    const client = (await seller.post('/api/v1/clients', { name: 'Zephyr Dynamics' })).data;
    const contact = (
      await seller.post('/api/v1/contacts', {
        clientId: client.id,
        firstName: 'Priya',
        lastName: 'Kowalczyk',
      })
    ).data;
    const opportunity = await createOpportunity(seller, { name: 'Cloud migration', contactId: contact.id });
    const otherClient = (await otherSeller.post('/api/v1/clients', { name: 'Zephyr Rival Works' })).data;
    const otherContact = (
      await otherSeller.post('/api/v1/contacts', { clientId: otherClient.id, lastName: 'Kowalczyk' })
    ).data;
    const hidden = await createOpportunity(otherSeller, {
      name: 'Cloud migration',
      contactId: otherContact.id,
    });
    const hits = async (user: TestUser, q: string) =>
      (await user.get(`/api/v1/search?types=opportunity&q=${encodeURIComponent(q)}`)).data.items;
    const expected = [
      {
        type: 'opportunity',
        id: opportunity.id,
        title: `${opportunity.number} Cloud migration`,
        subtitle: 'Zephyr Dynamics · 01 Identify',
      },
    ];
    expect(await hits(seller, opportunity.number)).toEqual(expected);
    expect(await hits(seller, 'cloud migr')).toEqual(expected);
    expect(await hits(seller, 'zephyr')).toEqual(expected);
    expect(await hits(seller, 'kowalczyk')).toEqual(expected);
    expect(await hits(seller, 'priya')).toEqual(expected);
    expect(await hits(seller, hidden.number)).toEqual([]);
    expect(await hits(colleague, 'cloud migration')).toEqual([]);
    expect((await hits(otherSeller, 'kowalczyk')).map((hit: { id: number }) => hit.id)).toEqual([hidden.id]);
    const everything = await seller.get('/api/v1/search?q=zephyr');
    expect(
      everything.data.items.map((item: { type: string; title: string }) => `${item.type}:${item.title}`),
    ).toEqual([
      'client:Zephyr Dynamics',
      'contact:Priya Kowalczyk',
      `opportunity:${opportunity.number} Cloud migration`,
    ]);
  });
});
