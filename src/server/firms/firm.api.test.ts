import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestContext,
  engines,
  type TestContext,
  type TestFirm,
  type TestUser,
} from '../../../test/support/test-app.ts';

describe.each(engines)('firms and users on %s', (engine) => {
  let t: TestContext;
  let vendor: TestFirm;
  let reseller: TestFirm;
  let distributor: TestFirm;
  let admin: TestUser;
  let seller: TestUser;
  let manager: TestUser;
  let distributorSeller: TestUser;
  let vendorRep: TestUser;

  beforeAll(async () => {
    t = await createTestContext(engine);
    vendor = await t.firm({ kind: 'vendor' });
    reseller = await t.firm({ name: 'Reseller One' });
    distributor = await t.firm({ name: 'Distri Two', isDistributor: true });
    await t.firm({ name: 'Reseller Three' });
    admin = await t.user({ firm: vendor, role: 'admin' });
    vendorRep = await t.user({ firm: vendor, role: 'vendor-rep' });
    seller = await t.user({ firm: reseller, role: 'seller' });
    manager = await t.user({ firm: reseller, role: 'manager' });
    distributorSeller = await t.user({ firm: distributor, role: 'seller' });
  });
  afterAll(() => t.close());

  const names = (response: { data: { items: { name: string }[] } }) =>
    response.data.items.map((item) => item.name);

  it('lists the firms each caller may work with', async () => {
    expect(names(await seller.get('/api/v1/firms'))).toEqual(['Distri Two', 'Reseller One']);
    expect(names(await distributorSeller.get('/api/v1/firms'))).toEqual([
      'Distri Two',
      'Reseller One',
      'Reseller Three',
    ]);
    expect(names(await vendorRep.get('/api/v1/firms'))).toHaveLength(4);
    expect((await seller.get(`/api/v1/firms/${vendor.id}`)).statusCode).toBe(404);
  });

  it('lets admins create firms and users, and nobody else', async () => {
    const firm = await admin.post('/api/v1/firms', {
      name: 'New Partner',
      kind: 'partner',
      distributorFirmId: distributor.id,
    });
    expect(firm.statusCode).toBe(201);
    expect(firm.data).toMatchObject({ kind: 'partner', isEligible: true, distributorFirmId: distributor.id });
    expect((await manager.post('/api/v1/firms', { name: 'Sneaky', kind: 'partner' })).statusCode).toBe(403);
    const duplicate = await admin.post('/api/v1/firms', { name: 'New Partner', kind: 'partner' });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.data.error.details.fields[0].field).toBe('name');
    const notDistributor = await admin.post('/api/v1/firms', {
      name: 'Bad Link',
      kind: 'partner',
      distributorFirmId: reseller.id,
    });
    expect(notDistributor.statusCode).toBe(400);
    expect((await admin.post('/api/v1/firms', { name: 'Second Vendor', kind: 'vendor' })).statusCode).toBe(
      409,
    );

    const user = await admin.post('/api/v1/users', {
      email: 'New.Seller@Example.test',
      name: 'New Seller',
      role: 'seller',
      firmId: firm.data.id,
      password: 'a long enough password',
    });
    expect(user.statusCode).toBe(201);
    expect(user.data).toMatchObject({ email: 'new.seller@example.test', firmName: 'New Partner' });
    const login = await t.request({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: 'new.seller@example.test', password: 'a long enough password' },
    });
    expect(login.statusCode).toBe(200);
    const wrongRole = await admin.post('/api/v1/users', {
      email: 'rep@example.test',
      name: 'Rep',
      role: 'vendor-rep',
      firmId: firm.data.id,
      password: 'a long enough password',
    });
    expect(wrongRole.statusCode).toBe(400);
    expect(wrongRole.data.error.details.fields[0].field).toBe('role');
    const weak = await admin.post('/api/v1/users', {
      email: 'w@example.test',
      name: 'W',
      role: 'seller',
      firmId: firm.data.id,
      password: 'short',
    });
    expect(weak.statusCode).toBe(400);
    expect(weak.data.error.details.fields[0].field).toBe('password');
    expect(
      (
        await seller.post('/api/v1/users', {
          email: 'x@example.test',
          name: 'X',
          role: 'admin',
          firmId: vendor.id,
          password: 'a long enough password',
        })
      ).statusCode,
    ).toBe(403);
  });

  it('makes an ineligible firm visible as such, and ends a deactivated user’s access', async () => {
    const firm = (
      await admin.post('/api/v1/firms', { name: 'Lapsed Partner', kind: 'partner', isAuthorized: false })
    ).data;
    expect(firm.isEligible).toBe(false);
    const restored = await admin.patch(
      `/api/v1/firms/${firm.id}`,
      { isAuthorized: true },
      { 'if-match': '"1"' },
    );
    expect(restored.data).toMatchObject({ isEligible: true, version: 2 });
    const stale = await admin.patch(
      `/api/v1/firms/${firm.id}`,
      { isAuthorized: false },
      { 'if-match': '"1"' },
    );
    expect(stale.statusCode).toBe(409);
    const leaver = await t.user({ firm: reseller, role: 'seller' });
    const deactivated = await admin.patch(`/api/v1/users/${leaver.id}`, { isActive: false });
    expect(deactivated.data.isActive).toBe(false);
    expect((await leaver.get('/api/v1/me')).statusCode).toBe(401);
  });

  it('lists people a partner may pick: its own firm, its distributors and the vendor, never other resellers', async () => {
    const other = await t.firm({ name: 'Competitor' });
    await t.user({ firm: other, role: 'seller', name: 'Competitor Person' });
    const people = await seller.get('/api/v1/users?limit=200');
    const firms = new Set(people.data.items.map((item: { firmName: string }) => item.firmName));
    expect(firms.has('Competitor')).toBe(false);
    expect(firms.has('Reseller One')).toBe(true);
    const filtered = await seller.get(`/api/v1/users?firmId=${other.id}`);
    expect(filtered.data.items).toEqual([]);
  });
});
