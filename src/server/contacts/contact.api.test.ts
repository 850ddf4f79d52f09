import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestContext,
  engines,
  type TestContext,
  type TestUser,
} from '../../../test/support/test-app.ts';

describe.each(engines)('BPContacts on %s', (engine) => {
  let t: TestContext;
  let seller: TestUser;
  let colleague: TestUser;
  let manager: TestUser;
  let otherSeller: TestUser;
  let vendorRep: TestUser;
  let sharedClientId: number;
  let ownClientId: number;

  beforeAll(async () => {
    t = await createTestContext(engine);
    const vendor = await t.firm({ kind: 'vendor' });
    const partner = await t.firm();
    const otherPartner = await t.firm();
    seller = await t.user({ firm: partner, role: 'seller' });
    colleague = await t.user({ firm: partner, role: 'seller' });
    manager = await t.user({ firm: partner, role: 'manager' });
    otherSeller = await t.user({ firm: otherPartner, role: 'seller' });
    vendorRep = await t.user({ firm: vendor, role: 'vendor-rep' });
    sharedClientId = (await vendorRep.post('/api/v1/clients', { name: 'Shared Enterprise' })).data.id;
    ownClientId = (await seller.post('/api/v1/clients', { name: 'Own Account' })).data.id;
  });
  afterAll(() => t.close());

  it('adds a contact at a visible client, owned by the caller’s firm', async () => {
    const response = await seller.post('/api/v1/contacts', {
      clientId: sharedClientId,
      firstName: 'Ada',
      lastName: 'Quist',
      email: ' Ada.Quist@Shared.Example ',
      title: 'CIO',
    });
    expect(response.statusCode).toBe(201);
    expect(response.data).toMatchObject({
      clientName: 'Shared Enterprise',
      fullName: 'Ada Quist',
      email: 'ada.quist@shared.example',
      ownerFirmId: seller.firm.id,
      canEdit: true,
    });
    expect((await colleague.get(`/api/v1/contacts/${response.data.id}`)).statusCode).toBe(200);
    expect((await otherSeller.get(`/api/v1/contacts/${response.data.id}`)).statusCode).toBe(404);
    expect((await vendorRep.get(`/api/v1/contacts/${response.data.id}`)).statusCode).toBe(404);
  });

  it('refuses a contact at a client the caller cannot see, and a bad email, naming the fields', async () => {
    const hidden = (await otherSeller.post('/api/v1/clients', { name: 'Elsewhere' })).data.id;
    const response = await seller.post('/api/v1/contacts', { clientId: hidden, lastName: 'Nope' });
    expect(response.statusCode).toBe(400);
    expect(response.data.error.details.fields).toEqual([
      { field: 'clientId', message: 'must be a client you can see' },
    ]);
    const badEmail = await seller.post('/api/v1/contacts', {
      clientId: ownClientId,
      lastName: 'X',
      email: 'not-an-email',
    });
    expect(badEmail.statusCode).toBe(400);
    expect(badEmail.data.error.details.fields[0].field).toBe('email');
    const missing = await seller.post('/api/v1/contacts', { firstName: 'Only' });
    expect(missing.statusCode).toBe(400);
    expect(missing.data.error.details.fields.map((field: { field: string }) => field.field).sort()).toEqual([
      'clientId',
      'lastName',
    ]);
  });

  it('lists a client’s contacts, searches names, emails and the client name, and keeps other firms out', async () => {
    await seller.post('/api/v1/contacts', {
      clientId: ownClientId,
      firstName: 'Bert',
      lastName: 'Zyl',
      email: 'bert@own.example',
    });
    await otherSeller.post('/api/v1/contacts', {
      clientId: sharedClientId,
      firstName: 'Secret',
      lastName: 'Zyl',
      email: 'secret@shared.example',
    });
    const byClient = await seller.get(`/api/v1/contacts?clientId=${ownClientId}`);
    expect(byClient.data.items.map((item: { lastName: string }) => item.lastName)).toEqual(['Zyl']);
    const byName = await seller.get('/api/v1/contacts?q=zyl');
    expect(byName.data.items.map((item: { fullName: string }) => item.fullName)).toEqual(['Bert Zyl']);
    const byEmail = await seller.get('/api/v1/contacts?q=bert@own');
    expect(byEmail.data.items).toHaveLength(1);
    const byClientName = await seller.get('/api/v1/contacts?q=own account');
    expect(byClientName.data.items.map((item: { fullName: string }) => item.fullName)).toContain('Bert Zyl');
    const otherView = await otherSeller.get('/api/v1/contacts?q=zyl');
    expect(otherView.data.items.map((item: { fullName: string }) => item.fullName)).toEqual(['Secret Zyl']);
  });

  it('moves a contact to another visible client, audits it, and refuses stale versions', async () => {
    const contact = (await seller.post('/api/v1/contacts', { clientId: ownClientId, lastName: 'Mover' }))
      .data;
    const moved = await colleague.patch(
      `/api/v1/contacts/${contact.id}`,
      { clientId: sharedClientId },
      { 'if-match': '"1"' },
    );
    expect(moved.statusCode).toBe(200);
    expect(moved.data.clientName).toBe('Shared Enterprise');
    const stale = await seller.patch(
      `/api/v1/contacts/${contact.id}`,
      { title: 'CFO' },
      { 'if-match': '"1"' },
    );
    expect(stale.statusCode).toBe(409);
    expect((await seller.get(`/api/v1/contacts/${contact.id}`)).data.title).toBeNull();
    const changes = await seller.get(`/api/v1/contacts/${contact.id}/changes`);
    expect(changes.data.items[0]).toMatchObject({
      field: 'clientId',
      oldValue: ownClientId,
      newValue: sharedClientId,
      changedBy: { id: colleague.id },
    });
  });

  it('lets only the owning firm change a contact and only its managers delete it', async () => {
    const contact = (await seller.post('/api/v1/contacts', { clientId: sharedClientId, lastName: 'Kept' }))
      .data;
    expect((await otherSeller.patch(`/api/v1/contacts/${contact.id}`, { title: 'x' })).statusCode).toBe(404);
    expect((await seller.delete(`/api/v1/contacts/${contact.id}`)).statusCode).toBe(403);
    expect((await manager.delete(`/api/v1/contacts/${contact.id}`)).statusCode).toBe(204);
    expect((await seller.get(`/api/v1/contacts/${contact.id}`)).statusCode).toBe(404);
  });
});
