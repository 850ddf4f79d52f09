import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestContext,
  engines,
  type TestContext,
  type TestFirm,
  type TestUser,
} from '../../../test/support/test-app.ts';

describe.each(engines)('clients on %s', (engine) => {
  let t: TestContext;
  let vendor: TestFirm;
  let partner: TestFirm;
  let otherPartner: TestFirm;
  let seller: TestUser;
  let manager: TestUser;
  let otherSeller: TestUser;
  let vendorRep: TestUser;
  let reviewer: TestUser;
  let admin: TestUser;

  beforeAll(async () => {
    t = await createTestContext(engine);
    vendor = await t.firm({ kind: 'vendor', name: 'Vendor Co' });
    partner = await t.firm({ name: 'Northwind Partners' });
    otherPartner = await t.firm({ name: 'Southbay Partners' });
    seller = await t.user({ firm: partner, role: 'seller' });
    manager = await t.user({ firm: partner, role: 'manager' });
    otherSeller = await t.user({ firm: otherPartner, role: 'seller' });
    vendorRep = await t.user({ firm: vendor, role: 'vendor-rep' });
    reviewer = await t.user({ firm: vendor, role: 'vendor-reviewer' });
    admin = await t.user({ firm: vendor, role: 'admin' });
  });
  afterAll(() => t.close());

  async function createClient(user: TestUser, body: Record<string, unknown>) {
    const response = await user.post('/api/v1/clients', body);
    expect(response.statusCode, response.body).toBe(201);
    return response.data;
  }

  it('creates a client owned by the caller’s firm with a generated client number and an ETag', async () => {
    const response = await seller.post('/api/v1/clients', {
      name: 'Globex Retail',
      industry: 'Retail',
      country: 'Kenya',
    });
    expect(response.statusCode).toBe(201);
    expect(response.data).toMatchObject({
      name: 'Globex Retail',
      clientNumber: expect.stringMatching(/^CL-\d{6}$/),
      ownerFirmId: partner.id,
      ownerFirmName: 'Northwind Partners',
      isVendorRegistered: false,
      canEdit: true,
      version: 1,
    });
    expect(response.headers.etag).toBe('"1"');
    const read = await seller.get(`/api/v1/clients/${response.data.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.headers.etag).toBe('"1"');
  });

  it('answers 400 naming every bad field, unknown fields and server-managed fields, and writes nothing', async () => {
    const before = await t.database.db
      .selectFrom('clients')
      .select((eb) => eb.fn.countAll().as('count'))
      .executeTakeFirstOrThrow();
    const response = await seller.post('/api/v1/clients', {
      name: '   ',
      website: 'not a website',
      employees: -3,
      colour: 'blue',
      id: 7,
      version: 3,
    });
    expect(response.statusCode).toBe(400);
    expect(response.data.error.code).toBe('VALIDATION_FAILED');
    const fields = response.data.error.details.fields.map((field: { field: string }) => field.field).sort();
    expect(fields).toEqual(['colour', 'employees', 'id', 'name', 'version', 'website']);
    const managed = response.data.error.details.fields.find(
      (field: { field: string }) => field.field === 'id',
    );
    expect(managed.message).toMatch(/managed by the server/);
    const after = await t.database.db
      .selectFrom('clients')
      .select((eb) => eb.fn.countAll().as('count'))
      .executeTakeFirstOrThrow();
    expect(Number(after.count)).toBe(Number(before.count));
  });

  it('answers 400 to malformed JSON and to out-of-range paging', async () => {
    const malformed = await seller.request('POST', '/api/v1/clients', '{"name":', {
      'content-type': 'application/json',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.data.error.code).toBe('VALIDATION_FAILED');
    for (const limit of ['0', '201', 'ten', '2.5', '-1']) {
      const response = await seller.get(`/api/v1/clients?limit=${limit}`);
      expect(response.statusCode, limit).toBe(400);
      expect(response.data.error.details.fields[0].field).toBe('limit');
    }
    const badCursor = await seller.get('/api/v1/clients?cursor=garbage');
    expect(badCursor.statusCode).toBe(400);
    const badSort = await seller.get('/api/v1/clients?sort=password');
    expect(badSort.statusCode).toBe(400);
    expect(badSort.data.error.details.fields[0].field).toBe('sort');
  });

  it('keeps another partner’s clients invisible: reads, changes, deletes answer 404; lists and search leave them out', async () => {
    const secret = await createClient(otherSeller, { name: 'Hidden Harbor Logistics', clientNumber: 'SB-1' });
    for (const user of [seller, manager, vendorRep, reviewer]) {
      expect((await user.get(`/api/v1/clients/${secret.id}`)).statusCode).toBe(404);
      expect((await user.patch(`/api/v1/clients/${secret.id}`, { name: 'Taken' })).statusCode).toBe(404);
      expect((await user.delete(`/api/v1/clients/${secret.id}`)).statusCode).toBe(404);
      expect((await user.get(`/api/v1/clients/${secret.id}/changes`)).statusCode).toBe(404);
      const list = await user.get('/api/v1/clients?q=Hidden&limit=200');
      expect(list.data.items).toEqual([]);
      const search = await user.get('/api/v1/search?q=harbor');
      expect(search.data.items).toEqual([]);
      expect((await user.put(`/api/v1/favorites/client/${secret.id}`)).statusCode).toBe(404);
    }
    const unchanged = await otherSeller.get(`/api/v1/clients/${secret.id}`);
    expect(unchanged.data).toMatchObject({ name: 'Hidden Harbor Logistics', version: 1 });
    expect((await admin.get(`/api/v1/clients/${secret.id}`)).statusCode).toBe(200);
  });

  it('shows vendor-registered clients to every partner, read-only (403 on change)', async () => {
    const shared = await createClient(vendorRep, { name: 'Initech Global' });
    expect(shared.isVendorRegistered).toBe(true);
    for (const user of [seller, otherSeller, reviewer]) {
      const read = await user.get(`/api/v1/clients/${shared.id}`);
      expect(read.statusCode).toBe(200);
      expect(read.data.canEdit).toBe(false);
      const change = await user.patch(`/api/v1/clients/${shared.id}`, { name: 'Mine now' });
      expect(change.statusCode).toBe(403);
      expect(change.data.error.code).toBe('FORBIDDEN');
    }
    expect((await reviewer.post('/api/v1/clients', { name: 'Reviewer Client' })).statusCode).toBe(403);
    const updated = await vendorRep.patch(`/api/v1/clients/${shared.id}`, { industry: 'Software' });
    expect(updated.statusCode).toBe(200);
  });

  it('refuses a stale If-Match with 409, writes nothing, and accepts the current one', async () => {
    const client = await createClient(seller, { name: 'Umbrella Labs' });
    const first = await seller.patch(`/api/v1/clients/${client.id}`, { city: 'Oslo' }, { 'if-match': '"1"' });
    expect(first.statusCode).toBe(200);
    expect(first.headers.etag).toBe('"2"');
    const stale = await manager.patch(
      `/api/v1/clients/${client.id}`,
      { city: 'Bergen' },
      { 'if-match': '"1"' },
    );
    expect(stale.statusCode).toBe(409);
    expect(stale.data.error.code).toBe('VERSION_CONFLICT');
    expect(stale.data.error.details.current.city).toBe('Oslo');
    const read = await seller.get(`/api/v1/clients/${client.id}`);
    expect(read.data).toMatchObject({ city: 'Oslo', version: 2 });
    const current = await manager.patch(
      `/api/v1/clients/${client.id}`,
      { city: 'Bergen' },
      { 'if-match': read.headers.etag as string },
    );
    expect(current.statusCode).toBe(200);
    expect(current.data.version).toBe(3);
    const staleDelete = await manager.delete(`/api/v1/clients/${client.id}`, { 'if-match': '"2"' });
    expect(staleDelete.statusCode).toBe(409);
  });

  it('records every field change with who, when, old and new', async () => {
    const client = await createClient(seller, { name: 'Soylent Foods', industry: 'Food' });
    await manager.patch(`/api/v1/clients/${client.id}`, {
      name: 'Soylent Foods Inc',
      industry: null,
      country: 'Norway',
    });
    await seller.patch(`/api/v1/clients/${client.id}`, { name: 'Soylent Foods Inc' });
    const changes = await seller.get(`/api/v1/clients/${client.id}/changes`);
    expect(changes.statusCode).toBe(200);
    const updates = changes.data.items.filter((item: { action: string }) => item.action === 'update');
    expect(updates).toHaveLength(3);
    expect(updates).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          field: 'name',
          oldValue: 'Soylent Foods',
          newValue: 'Soylent Foods Inc',
          changedBy: { id: manager.id, name: manager.name },
        }),
        expect.objectContaining({ field: 'industry', oldValue: 'Food', newValue: null }),
        expect.objectContaining({ field: 'country', oldValue: null, newValue: 'Norway' }),
      ]),
    );
    expect(changes.data.items.at(-1)).toMatchObject({ action: 'create', changedBy: { id: seller.id } });
    const read = await seller.get(`/api/v1/clients/${client.id}`);
    expect(read.data.version).toBe(2);
  });

  it('pages through every visible client once, in a stable order, for each sort', async () => {
    const firm = await t.firm();
    const user = await t.user({ firm, role: 'seller' });
    const names = ['delta', 'Alpha', 'charlie', 'Bravo', 'echo', 'alpha', 'Foxtrot'];
    for (const [index, name] of names.entries()) {
      await createClient(user, {
        name,
        country: index % 2 ? 'Norway' : null,
        industry: index % 3 ? 'Retail' : 'Banking',
      });
    }
    for (const sort of ['name', '-name', 'country', '-industry', 'createdAt', '-updatedAt', 'clientNumber']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: any = await user.get(
          `/api/v1/clients?vendorRegistered=false&limit=2&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`,
        );
        expect(page.statusCode, sort).toBe(200);
        seen.push(...page.data.items.map((item: { name: string }) => item.name));
        cursor = page.data.nextCursor;
      } while (cursor);
      expect([...seen].sort(), sort).toEqual([...names].sort());
    }
    const byName = await user.get('/api/v1/clients?vendorRegistered=false&sort=name');
    expect(byName.data.items.map((item: { name: string }) => item.name.toLowerCase())).toEqual([
      'alpha',
      'alpha',
      'bravo',
      'charlie',
      'delta',
      'echo',
      'foxtrot',
    ]);
  });

  it('finds clients by word prefixes of name, number and city, and filters by country', async () => {
    await createClient(seller, {
      name: 'Vandelay Industries',
      clientNumber: 'VAN-77',
      city: 'Zürich',
      country: 'Switzerland',
    });
    const byPrefix = await seller.get('/api/v1/clients?q=vande ind');
    expect(byPrefix.data.items.map((item: { name: string }) => item.name)).toEqual(['Vandelay Industries']);
    expect((await seller.get('/api/v1/clients?q=VAN-77')).data.items).toHaveLength(1);
    expect((await seller.get('/api/v1/clients?q=zurich')).data.items).toHaveLength(1);
    expect((await seller.get('/api/v1/clients?q=vandelay&country=Norway')).data.items).toHaveLength(0);
    expect((await seller.get('/api/v1/clients?q=%25%25')).data.items).toHaveLength(0);
  });

  it('refuses a duplicate client number with 409 naming the field', async () => {
    await createClient(seller, { name: 'First', clientNumber: 'DUP-1' });
    const duplicate = await seller.post('/api/v1/clients', { name: 'Second', clientNumber: 'DUP-1' });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.data.error.details.fields[0].field).toBe('clientNumber');
  });

  it('links subsidiaries to a visible parent and refuses cycles', async () => {
    const parent = await createClient(seller, { name: 'Parent Group' });
    const child = await createClient(seller, { name: 'Child Unit', parentClientId: parent.id });
    expect(child.parentClientName).toBe('Parent Group');
    const cycle = await seller.patch(`/api/v1/clients/${parent.id}`, { parentClientId: child.id });
    expect(cycle.statusCode).toBe(400);
    expect(cycle.data.error.details.fields[0].field).toBe('parentClientId');
    const hidden = await createClient(otherSeller, { name: 'Not Yours' });
    const invisibleParent = await seller.post('/api/v1/clients', {
      name: 'Orphan',
      parentClientId: hidden.id,
    });
    expect(invisibleParent.statusCode).toBe(400);
    const filtered = await seller.get(`/api/v1/clients?parentClientId=${parent.id}`);
    expect(filtered.data.items.map((item: { id: number }) => item.id)).toEqual([child.id]);
  });

  it('soft-deletes: managers may delete, sellers may not; the client disappears but keeps its history', async () => {
    const client = await createClient(seller, { name: 'Short Lived Ltd' });
    expect((await seller.delete(`/api/v1/clients/${client.id}`)).statusCode).toBe(403);
    expect((await manager.delete(`/api/v1/clients/${client.id}`)).statusCode).toBe(204);
    expect((await seller.get(`/api/v1/clients/${client.id}`)).statusCode).toBe(404);
    expect((await seller.get('/api/v1/clients?q=short lived')).data.items).toEqual([]);
    const row = await t.database.db
      .selectFrom('clients')
      .select('deleted_at')
      .where('id', '=', client.id)
      .executeTakeFirstOrThrow();
    expect(row.deleted_at).not.toBeNull();
    const audit = await t.database.db
      .selectFrom('audit_entries')
      .select('action')
      .where('entity_type', '=', 'client')
      .where('entity_id', '=', client.id)
      .execute();
    expect(audit.map((entry) => entry.action).sort()).toEqual(['create', 'delete']);
  });

  it('refuses to delete a client that still has contacts', async () => {
    const client = await createClient(seller, { name: 'Busy Client' });
    await seller.post('/api/v1/contacts', { clientId: client.id, lastName: 'Keeper' });
    const response = await manager.delete(`/api/v1/clients/${client.id}`);
    expect(response.statusCode).toBe(409);
    expect(response.data.error.details.contacts).toBe(1);
  });

  it('refuses to delete a shared client other firms use, counting only what the caller can see', async () => {
    const shared = await createClient(vendorRep, { name: 'Widely Used Corp' });
    await createClient(vendorRep, { name: 'Vendor Subsidiary', parentClientId: shared.id });
    const vendorContact = await vendorRep.post('/api/v1/contacts', {
      clientId: shared.id,
      lastName: 'Vendorside',
    });
    expect(vendorContact.statusCode, vendorContact.body).toBe(201);
    // What partners keep on the shared client: invisible to the vendor.
    for (const user of [seller, otherSeller]) {
      const contact = await user.post('/api/v1/contacts', { clientId: shared.id, lastName: 'Partnerside' });
      expect(contact.statusCode, contact.body).toBe(201);
      const child = await user.post('/api/v1/clients', {
        name: 'Partner Subsidiary',
        parentClientId: shared.id,
      });
      expect(child.statusCode, child.body).toBe(201);
    }
    const secretDeal = await seller.post('/api/v1/opportunities', {
      name: 'Quiet deal',
      clientId: shared.id,
      partnerPrivate: true,
    });
    expect(secretDeal.statusCode, secretDeal.body).toBe(201);
    expect((await vendorRep.get(`/api/v1/opportunities/${secretDeal.data.id}`)).statusCode).toBe(404);

    const refused = await vendorRep.delete(`/api/v1/clients/${shared.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.data.error.code).toBe('CONFLICT');
    expect(refused.data.error.details).toEqual({ contacts: 1, subsidiaries: 1, opportunities: 0 });
    expect(refused.data.error.message).toMatch(/1 contact.* 1 subsidiary/);
    expect(refused.data.error.message).not.toMatch(/[2-9]/);

    // With nothing visible left, still refused, and still nothing counted.
    const vendorChild = (await vendorRep.get(`/api/v1/clients?parentClientId=${shared.id}`)).data.items;
    expect(vendorChild).toHaveLength(1);
    expect((await vendorRep.delete(`/api/v1/clients/${vendorChild[0].id}`)).statusCode).toBe(204);
    expect((await vendorRep.delete(`/api/v1/contacts/${vendorContact.data.id}`)).statusCode).toBe(204);
    const stillRefused = await vendorRep.delete(`/api/v1/clients/${shared.id}`);
    expect(stillRefused.statusCode).toBe(409);
    expect(stillRefused.data.error.details).toEqual({ contacts: 0, subsidiaries: 0, opportunities: 0 });
    expect(stillRefused.data.error.message).not.toMatch(/\d/);
    expect((await vendorRep.get(`/api/v1/clients/${shared.id}`)).statusCode).toBe(200);

    // An administrator sees everything, so is told everything.
    const byAdmin = await admin.delete(`/api/v1/clients/${shared.id}`);
    expect(byAdmin.statusCode).toBe(409);
    expect(byAdmin.data.error.details).toEqual({ contacts: 2, subsidiaries: 2, opportunities: 1 });
  });
});
