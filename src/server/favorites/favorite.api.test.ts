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
});
