import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestContext,
  engines,
  type TestContext,
  type TestUser,
  testPassword,
} from '../../../test/support/test-app.ts';

/**
 * When someone last signed in is shown to an administrator, to a manager for the manager's own
 * firm and to each person for themself (core maySeeSignInActivity); others who work with them see
 * who they are, not when they were last here.
 */
describe.each(engines)('who sees when a user last signed in, on %s', (engine) => {
  let t: TestContext;
  let seller: TestUser;
  let colleague: TestUser;
  let manager: TestUser;
  let vendorRep: TestUser;
  let admin: TestUser;

  async function signInOnce(user: TestUser) {
    const login = await t.request({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: user.email, password: testPassword },
    });
    expect(login.statusCode, login.body).toBe(200);
  }

  async function lastSignInSeenBy(viewer: TestUser, subject: TestUser) {
    const response = await viewer.get(`/api/v1/users/${subject.id}`);
    expect(response.statusCode, response.body).toBe(200);
    return response.data.lastLoginAt as string | null;
  }

  beforeAll(async () => {
    t = await createTestContext(engine);
    const partner = await t.firm();
    const vendor = await t.firm({ kind: 'vendor' });
    seller = await t.user({ firm: partner, role: 'seller' });
    colleague = await t.user({ firm: partner, role: 'seller' });
    manager = await t.user({ firm: partner, role: 'manager' });
    vendorRep = await t.user({ firm: vendor, role: 'vendor-rep' });
    admin = await t.user({ firm: vendor, role: 'admin' });
    for (const user of [seller, colleague, manager, vendorRep]) await signInOnce(user);
  });
  afterAll(() => t.close());

  it('an administrator, the firm’s manager and the person see it', async () => {
    expect(await lastSignInSeenBy(admin, seller)).toEqual(expect.any(String));
    expect(await lastSignInSeenBy(manager, seller)).toEqual(expect.any(String));
    expect(await lastSignInSeenBy(seller, seller)).toEqual(expect.any(String));
  });

  it('a colleague, another firm’s staff and a vendor rep do not, in the list either', async () => {
    expect(await lastSignInSeenBy(colleague, seller)).toBeNull();
    expect(await lastSignInSeenBy(seller, vendorRep)).toBeNull();
    expect(await lastSignInSeenBy(vendorRep, seller)).toBeNull();
    expect(await lastSignInSeenBy(manager, vendorRep)).toBeNull();
    const listed = await seller.get('/api/v1/users?limit=200');
    expect(listed.statusCode, listed.body).toBe(200);
    const others = (listed.data.items as { id: number; lastLoginAt: string | null }[]).filter(
      (user) => user.id !== seller.id,
    );
    expect(others.length).toBeGreaterThan(0);
    expect(others.every((user) => user.lastLoginAt === null)).toBe(true);
  });
});
